/**
 * An allow-list HTML sanitiser for notice bodies (irm-reference §6: a notice body may be HTML, and
 * the sample is a whole `<!DOCTYPE html><html><body>…` document). It is written here rather than
 * taken from a package because core imports zod only, and because what a notice needs is small:
 * formatting, lists, tables, links and pictures, nothing that runs.
 *
 * Why a tokenizer and not a DOM: core has no DOM. Safety does not rest on parsing every corner of
 * HTML the way a browser does; it rests on the output being *rebuilt* from scratch. Every tag that
 * comes out is one of ALLOWED_TAGS, written by us with only allow-listed attributes whose values
 * are re-escaped; everything else is text, re-escaped. So markup the tokenizer misreads can only
 * turn into harmless text or be dropped, never into a live tag or attribute.
 *
 * - Dropped with their content: script, style, iframe, object, embed, form and the like
 *   (DROP_WITH_CONTENT), the document head, comments, doctype and processing instructions.
 * - Dropped, content kept: every other tag not allowed (html, body, font, center …).
 * - Attributes: only those listed per tag; every `on*` handler, `style`, `class` … is dropped.
 * - URLs: `a href` must be http, https or mailto; `img src` must be https. The value is
 *   entity-decoded and stripped of whitespace and control characters first (what browsers do),
 *   so `&#106;avascript:` or `java\tscript:` are recognised and dropped.
 * - Both quote styles and unquoted attribute values are read; output always uses single quotes,
 *   the style irm-reference §6 asks for in notice templates (`<a href='https://…'>`).
 * - Tags are balanced: a stray end tag is dropped and open elements are closed at the end, so a
 *   broken body cannot leave a tag open in the mail client.
 *
 * The result is stable: sanitising it again gives the same text.
 */

export interface SanitizedHtml {
  readonly html: string;
  /** What was removed, for telling the author: tag names (`<script>`), attributes (`onclick`), `unsafe URL`. Sorted, unique. */
  readonly removed: readonly string[];
}

const ALLOWED_TAGS: ReadonlySet<string> = new Set([
  'p', 'br', 'div', 'span', 'b', 'strong', 'i', 'em', 'u', 'ul', 'ol', 'li', 'h1', 'h2', 'h3', 'h4',
  'table', 'thead', 'tbody', 'tr', 'td', 'th', 'a', 'img',
]);

const VOID_TAGS: ReadonlySet<string> = new Set(['br', 'img']);

/** Elements whose whole content goes with them: code, embedded documents, forms, the head. */
const DROP_WITH_CONTENT: ReadonlySet<string> = new Set([
  'script', 'style', 'iframe', 'object', 'embed', 'form', 'applet', 'frame', 'frameset', 'noframes', 'noscript',
  'noembed', 'template', 'textarea', 'select', 'xmp', 'plaintext', 'title', 'head', 'svg', 'math', 'button',
]);

const ALIGN_VALUES: ReadonlySet<string> = new Set(['left', 'right', 'center', 'justify']);

type AttributeRule = (value: string) => string | undefined;

const plainText: AttributeRule = (value) => value;
const align: AttributeRule = (value) => (ALIGN_VALUES.has(value.trim().toLowerCase()) ? value.trim().toLowerCase() : undefined);
const dimension: AttributeRule = (value) => (/^\d{1,4}%?$/.test(value.trim()) ? value.trim() : undefined);
const span: AttributeRule = (value) => (/^\d{1,3}$/.test(value.trim()) ? value.trim() : undefined);

/** C0 controls and space, DEL and C1 controls. */
function isSpaceOrControl(code: number): boolean {
  return code <= 0x20 || (code >= 0x7f && code <= 0x9f);
}

function urlWithScheme(schemes: readonly string[]): AttributeRule {
  return (value) => {
    // Browsers ignore whitespace and control characters inside a URL's scheme: `java\nscript:`.
    const compact = [...value].filter((ch) => !isSpaceOrControl(ch.charCodeAt(0))).join('');
    const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(compact)?.[1]?.toLowerCase();
    return scheme !== undefined && schemes.includes(scheme) ? value.trim() : undefined;
  };
}

const ATTRIBUTES: Readonly<Record<string, Readonly<Record<string, AttributeRule>>>> = {
  a: { href: urlWithScheme(['http', 'https', 'mailto']), title: plainText },
  img: { src: urlWithScheme(['https']), alt: plainText, title: plainText, width: dimension, height: dimension },
  td: { colspan: span, rowspan: span, align },
  th: { colspan: span, rowspan: span, align },
  p: { align },
  div: { align },
  table: { width: dimension },
};

/** Attributes without which the element makes no sense; without them the tag is dropped (its text kept). */
const REQUIRED_ATTRIBUTE: Readonly<Record<string, string>> = { img: 'src' };

const NAMED_ENTITIES: Readonly<Record<string, string>> = {
  amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0', copy: '\u00a9', reg: '\u00ae', trade: '\u2122',
  hellip: '\u2026', mdash: '\u2014', ndash: '\u2013', lsquo: '\u2018', rsquo: '\u2019', ldquo: '\u201c', rdquo: '\u201d',
  euro: '\u20ac', pound: '\u00a3', bull: '\u2022', colon: ':', tab: '\t', newline: '\n',
};

