/**
 * The Teams connector's `messageBody` is HTML (the designer's rich-text box writes `<p>`, `<br>`,
 * `<strong>`, `<a href>`, lists, and pasted `<span style>` noise). The bot posts Teams markdown
 * text, so the subset people write becomes markdown and every other tag is dropped with its
 * attributes; what scripts and styles contain is dropped too. Text is escaped so that nothing a
 * flow interpolates can turn into markup: markdown characters get a backslash, and a `<` or `&`
 * that could start a tag or an entity is written as an entity.
 *
 * A message without any tag is plain text (a hand-written template): its line breaks are kept.
 */
export function htmlToTeamsMarkdown(html: string): string {
  if (!TAG_LIKE.test(html)) return tidy(html.split(/\r?\n/).map((line) => escapeText(line)).join('\n'));
  return tidy(new Converter().convert(html));
}

const TAG_LIKE = /<\/?[a-zA-Z][^>]*>|<!--/;
const TOKEN = /<!--[\s\S]*?(?:-->|$)|<(\/?)([a-zA-Z][a-zA-Z0-9:-]*)((?:"[^"]*"|'[^']*'|[^'">])*)>|<![^>]*>|<\?[^>]*>/g;

/** Elements whose content is never text a reader should see. */
const DROP_CONTENT = new Set(['script', 'style', 'head', 'title', 'template', 'noscript', 'iframe', 'object', 'embed', 'svg', 'math', 'textarea', 'select']);
const BLOCKS = new Set(['p', 'div', 'section', 'article', 'header', 'footer', 'blockquote', 'pre', 'table', 'thead', 'tbody', 'tfoot', 'figure', 'address', 'hr']);
const HEADINGS = new Set(['h1', 'h2', 'h3', 'h4', 'h5', 'h6']);
const VOID = new Set(['br', 'hr', 'img', 'input', 'meta', 'link', 'wbr', 'col', 'area', 'base', 'source', 'track']);

interface OpenMark {
  readonly tag: string;
  /** Where the opening mark was written, to take it back when nothing followed. */
  readonly at: number;
  readonly mark: string;
  readonly href?: string;
}

class Converter {
  private out = '';
  private readonly marks: OpenMark[] = [];
  private readonly lists: { ordered: boolean; next: number }[] = [];
  private dropping: string | undefined;
  private dropDepth = 0;

  convert(html: string): string {
    let last = 0;
    for (const match of html.matchAll(TOKEN)) {
      this.text(html.slice(last, match.index));
      last = match.index + match[0].length;
      const name = match[2]?.toLowerCase();
      if (name === undefined) continue; // comment, doctype, processing instruction
      if (match[1] === '/') this.close(name);
      else this.open(name, match[3] ?? '', /\/\s*$/.test(match[3] ?? ''));
    }
    this.text(html.slice(last));
    // Whatever was left open ends with the message.
    this.closeFrom(0);
    return this.out;
  }

  private open(tag: string, attributes: string, selfClosing: boolean): void {
    if (this.dropping !== undefined) {
      if (tag === this.dropping && !selfClosing) this.dropDepth++;
      return;
    }
    if (DROP_CONTENT.has(tag)) {
      if (!selfClosing && !VOID.has(tag)) {
        this.dropping = tag;
        this.dropDepth = 1;
      }
      return;
    }
    if (tag === 'br') return this.write('\n');
    if (BLOCKS.has(tag)) return this.paragraph();
    if (HEADINGS.has(tag)) {
      this.paragraph();
      return this.mark(tag, '**');
    }
    if (tag === 'tr') return this.lineBreak();
    if (tag === 'td' || tag === 'th') return this.write(' ');
    if (tag === 'ul' || tag === 'ol') {
      if (this.lists.length === 0) this.paragraph();
      this.lists.push({ ordered: tag === 'ol', next: 1 });
      return;
    }
    if (tag === 'li') return this.listItem();
    if (tag === 'b' || tag === 'strong') return this.mark(tag, '**');
    if (tag === 'i' || tag === 'em') return this.mark(tag, '_');
    if (tag === 'a') {
      const href = safeHref(attribute(attributes, 'href'));
      if (href !== undefined) this.marks.push({ tag, at: this.out.length, mark: '', href });
    }
  }

  private close(tag: string): void {
    if (this.dropping !== undefined) {
      if (tag === this.dropping && --this.dropDepth === 0) this.dropping = undefined;
      return;
    }
    if (BLOCKS.has(tag)) return this.paragraph();
    if (HEADINGS.has(tag)) {
      this.closeMark(tag);
      return this.paragraph();
    }
    if (tag === 'ul' || tag === 'ol') {
      this.lists.pop();
      if (this.lists.length === 0) this.paragraph();
      return;
    }
    if (tag === 'b' || tag === 'strong' || tag === 'i' || tag === 'em' || tag === 'a') this.closeMark(tag);
  }

