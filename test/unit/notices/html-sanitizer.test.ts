import { decodeEntities, sanitizeHtml } from '../../../core/notices/html-sanitizer';

const clean = (html: string): string => sanitizeHtml(html).html;

/** No live tag other than the allowed ones, no handler attribute, no script URL in what comes out. */
function expectInert(output: string): void {
  expect(output).not.toMatch(/<\s*\/?\s*(script|style|iframe|object|embed|form|svg|math|base|meta|link)\b/i);
  expect(output).not.toMatch(/\son[a-z]+\s*=/i);
  expect(output).not.toMatch(/(href|src)\s*=\s*['"]?\s*(javascript|data|vbscript):/i);
  for (const tag of output.match(/<\/?([a-z0-9]+)/gi) ?? []) {
    expect(['p', 'br', 'div', 'span', 'b', 'strong', 'i', 'em', 'u', 'ul', 'ol', 'li', 'h1', 'h2', 'h3', 'h4', 'table', 'thead', 'tbody', 'tr', 'td', 'th', 'a', 'img']).toContain(tag.replace(/[</]/g, '').toLowerCase());
  }
}

describe('the notice HTML sanitiser', () => {
  it('keeps formatting, lists, tables and safe links and pictures, in single-quoted attributes', () => {
    const body =
      "<h2>Reminder</h2><p align='center'>Please <b>read</b> <em>the</em> <u>policy</u>:</p>" +
      '<ul><li>one</li><li>two</li></ul><table><tbody><tr><td colspan="2">cell</td></tr></tbody></table>' +
      '<a href="https://contoso.sharepoint.com/policy">policy</a> <a href=\'mailto:hr@contoso.com\'>HR</a> <img src="https://contoso.com/logo.png" alt="logo">';
    expect(clean(body)).toBe(
      "<h2>Reminder</h2><p align='center'>Please <b>read</b> <em>the</em> <u>policy</u>:</p>" +
        "<ul><li>one</li><li>two</li></ul><table><tbody><tr><td colspan='2'>cell</td></tr></tbody></table>" +
        "<a href='https://contoso.sharepoint.com/policy'>policy</a> <a href='mailto:hr@contoso.com'>HR</a> <img src='https://contoso.com/logo.png' alt='logo'>",
    );
    expect(sanitizeHtml(body).removed).toEqual([]);
  });

  it('unwraps a whole document (the reference sample shape) and drops its head', () => {
    const doc = '<!DOCTYPE html><html><head><title>Secret title</title><style>p{color:red}</style></head><body><p>Hello</p><!-- note --></body></html>';
    expect(clean(doc)).toBe('<p>Hello</p>');
  });

  it.each([
    ['script element', '<p>hi</p><script>alert(1)</script>', '<p>hi</p>'],
    ['mixed-case script', '<ScRiPt>alert(1)</sCrIpT>ok', 'ok'],
    ['script with attributes and spaced end tag', '<script type="text/javascript">alert(1)</script >ok', 'ok'],
    ['nested split tag: the leftovers are inert text', '<scr<script>ipt>alert(1)</script>', 'ipt&gt;alert(1)'],
    ['event handler', '<img src="https://x.test/a.png" onerror="alert(1)">', "<img src='https://x.test/a.png'>"],
    ['handler on allowed tag, unquoted', '<b onmouseover=alert(1)>bold</b>', '<b>bold</b>'],
    ['javascript: href', '<a href="javascript:alert(1)">x</a>', '<a>x</a>'],
    ['mixed-case, spaced javascript: href', "<a href=' JaVaScRiPt:alert(1)'>x</a>", '<a>x</a>'],
    ['entity-encoded javascript: href', '<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)">x</a>', '<a>x</a>'],
    ['hex entities without semicolons', '<a href="&#x6A&#x61&#x76&#x61&#x73&#x63&#x72&#x69&#x70&#x74&#x3A;alert(1)">x</a>', '<a>x</a>'],
    ['tab inside the scheme', '<a href="jav&#x09;ascript:alert(1)">x</a>', '<a>x</a>'],
    ['named-entity colon', '<a href="javascript&colon;alert(1)">x</a>', '<a>x</a>'],
    ['data: URL', '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>', '<a>x</a>'],
    ['data: image', '<img src="data:image/png;base64,AAAA">', ''],
    ['http image (https only)', '<img src="http://x.test/a.png">', ''],
    ['unquoted attribute value', '<a href=https://contoso.com/a title=Policy>x</a>', "<a href='https://contoso.com/a' title='Policy'>x</a>"],
    ['slash as attribute separator', '<img/src="https://x.test/a.png"/onerror=alert(1)>', "<img src='https://x.test/a.png'>"],
    ['iframe', '<iframe src="https://evil.test"></iframe>after', 'after'],
    ['object and embed', '<object data="x.swf"><embed src="x.swf"></object>after', 'after'],
    ['form', '<form action="https://evil.test"><input name="pw"></form>after', 'after'],
    ['svg with script', '<svg onload=alert(1)><script>alert(1)</script></svg>after', 'after'],
    ['style attribute', '<p style="background:url(javascript:alert(1))">x</p>', '<p>x</p>'],
    ['unknown tag keeps its text', '<font color="red">red</font>', 'red'],
    ['escaped markup stays text', '&lt;script&gt;alert(1)&lt;/script&gt;', '&lt;script&gt;alert(1)&lt;/script&gt;'],
    ['bare less-than', '1 < 2 & 3 > 2', '1 &lt; 2 &amp; 3 &gt; 2'],
    ['unterminated tag at the end', '<p>ok</p><img src="https://x.test/a.png" onerror="alert(1)"', '<p>ok</p>'],
    ['unterminated quote', "<a href='https://x.test>text", ''],
    ['unclosed elements are closed', '<b><i>text', '<b><i>text</i></b>'],
    ['stray and misnested end tags', '</div><b><i>x</b></i>', '<b><i>x</i></b>'],
    ['quotes in attribute values are escaped', `<a title='say "hi"' href="https://x.test/?a=1&amp;b=2">x</a>`, "<a title='say &quot;hi&quot;' href='https://x.test/?a=1&amp;b=2'>x</a>"],
    ['comment hiding a script', '<!--<script>alert(1)</script>-->ok', 'ok'],
    ['conditional comment', '<!--[if IE]><script>alert(1)</script><![endif]-->ok', 'ok'],
    ['meta refresh and base', '<meta http-equiv="refresh" content="0;url=javascript:alert(1)"><base href="javascript:alert(1)//">ok', 'ok'],
  ])('%s', (_name, input, expected) => {
    const output = clean(input);
    expect(output).toBe(expected);
    expectInert(output);
  });

  it('says what it removed', () => {
    expect(sanitizeHtml('<p onclick="x()">a</p><script>b</script><a href="javascript:c">d</a>').removed).toEqual(['<script>', 'onclick', 'unsafe URL']);
  });

  it('is stable: sanitising its output again changes nothing', () => {
    const inputs = [
      "<p>Tom &amp; Jerry &lt;3 &nbsp; &copy; &unknown; <a href='https://x.test/?q=\"a\"'>q</a></p>",
      '<b><i>open',
      '<table><tr><td>1</td></tr></table>',
      '&#0; &#xD800; &#1114112;',
    ];
    for (const input of inputs) {
      const once = clean(input);
      expect(clean(once)).toBe(once);
      expectInert(once);
    }
  });

  it('decodes numeric and named references, and replaces invalid code points', () => {
    expect(decodeEntities('&#65;&#x42;&lt;&AMP;&nbsp;&#0;&bogus;')).toBe('AB<&\u00a0\ufffd&bogus;');
  });
});
