import { z } from 'zod';

/**
 * Parsers for the small values that settings and policies are made of (user principal names,
 * domains, file paths, extensions, site URLs, keywords, asset ids, indicator ids). Each returns
 * the normalised value or a reason that says what was expected, so callers can name the field and
 * the entry. Scoring compiles the lists into fast matchers (core/scoring/domain-list.ts,
 * file-path-pattern.ts); the one-entry matchers here are the reference semantics both are tested
 * against.
 */

export type Parsed<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly reason: string };

const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
const fail = <T>(reason: string): Parsed<T> => ({ ok: false, reason });

// Control characters never belong in any of these values; they are usually a paste accident.
// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f]/;

/** 10000 → "10,000", without depending on the runtime's locale data. */
export function formatCount(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** Quotes a raw value for an error message so blanks and odd characters stay visible. */
export function quote(raw: string): string {
  return JSON.stringify(raw);
}

// ---------------------------------------------------------------------------------------------
// Lists typed as text

/**
 * Splits list text typed in chat or on the command line: entries separated by commas or line
 * breaks, blanks ignored, double quotes keep a comma inside one entry (`"a, b"`). The single word
 * `none` means the empty list, so an admin can clear a list without typing an empty argument.
 */
export function splitListText(raw: string): string[] {
  if (raw.trim().toLowerCase() === 'none') return [];
  const entries: string[] = [];
  let current = '';
  let quoted = false;
  for (let i = 0; i < raw.length; i++) {
    const ch = raw[i];
    if (ch === '"') {
      if (quoted && raw[i + 1] === '"') {
        current += '"';
        i++;
      } else {
        quoted = !quoted;
      }
    } else if (!quoted && (ch === ',' || ch === '\n' || ch === '\r')) {
      entries.push(current);
      current = '';
    } else {
      current += ch;
    }
  }
  entries.push(current);
  return entries.map((e) => e.trim()).filter((e) => e.length > 0);
}

// ---------------------------------------------------------------------------------------------
// Users

/**
 * A member user's principal name, lower-cased. Guest accounts (`#EXT#` in the UPN) are refused
 * because insider-risk policies do not score guests.
 */
export function parseUserPrincipalName(raw: string): Parsed<string> {
  const upn = raw.trim().toLowerCase();
  if (upn.length === 0) return fail('expected a user principal name such as ada@contoso.com; got an empty value');
  if (upn.includes('#ext#')) return fail(`guest accounts are not supported; got ${quote(raw.trim())}`);
  if (upn.length > 256 || !/^[^\s@,;<>"]+@[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)+$/.test(upn)) {
    return fail(`expected a user principal name such as ada@contoso.com; got ${quote(raw.trim())}`);
  }
  return ok(upn);
}

// ---------------------------------------------------------------------------------------------
// Domains

/**
 * One entry of a domain list. `domain` is a lower-case host name, optionally starting with `*.`.
 * `contoso.com` matches itself only, or every subdomain too with `includeSubdomains` (Purview's
 * "Include multi-level subdomains"); `*.contoso.com` matches exactly one level below
 * (sales.contoso.com), or any depth with `includeSubdomains`, but never contoso.com itself.
 */
export interface DomainEntry {
  readonly domain: string;
  readonly includeSubdomains: boolean;
}

const DOMAIN_LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
const TOP_LEVEL_LABEL = /^(?:[a-z]{2,63}|xn--[a-z0-9-]{1,59})$/;

/** Undefined when `domain` (already lower-case, trimmed) is a valid domain pattern; else why not. */
export function domainPatternProblem(domain: string): string | undefined {
  const shown = quote(domain);
  if (domain.length === 0) return 'expected a domain such as contoso.com; got an empty value';
  if (domain.includes('://') || domain.includes('/')) return `expected a domain such as contoso.com, not a URL; got ${shown}`;
  if (domain.includes('@')) return `expected the domain part only (contoso.com), not an address; got ${shown}`;
  // eslint-disable-next-line no-control-regex
  if (/[^\u0000-\u007f]/.test(domain)) return `use the punycode (xn--) form of an internationalised domain; got ${shown}`;
  const base = domain.startsWith('*.') ? domain.slice(2) : domain;
  if (base.includes('*')) return `a wildcard is allowed only as a leading "*." (as in *.contoso.com); got ${shown}`;
  if (base.length > 253) return `a domain has at most 253 characters; got ${base.length}`;
  const labels = base.split('.');
  if (labels.length < 2) return `expected at least two labels (contoso.com${domain.startsWith('*.') ? ' after "*."' : ''}); got ${shown}`;
  for (const label of labels) {
    if (!DOMAIN_LABEL.test(label)) {
      return `label ${quote(label)} of ${shown} must be 1 to 63 letters, digits or hyphens, not starting or ending with a hyphen`;
    }
  }
  const top = labels[labels.length - 1];
  if (!TOP_LEVEL_LABEL.test(top)) return `the top-level domain ${quote(top)} of ${shown} must be letters only (or an xn-- name)`;
  return undefined;
}

/** The marker that turns on "include multi-level subdomains" when a domain entry is typed as text. */
export const SUBDOMAINS_MARKER = '+subdomains';

/** Parses `contoso.com`, `*.contoso.com` or either followed by ` +subdomains`. */
export function parseDomainEntry(raw: string): Parsed<DomainEntry> {
  let text = raw.trim().toLowerCase();
  let includeSubdomains = false;
  if (text.endsWith(SUBDOMAINS_MARKER)) {
    includeSubdomains = true;
    text = text.slice(0, -SUBDOMAINS_MARKER.length).trim();
  }
  const problem = domainPatternProblem(text);
  return problem === undefined ? ok({ domain: text, includeSubdomains }) : fail(problem);
}

export function formatDomainEntry(entry: DomainEntry): string {
  return entry.includeSubdomains ? `${entry.domain} ${SUBDOMAINS_MARKER}` : entry.domain;
}

/** Whether a domain falls under one list entry, with the semantics described on `DomainEntry`. */
export function domainMatches(entry: DomainEntry, domain: string): boolean {
  const candidate = domain.trim().toLowerCase().replace(/\.$/, '');
  if (entry.domain.startsWith('*.')) {
    const base = entry.domain.slice(2);
    if (!candidate.endsWith(`.${base}`)) return false;
    const depth = candidate.split('.').length - base.split('.').length;
    return entry.includeSubdomains ? depth >= 1 : depth === 1;
  }
  if (candidate === entry.domain) return true;
  return entry.includeSubdomains && candidate.endsWith(`.${entry.domain}`);
}

export const DomainEntrySchema = z
  .object({ domain: z.string(), includeSubdomains: z.boolean().default(false) })
  .superRefine((entry, ctx) => {
    const problem = domainPatternProblem(entry.domain);
    if (problem !== undefined) ctx.addIssue({ code: 'custom', path: ['domain'], message: problem });
  });

// ---------------------------------------------------------------------------------------------
// File path exclusions

const MAX_PATH_LENGTH = 1024;
const SEGMENT_WILDCARD = /^\*\(([0-9])\)$/;

/**
 * A file path exclusion as Purview documents it: an exact device or network-share path; one
 * starting with a drive letter or `\\server` is a prefix (it covers subfolders), any other is
 * matched anywhere in the path (`\public\local\`). `*` stands for exactly one folder and `*(n)`
 * (n from 1 to 9) for one up to n folders; a wildcard must be a whole folder name. Forward
 * slashes are accepted for macOS devices. The value is kept as typed (trimmed).
 */
export function parseFilePathExclusion(raw: string): Parsed<string> {
  const path = raw.trim();
  const shown = quote(path);
  if (path.length === 0) return fail('expected a folder path such as C:\\temp or \\public\\local\\; got an empty value');
  if (path.length > MAX_PATH_LENGTH) return fail(`a file path has at most ${MAX_PATH_LENGTH} characters; got ${path.length}`);
  if (CONTROL_CHARACTERS.test(path) || /[?"<>|]/.test(path)) return fail(`a file path may not contain ? " < > | or control characters; got ${shown}`);
  const normalised = path.replace(/\//g, '\\');
  const drive = /^[A-Za-z]:/.test(normalised);
  if (normalised.slice(drive ? 2 : 0).includes(':')) return fail(`":" is allowed only after a drive letter (C:\\…); got ${shown}`);
  let rest = drive ? normalised.slice(2) : normalised;
  if (rest.startsWith('\\\\')) rest = rest.slice(2);
  else if (rest.startsWith('\\')) rest = rest.slice(1);
  if (rest.endsWith('\\')) rest = rest.slice(0, -1);
  const segments = rest.length === 0 ? [] : rest.split('\\');
  let literalFolders = 0;
  for (const segment of segments) {
    if (segment.length === 0) return fail(`${shown} has an empty folder name (two separators in a row)`);
    if (segment.includes('*')) {
      const levels = SEGMENT_WILDCARD.exec(segment);
      if (segment !== '*' && (levels === null || levels[1] === '0')) {
        return fail(`a wildcard must be a whole folder name, either * (one folder) or *(n) with n from 1 to 9 (up to n folders); got ${quote(segment)} in ${shown}`);
      }
    } else {
      literalFolders++;
    }
  }
  // A pattern of wildcards only would exclude every path on every device: surely a mistake.
  if (literalFolders === 0 && !drive) return fail(`a file path must name at least one folder besides wildcards; got ${shown}`);
  return ok(path);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Whether `path` (as seen in an activity) lies under one valid file path exclusion. Case-insensitive. */
export function filePathExclusionMatches(exclusion: string, path: string): boolean {
  const pattern = exclusion.trim().replace(/\//g, '\\').toLowerCase();
  const target = path.trim().replace(/\//g, '\\').toLowerCase();
  const anchored = /^[a-z]:/.test(pattern) || pattern.startsWith('\\\\');
  const body = pattern.replace(/\\+$/, '');
  const parts = body.split('\\').map((segment) => {
    if (segment === '*') return '[^\\\\]+';
    const levels = SEGMENT_WILDCARD.exec(segment);
    if (levels !== null) return `[^\\\\]+(?:\\\\[^\\\\]+){0,${Number(levels[1]) - 1}}`;
    return escapeRegExp(segment);
  });
  // Stop at a folder boundary so C:\temp does not cover C:\temporary.
  const start = anchored ? '^' : pattern.startsWith('\\') ? '' : '(?:^|\\\\)';
  return new RegExp(`${start}${parts.join('\\\\')}(?:\\\\|$)`).test(target);
}

// ---------------------------------------------------------------------------------------------
// Extensions, site URLs, keywords, asset ids, indicator ids

/** A file extension with or without its leading dot, stored lower-case without the dot. */
export function parseFileExtension(raw: string): Parsed<string> {
  const extension = raw.trim().toLowerCase().replace(/^\./, '');
  if (!/^[a-z0-9][a-z0-9_+~-]{0,19}$/.test(extension)) {
    return fail(`expected a file extension such as docx or .docx (letters and digits, at most 20); got ${quote(raw.trim())}`);
  }
  return ok(extension);
}

/** An absolute http(s) site URL; the host is lower-cased and a trailing slash dropped. */
export function parseSiteUrl(raw: string): Parsed<string> {
  const text = raw.trim();
  const expected = `expected an absolute site URL such as https://contoso.sharepoint.com/sites/finance; got ${quote(text)}`;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return fail(expected);
  }
  if ((url.protocol !== 'https:' && url.protocol !== 'http:') || url.hostname.length === 0) return fail(expected);
  if (url.search.length > 0 || url.hash.length > 0) return fail(`a site URL has no query or fragment; got ${quote(text)}`);
  if (text.length > 2048) return fail(`a site URL has at most 2048 characters; got ${text.length}`);
  const path = url.pathname.replace(/\/+$/, '');
  return ok(`${url.protocol}//${url.host.toLowerCase()}${path}`);
}

/** A keyword matched in file names, file paths and e-mail subjects. */
export function parseKeyword(raw: string): Parsed<string> {
  const keyword = raw.trim();
  if (keyword.length === 0 || keyword.length > 256 || CONTROL_CHARACTERS.test(keyword)) {
    return fail(`expected a keyword of 1 to 256 printable characters; got ${quote(keyword)}`);
  }
  return ok(keyword);
}

/** A physical asset id as the badging connector imports it (`AssetId`, e.g. Mid-Sec-7). */
export function parseAssetId(raw: string): Parsed<string> {
  const id = raw.trim();
  if (id.length === 0 || id.length > 128 || CONTROL_CHARACTERS.test(id)) {
    return fail(`expected an asset id of 1 to 128 printable characters such as Mid-Sec-7; got ${quote(id)}`);
  }
  return ok(id);
}

/** An indicator id (Purview's internal name, e.g. SpoDownload, or a custom indicator's id). */
export function parseIndicatorId(raw: string): Parsed<string> {
  const id = raw.trim();
  if (!/^[A-Za-z][A-Za-z0-9_.-]{0,127}$/.test(id)) {
    return fail(`expected an indicator id such as SpoDownload (a letter, then letters, digits, "_", "." or "-"); got ${quote(id)}`);
  }
  return ok(id);
}

/** A zod string that must pass one of the parsers above; yields the normalised value. */
export function parsedString(parse: (raw: string) => Parsed<string>): z.ZodType<string, string> {
  return z.string().transform((raw, ctx) => {
    const parsed = parse(raw);
    if (parsed.ok) return parsed.value;
    ctx.addIssue({ code: 'custom', message: parsed.reason });
    return z.NEVER;
  });
}
