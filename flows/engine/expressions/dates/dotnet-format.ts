import { INVARIANT_CULTURE, type DateCulture } from './cultures';
import { DateTimeError, fieldsOf, pad, type DateTimeValue } from './date-time-value';

/**
 * .NET date and time format strings, as `DateTime.ToString(format, culture)` reads them — what
 * the WDL `format` parameters take.
 *
 * - A one-character format is a *standard* specifier (d D f F g G M m O o R r s t T u U Y y); any
 *   other single character is an error, as in .NET.
 * - Anything longer is a *custom* pattern: d dd ddd dddd, M MM MMM MMMM, y yy yyy…, h hh H HH,
 *   m mm, s ss, f…fffffff, F…FFFFFFF, t tt, z zz zzz, K, g, the culture's separators `:` and `/`,
 *   quoted literals 'text' and "text", `\` escapes, and `%x` for a single custom specifier.
 *   Every other character is copied.
 *
 * Offsets: the engine, like a Logic Apps host, runs on UTC, so `z`/`zz`/`zzz` print `+0`, `+00`,
 * `+00:00` (what .NET prints for a UTC or unspecified DateTime on a UTC machine), and `K` prints
 * `Z` for a UTC value and nothing for an unspecified one.
 */

export type FormatToken =
  | { readonly kind: 'field'; readonly char: string; readonly count: number }
  | { readonly kind: 'literal'; readonly text: string };

/** Characters that are custom specifiers. `K`, `:` and `/` never repeat into one token. */
const FIELD_CHARS = new Set(['d', 'f', 'F', 'g', 'h', 'H', 'K', 'm', 'M', 's', 't', 'y', 'z', ':', '/']);
const SINGLE_CHARS = new Set(['K', ':', '/']);

/** Split a custom pattern into field and literal tokens; throws DateTimeError on a malformed pattern. */
export function tokenizeCustomFormat(format: string): FormatToken[] {
  const tokens: FormatToken[] = [];
  const literal = (text: string): void => {
    const last = tokens[tokens.length - 1];
    if (last?.kind === 'literal') tokens[tokens.length - 1] = { kind: 'literal', text: last.text + text };
    else tokens.push({ kind: 'literal', text });
  };
  let i = 0;
  while (i < format.length) {
    const ch = format[i];
    if (ch === "'" || ch === '"') {
      let text = '';
      let j = i + 1;
      while (j < format.length && format[j] !== ch) {
        if (format[j] === '\\') {
          if (j + 1 >= format.length) break;
          j++;
        }
        text += format[j];
        j++;
      }
      if (j >= format.length) throw new DateTimeError(`the format '${format}' has an unterminated quoted literal starting at position ${i}`);
      literal(text);
      i = j + 1;
    } else if (ch === '\\') {
      if (i + 1 >= format.length) throw new DateTimeError(`the format '${format}' ends with an escape character '\\' that escapes nothing`);
      literal(format[i + 1]);
      i += 2;
    } else if (ch === '%') {
      const next = format[i + 1];
      if (next === undefined || next === '%') throw new DateTimeError(`the format '${format}' has a '%' at position ${i} that is not followed by a single specifier`);
      if (FIELD_CHARS.has(next)) tokens.push({ kind: 'field', char: next, count: 1 });
      else literal(next);
      i += 2;
    } else if (FIELD_CHARS.has(ch)) {
      let count = 1;
      if (!SINGLE_CHARS.has(ch)) while (format[i + count] === ch) count++;
      if ((ch === 'f' || ch === 'F') && count > 7) {
        throw new DateTimeError(`the format '${format}' asks for ${count} fraction digits; at most 7 ('${ch.repeat(7)}') are allowed`);
      }
      tokens.push({ kind: 'field', char: ch, count });
      i += count;
    } else {
      literal(ch);
      i++;
    }
  }
  return tokens;
}

const ROUND_TRIP = "yyyy'-'MM'-'dd'T'HH':'mm':'ss'.'fffffffK";
const RFC1123 = "ddd, dd MMM yyyy HH':'mm':'ss 'GMT'";
const SORTABLE = "yyyy'-'MM'-'dd'T'HH':'mm':'ss";
const UNIVERSAL_SORTABLE = "yyyy'-'MM'-'dd HH':'mm':'ss'Z'";

