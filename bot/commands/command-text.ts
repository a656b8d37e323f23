import { ValidationError } from '../../core/errors';

/**
 * Turning what someone typed in Teams into words and options. In a channel the text starts with
 * the bot's @mention (`<at>IRM</at> alerts --status NeedsReview`); Teams clients also send
 * non-breaking spaces and typographic quotes, which people do not see and should not trip over.
 */
export function stripMentions(text: string): string {
  return text
    .replace(/<at>[^<]*<\/at>/gi, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&nbsp;/gi, ' ')
    .replace(/&lt;/gi, '<')
    .replace(/&gt;/gi, '>')
    .replace(/&quot;/gi, '"')
    // Last, so `&amp;quot;` (a literal "&quot;") is not decoded twice.
    .replace(/&amp;/gi, '&')
    .replace(/[\u00a0\u2000-\u200b]/g, ' ')
    .trim();
}

/** Splits on whitespace; "double", 'single' and “typographic” quotes group words. */
export function tokenize(text: string): string[] {
  const normalized = text.replace(/[\u201c\u201d\u201e]/g, '"').replace(/[\u2018\u2019]/g, "'");
  const tokens: string[] = [];
  let current = '';
  let quote: string | undefined;
  let inToken = false;
  for (const ch of normalized) {
    if (quote !== undefined) {
      if (ch === quote) quote = undefined;
      else current += ch;
    } else if (ch === '"' || ch === "'") {
      quote = ch;
      inToken = true;
    } else if (/\s/.test(ch)) {
      if (inToken) tokens.push(current);
      current = '';
      inToken = false;
    } else {
      current += ch;
      inToken = true;
    }
  }
  if (quote !== undefined) {
    throw new ValidationError(`unbalanced ${quote} quote: close it, or leave quotes out`, [{ field: 'command', reason: 'unbalanced quote' }]);
  }
  if (inToken) tokens.push(current);
  return tokens;
}

export interface ParsedArguments {
  readonly positionals: readonly string[];
  readonly options: ReadonlyMap<string, string | true>;
}

/** `--name value`, `--name=value`, or a bare `--flag`. Option names are case-insensitive. */
export function parseArguments(tokens: readonly string[], flags: readonly string[] = []): ParsedArguments {
  const positionals: string[] = [];
  const options = new Map<string, string | true>();
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i];
    if (!token.startsWith('--') || token.length === 2) {
      positionals.push(token);
      continue;
    }
    const eq = token.indexOf('=');
    const name = (eq < 0 ? token.slice(2) : token.slice(2, eq)).toLowerCase();
    if (eq >= 0) options.set(name, token.slice(eq + 1));
    else if (flags.includes(name) || i + 1 >= tokens.length || tokens[i + 1].startsWith('--')) options.set(name, true);
    else options.set(name, tokens[++i]);
  }
  return { positionals, options };
}