  private text(raw: string): void {
    if (this.dropping !== undefined || raw === '') return;
    const collapsed = decodeEntities(raw).replace(/[ \t\n\r\f\u00a0]+/g, ' ');
    const atLineStart = this.out === '' || this.out.endsWith('\n') || this.out.endsWith(' ');
    this.write(escapeText(atLineStart ? collapsed.replace(/^ /, '') : collapsed));
  }

  private mark(tag: string, mark: string): void {
    this.marks.push({ tag, at: this.out.length, mark });
    this.write(mark);
  }

  /** Closes the innermost open `tag` (and, as browsers do, whatever was left open inside it). */
  private closeMark(tag: string): void {
    const index = this.marks.map((m) => m.tag).lastIndexOf(tag);
    if (index >= 0) this.closeFrom(index);
  }

  private closeFrom(index: number): void {
    while (this.marks.length > index) {
      const open = this.marks.pop() as OpenMark;
      const inner = this.out.slice(open.at + open.mark.length);
      if (open.href !== undefined) {
        const label = inner.trim();
        this.out = this.out.slice(0, open.at) + (label === '' || label === escapeText(open.href) ? open.href : `[${label}](${open.href})`);
      } else if (inner.trim() === '') {
        // `<b></b>` or `<b> </b>` would leave `****`: take the mark back.
        this.out = this.out.slice(0, open.at) + inner;
      } else {
        // Markdown emphasis must hug its text: `** bold **` does not render.
        const lead = /^\s*/.exec(inner)?.[0] ?? '';
        const trail = /\s*$/.exec(inner)?.[0] ?? '';
        this.out = this.out.slice(0, open.at) + lead + open.mark + inner.trim() + open.mark + trail;
      }
    }
  }

  private listItem(): void {
    this.lineBreak();
    const list = this.lists[this.lists.length - 1];
    const indent = '  '.repeat(Math.max(0, this.lists.length - 1));
    if (list === undefined) return this.write('- ');
    this.write(`${indent}${list.ordered ? `${list.next++}.` : '-'} `);
  }

  private lineBreak(): void {
    if (this.out !== '' && !this.out.endsWith('\n')) this.write('\n');
  }

  private paragraph(): void {
    if (this.out === '') return;
    if (this.lists.length > 0) {
      // Inside a list item a paragraph cannot start a new block without ending the list: a
      // block right after the item's marker adds nothing, a later one a space.
      if (!/(?:^|\n) *(?:-|\d+\.) $/.test(this.out) && !this.out.endsWith(' ')) this.write(' ');
      return;
    }
    this.out = this.out.replace(/[ \t]+$/, '');
    if (!this.out.endsWith('\n\n')) this.write(this.out.endsWith('\n') ? '\n' : '\n\n');
  }

  private write(text: string): void {
    this.out += text;
  }
}

/** Only links a reader can safely follow: web and mail. `javascript:`, `data:` and relative links become plain text. */
function safeHref(href: string | undefined): string | undefined {
  if (href === undefined) return undefined;
  const url = decodeEntities(href).trim();
  if (!/^(?:https?:\/\/[^\s/?#]|mailto:[^\s])/i.test(url)) return undefined;
  // Characters that would end or break the markdown link target are percent-encoded.
  return url.replace(/[()<>\s"'\\[\]`]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
}

function attribute(attributes: string, name: string): string | undefined {
  const pattern = new RegExp(`(?:^|\\s)${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)'|([^\\s"'>]+))`, 'i');
  const found = pattern.exec(attributes);
  if (found === null) return undefined;
  return found[1] ?? found[2] ?? found[3];
}

const NAMED: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0', ndash: '–', mdash: '—', hellip: '…', rsquo: '’', lsquo: '‘', rdquo: '”', ldquo: '“', bull: '•', middot: '·', copy: '©', reg: '®', trade: '™', euro: '€' };

function decodeEntities(text: string): string {
  return text.replace(/&(#[xX][0-9a-fA-F]{1,6}|#[0-9]{1,7}|[a-zA-Z][a-zA-Z0-9]{1,31});/g, (whole, body: string) => {
    if (body.startsWith('#')) {
      const code = body[1] === 'x' || body[1] === 'X' ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
      return Number.isFinite(code) && code > 0 && code <= 0x10ffff && !(code >= 0xd800 && code <= 0xdfff) ? String.fromCodePoint(code) : '\ufffd';
    }
    return NAMED[body.toLowerCase()] ?? whole;
  });
}

/**
 * Text as markdown that says exactly what it says: `*`, `_`, `` ` ``, `~`, `[`, `]` and `\` get a
 * backslash; `<` before a letter, `/`, `!` or `?` (a tag to come) and `&` before a name or `#` (an
 * entity) are written as entities, so Teams shows the characters and never parses markup.
 */
export function escapeText(text: string): string {
  return text
    .replace(/[\\*_`~[\]]/g, (c) => `\\${c}`)
    .replace(/&(?=[a-zA-Z#])/g, '&amp;')
    .replace(/<(?=[a-zA-Z/!?])/g, '&lt;');
}

function tidy(markdown: string): string {
  return markdown
    .replace(/\u00a0/g, ' ')
    .split('\n')
    .map((line) => line.replace(/[ \t]+$/, ''))
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
