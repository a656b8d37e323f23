import { htmlToTeamsMarkdown } from '../../../../../flows/connectors/teams/html-to-teams-markdown';

describe('htmlToTeamsMarkdown', () => {
  it('turns paragraphs, line breaks, bold, italics and links into Teams markdown', () => {
    const html = '<p>Hello <strong>Ann</strong>,</p><p>please <em>review</em> <a href="https://contoso.example/cases/42">the case</a>.<br>Thanks</p>';
    expect(htmlToTeamsMarkdown(html)).toBe('Hello **Ann**,\n\nplease _review_ [the case](https://contoso.example/cases/42).\nThanks');
  });

  it('writes bulleted and numbered lists, nested ones indented', () => {
    const html = '<ul><li>one</li><li>two<ul><li>inner</li></ul></li></ul><ol><li>first</li><li>second</li></ol><p>after</p>';
    expect(htmlToTeamsMarkdown(html)).toBe('- one\n- two\n  - inner\n\n1. first\n2. second\n\nafter');
  });

  it('keeps paragraphs inside list items on the item line', () => {
    expect(htmlToTeamsMarkdown('<ul><li><p>first</p><p>more</p></li><li><div>second</div></li></ul>')).toBe('- first more\n- second');
  });

  it('drops script and style content and every other tag with its attributes', () => {
    const html = '<p onclick="x()">Hi<script>alert(1)</script><style>p{color:red}</style> <span style="font-size: 16px">there</span><img src="x" onerror="alert(2)"><iframe src="https://evil.example">framed</iframe></p>';
    const md = htmlToTeamsMarkdown(html);
    expect(md).toBe('Hi there');
  });

  it('keeps escaped markup as text that cannot become markup again', () => {
    const md = htmlToTeamsMarkdown('<p>&lt;script&gt;alert(1)&lt;/script&gt; &amp;amp; 5*3 = a_b [x]</p>');
    expect(md).not.toMatch(/<[a-z/]/i);
    expect(md).toBe('&lt;script>alert(1)&lt;/script> &amp;amp; 5\\*3 = a\\_b \\[x\\]');
  });

  it('makes links that are not web or mail links plain text', () => {
    expect(htmlToTeamsMarkdown('<a href="javascript:alert(1)">click</a> <a href="data:text/html,x">data</a>')).toBe('click data');
    expect(htmlToTeamsMarkdown('<a href="mailto:hr@contoso.com">HR</a>')).toBe('[HR](mailto:hr@contoso.com)');
  });

  it('percent-encodes characters that would break out of a link target', () => {
    expect(htmlToTeamsMarkdown('<a href="https://x.example/a_(b) c">x</a>')).toBe('[x](https://x.example/a_%28b%29%20c)');
  });

  it('shows a link whose text is its address once', () => {
    expect(htmlToTeamsMarkdown('<a href="https://x.example/">https://x.example/</a>')).toBe('https://x.example/');
  });

  it('drops empty emphasis and moves spaces outside the marks', () => {
    expect(htmlToTeamsMarkdown('<b></b>a<i> b </i>c')).toBe('a _b_ c');
  });

  it('closes emphasis left open at the end', () => {
    expect(htmlToTeamsMarkdown('<p>note <b>important')).toBe('note **important**');
  });

  it('reads the rich-text HTML Power Automate exports (br, spans, entities)', () => {
    const html = '<p>There has been a request for help on the <b>Contoso</b> board.<br>\n<br>\n<span style="font-size: 16px"></span><span style="font-size: 16px">Task:&nbsp;Fix &quot;login&quot;</span></p>';
    expect(htmlToTeamsMarkdown(html)).toBe('There has been a request for help on the **Contoso** board.\n\nTask: Fix "login"');
  });

  it('keeps the line breaks of a plain-text message and escapes it', () => {
    expect(htmlToTeamsMarkdown('Line one\nLine *two*\r\nA < B & C')).toBe('Line one\nLine \\*two\\*\nA < B & C');
  });

  it('turns headings into bold paragraphs', () => {
    expect(htmlToTeamsMarkdown('<h2>New alert</h2><div>High severity</div>')).toBe('**New alert**\n\nHigh severity');
  });
});