/** The standard specifiers, as a custom pattern and the culture it is read with. */
export function expandStandardFormat(specifier: string, culture: DateCulture): { pattern: string; culture: DateCulture } {
  const p = culture.patterns;
  switch (specifier) {
    case 'd':
      return { pattern: p.shortDate, culture };
    case 'D':
      return { pattern: p.longDate, culture };
    case 'f':
      return { pattern: `${p.longDate} ${p.shortTime}`, culture };
    case 'F':
    case 'U':
      return { pattern: `${p.longDate} ${p.longTime}`, culture };
    case 'g':
      return { pattern: `${p.shortDate} ${p.shortTime}`, culture };
    case 'G':
      return { pattern: `${p.shortDate} ${p.longTime}`, culture };
    case 'm':
    case 'M':
      return { pattern: p.monthDay, culture };
    case 'o':
    case 'O':
      return { pattern: ROUND_TRIP, culture: INVARIANT_CULTURE };
    case 'r':
    case 'R':
      return { pattern: RFC1123, culture: INVARIANT_CULTURE };
    case 's':
      return { pattern: SORTABLE, culture: INVARIANT_CULTURE };
    case 't':
      return { pattern: p.shortTime, culture };
    case 'T':
      return { pattern: p.longTime, culture };
    case 'u':
      return { pattern: UNIVERSAL_SORTABLE, culture: INVARIANT_CULTURE };
    case 'y':
    case 'Y':
      return { pattern: p.yearMonth, culture };
    default:
      throw new DateTimeError(
        `'${specifier}' is not a standard date and time format specifier; expected one of d D f F g G M m O o R r s t T u U Y y, or a custom pattern such as 'yyyy-MM-dd'`,
      );
  }
}

/** Resolve a format string (standard or custom) to tokens and the culture to read them with. */
export function compileFormat(format: string, culture: DateCulture): { tokens: FormatToken[]; culture: DateCulture } {
  if (format.length === 1) {
    const expanded = expandStandardFormat(format, culture);
    return { tokens: tokenizeCustomFormat(expanded.pattern), culture: expanded.culture };
  }
  return { tokens: tokenizeCustomFormat(format), culture };
}

/** True when the pattern has a day-of-month number, which switches month names to the genitive (as .NET). */
export function hasDayNumber(tokens: readonly FormatToken[]): boolean {
  return tokens.some((t) => t.kind === 'field' && t.char === 'd' && t.count <= 2);
}

/** `DateTime.ToString(format, culture)`. An empty format means "o" here (the WDL default). */
export function formatDotNetDateTime(value: DateTimeValue, format: string, culture: DateCulture): string {
  const compiled = compileFormat(format === '' ? 'o' : format, culture);
  const c = compiled.culture;
  const tokens = compiled.tokens;
  const f = fieldsOf(value);
  const genitive = hasDayNumber(tokens);
  let out = '';
  for (const token of tokens) {
    if (token.kind === 'literal') {
      out += token.text;
      continue;
    }
    const n = token.count;
    switch (token.char) {
      case 'd':
        out += n === 1 ? String(f.day) : n === 2 ? pad(f.day, 2) : n === 3 ? c.abbreviatedDayNames[f.dayOfWeek] : c.dayNames[f.dayOfWeek];
        break;
      case 'M':
        out +=
          n === 1
            ? String(f.month)
            : n === 2
              ? pad(f.month, 2)
              : n === 3
                ? (genitive ? c.abbreviatedMonthGenitiveNames : c.abbreviatedMonthNames)[f.month - 1]
                : (genitive ? c.monthGenitiveNames : c.monthNames)[f.month - 1];
        break;
      case 'y':
        out += n === 1 ? String(f.year % 100) : n === 2 ? pad(f.year % 100, 2) : pad(f.year, n);
        break;
      case 'h': {
        const h12 = f.hour % 12 === 0 ? 12 : f.hour % 12;
        out += n === 1 ? String(h12) : pad(h12, 2);
        break;
      }
      case 'H':
        out += n === 1 ? String(f.hour) : pad(f.hour, 2);
        break;
      case 'm':
        out += n === 1 ? String(f.minute) : pad(f.minute, 2);
        break;
      case 's':
        out += n === 1 ? String(f.second) : pad(f.second, 2);
        break;
      case 'f':
        out += pad(f.fraction, 7).slice(0, n);
        break;
      case 'F': {
        const digits = pad(f.fraction, 7).slice(0, n).replace(/0+$/, '');
        if (digits === '' && out.endsWith('.')) out = out.slice(0, -1);
        out += digits;
        break;
      }
      case 't': {
        const designator = f.hour < 12 ? c.amDesignator : c.pmDesignator;
        out += n === 1 ? designator.slice(0, 1) : designator;
        break;
      }
      case 'z':
        out += n === 1 ? '+0' : n === 2 ? '+00' : '+00:00';
        break;
      case 'K':
        out += value.kind === 'utc' ? 'Z' : '';
        break;
      case 'g':
        out += c.eraName;
        break;
      case ':':
        out += c.timeSeparator;
        break;
      case '/':
        out += c.dateSeparator;
        break;
    }
  }
  return out;
}
