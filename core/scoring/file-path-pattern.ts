/**
 * Purview's file path exclusions, compiled. A pattern that starts with a drive letter or `\\server`
 * is a prefix (it covers the folder and its subfolders); any other pattern may match anywhere in
 * the path (`\public\local\`). `*` stands for exactly one folder and `*(n)` for one up to n folders
 * (`C:\Users\*(2)\Desktop` covers `C:\Users\u1\Shared\Desktop`). A match always ends at a folder
 * boundary, so `C:\temp` does not cover `C:\temporary`. Case-insensitive; `/` and `\` are the same.
 * These are the semantics core/settings validates entries against (it also holds Purview's four
 * default exclusions, `\\Users\\*\\AppData` and below).
 */

const LEVELS_WILDCARD = /^\*\(([1-9])\)$/;
const ANY_FOLDER = '[^\\\\]+';

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Separators as backslashes, lower case: the one form both patterns and paths are compared in. */
export function normaliseFilePath(path: string): string {
  return path.trim().replace(/\//g, '\\').toLowerCase();
}

/** The regular-expression source of one pattern (without flags), or undefined for a blank one. */
export function filePathPatternSource(pattern: string): string | undefined {
  const normalised = normaliseFilePath(pattern);
  const body = normalised.replace(/\\+$/, '');
  if (body.length === 0) return undefined;
  const anchored = /^[a-z]:/.test(normalised) || normalised.startsWith('\\\\');
  const segments = body.split('\\').map((segment) => {
    if (segment === '*') return ANY_FOLDER;
    const levels = LEVELS_WILDCARD.exec(segment);
    if (levels !== null) return `${ANY_FOLDER}(?:\\\\${ANY_FOLDER}){0,${Number(levels[1]) - 1}}`;
    return escapeRegExp(segment);
  });
  // A pattern starting with "\" carries its own leading separator; a bare one must start a folder.
  const start = anchored ? '^' : normalised.startsWith('\\') ? '' : '(?:^|\\\\)';
  return `${start}${segments.join('\\\\')}(?:\\\\|$)`;
}

export interface FilePathMatcher {
  /** The first pattern (as given) that covers `path`, or undefined. */
  firstMatch(path: string): string | undefined;
}

/**
 * All patterns as one regular expression (one scan per path), plus one per pattern, used only
 * after a hit, to name the pattern that matched.
 */
export function compileFilePathPatterns(patterns: readonly string[]): FilePathMatcher {
  const compiled: { readonly pattern: string; readonly regex: RegExp }[] = [];
  for (const pattern of patterns) {
    const source = filePathPatternSource(pattern);
    if (source !== undefined) compiled.push({ pattern, regex: new RegExp(source) });
  }
  if (compiled.length === 0) return { firstMatch: () => undefined };
  const any = new RegExp(compiled.map((c) => `(?:${c.regex.source})`).join('|'));
  return {
    firstMatch(path: string): string | undefined {
      const target = normaliseFilePath(path);
      if (!any.test(target)) return undefined;
      return compiled.find((c) => c.regex.test(target))?.pattern;
    },
  };
}