/** Decodes character references: named (a common subset), decimal and hex, with or without the `;`. */
export function decodeEntities(text: string): string {
  return text.replace(/&(#[xX][0-9a-fA-F]+|#\d+|[a-zA-Z][a-zA-Z0-9]*);?/g, (whole, body: string) => {
    if (body.startsWith('#')) {
      const code = body[1] === 'x' || body[1] === 'X' ? Number.parseInt(body.slice(2), 16) : Number.parseInt(body.slice(1), 10);
      // NUL, surrogates and out-of-range points become the replacement character, as in browsers.
      if (!Number.isFinite(code) || code === 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return '\ufffd';
      return String.fromCodePoint(code);
    }
    const named = NAMED_ENTITIES[body.toLowerCase()];
    return named ?? whole;
  });
}

function escapeText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function escapeAttribute(text: string): string {
  return escapeText(text).replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

interface ParsedTag {
  readonly name: string;
  readonly closing: boolean;
  readonly attributes: readonly (readonly [string, string])[];
  /** Index just after the tag's `>`. */
  readonly end: number;
}

/** Reads the tag starting at `start` (which is `<`); undefined when no tag is there (or it never ends). */
function readTag(html: string, start: number): ParsedTag | undefined {
  let i = start + 1;
  const closing = html[i] === '/';
  if (closing) i++;
  const nameMatch = /^[a-zA-Z][a-zA-Z0-9:-]*/.exec(html.slice(i, i + 64));
  if (nameMatch === null) return undefined;
  const name = nameMatch[0].toLowerCase();
  i += nameMatch[0].length;
  const attributes: [string, string][] = [];
  while (i < html.length) {
    const ch = html[i];
    if (ch === '>') return { name, closing, attributes, end: i + 1 };
    if (/[\s/]/.test(ch)) {
      i++;
      continue;
    }
    let nameEnd = i;
    while (nameEnd < html.length && !/[\s/>=]/.test(html[nameEnd])) nameEnd++;
    // `=` first (`<a =x>`) still advances: the name is empty and the value is read and ignored.
    const attributeName = html.slice(i, nameEnd).toLowerCase();
    i = nameEnd;
    while (i < html.length && /\s/.test(html[i])) i++;
    let value = '';
    if (html[i] === '=') {
      i++;
      while (i < html.length && /\s/.test(html[i])) i++;
      const quote = html[i];
      if (quote === '"' || quote === "'") {
        const close = html.indexOf(quote, i + 1);
        if (close < 0) return undefined;
        value = html.slice(i + 1, close);
        i = close + 1;
      } else {
        let valueEnd = i;
        while (valueEnd < html.length && !/[\s>]/.test(html[valueEnd])) valueEnd++;
        value = html.slice(i, valueEnd);
        i = valueEnd;
      }
    }
    if (attributeName !== '') attributes.push([attributeName, decodeEntities(value)]);
  }
  return undefined;
}

/** Index after the end tag `</name…>` (case-insensitive), or the end of the text when it never closes. */
function skipElement(html: string, from: number, name: string): number {
  const pattern = new RegExp(`</${name}[\\s/>]`, 'ig');
  pattern.lastIndex = from;
  const match = pattern.exec(html);
  if (match === null) return html.length;
  const close = html.indexOf('>', match.index);
  return close < 0 ? html.length : close + 1;
}

export function sanitizeHtml(input: string): SanitizedHtml {
  const html = input.replace(/\r\n?/g, '\n');
  const removed = new Set<string>();
  const open: string[] = [];
  let out = '';
  let i = 0;
  while (i < html.length) {
    const lt = html.indexOf('<', i);
    if (lt < 0) {
      out += escapeText(decodeEntities(html.slice(i)));
      break;
    }
    out += escapeText(decodeEntities(html.slice(i, lt)));
    i = lt;
    if (html.startsWith('<!--', i)) {
      const close = html.indexOf('-->', i + 4);
      i = close < 0 ? html.length : close + 3;
      continue;
    }
    if (html[i + 1] === '!' || html[i + 1] === '?') {
      const close = html.indexOf('>', i);
      i = close < 0 ? html.length : close + 1;
      continue;
    }
    const tag = readTag(html, i);
    if (tag === undefined) {
      // A `<` that starts no tag is text; an unterminated tag at the end is dropped, as browsers do.
      const looksLikeTag = /^<\/?[a-zA-Z]/.test(html.slice(i, i + 3));
      if (looksLikeTag) {
        removed.add('unterminated tag');
        break;
      }
      out += '&lt;';
      i++;
      continue;
    }
    i = tag.end;
    if (DROP_WITH_CONTENT.has(tag.name)) {
      if (!tag.closing) {
        removed.add(`<${tag.name}>`);
        i = skipElement(html, i, tag.name);
      }
      continue;
    }
    if (!ALLOWED_TAGS.has(tag.name)) {
      if (!['html', 'body'].includes(tag.name)) removed.add(`<${tag.name}>`);
      continue;
    }
    if (tag.closing) {
      const at = open.lastIndexOf(tag.name);
      if (at < 0) continue;
      while (open.length > at) out += `</${open.pop() ?? ''}>`;
      continue;
    }
    const rules = ATTRIBUTES[tag.name] ?? {};
    const kept = new Map<string, string>();
    for (const [name, value] of tag.attributes) {
      const rule = Object.prototype.hasOwnProperty.call(rules, name) ? rules[name] : undefined;
      if (rule === undefined) {
        removed.add(name);
        continue;
      }
      const checked = rule(value);
      if (checked === undefined) removed.add(name === 'href' || name === 'src' ? 'unsafe URL' : name);
      else if (!kept.has(name)) kept.set(name, checked);
    }
    const required = REQUIRED_ATTRIBUTE[tag.name];
    if (required !== undefined && !kept.has(required)) {
      removed.add(`<${tag.name}>`);
      continue;
    }
    out += `<${tag.name}${[...kept].map(([name, value]) => ` ${name}='${escapeAttribute(value)}'`).join('')}>`;
    if (!VOID_TAGS.has(tag.name)) open.push(tag.name);
  }
  while (open.length > 0) out += `</${open.pop() ?? ''}>`;
  return { html: out.trim(), removed: [...removed].sort() };
}
