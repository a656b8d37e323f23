import { INVARIANT_CULTURE, type DateCulture } from './cultures';
import { DateTimeError, TICKS_PER_MINUTE, fieldsOf, fromFields, withTicks, type DateTimeValue } from './date-time-value';
import { compileFormat, hasDayNumber, type FormatToken } from './dotnet-format';

/**
 * Reading timestamps the way the Logic Apps runtime does (.NET `DateTime.Parse` with
 * `AdjustToUniversal`): a timestamp with `Z` or an offset becomes a UTC value; one without is
 * kept as an *unspecified* clock reading, which every function treats as UTC.
 *
 * `parseTimestamp` accepts, case-insensitively:
 * - ISO 8601: `2018-03-15`, `2018-03-15T13:00`, `2018-03-15T13:00:00.1234567Z`, `T` or a space
 *   between date and time, offsets `Z`, `±hh`, `±hhmm`, `±hh:mm`;
 * - numeric dates in the culture's field order (invariant/en-US `MM/dd/yyyy`, de-DE `dd.MM.yyyy`),
 *   with `/`, `-` or `.` between fields, two-digit years read as 1950-2049 (.NET's default);
 * - dates with month names (`15 March 2018`, `March 15, 2018`, `15-Mar-2018`) and RFC 1123
 *   (`Thu, 15 Mar 2018 12:00:00 GMT`);
 * - an optional time `H:mm[:ss[.fffffff]]` with an optional AM/PM designator and zone
 *   (`Z`, `UTC`, `GMT`, `±hh:mm`).
 * Fractions longer than 7 digits are truncated to 100-ns ticks.
 */

interface TimeOfDay {
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
  readonly fraction: number;
}

/** Minutes east of UTC, when the text named a zone. */
type Offset = number | undefined;

const MIDNIGHT: TimeOfDay = { hour: 0, minute: 0, second: 0, fraction: 0 };

function fail(text: string, expected: string): never {
  throw new DateTimeError(`'${text}' is not a valid timestamp; expected ${expected}`);
}

const EXPECTED_TIMESTAMP = "an ISO 8601 timestamp such as '2018-03-15T13:00:00Z' (or a date like '03/15/2018 13:00:00')";

export function parseTimestamp(text: string, culture: DateCulture = INVARIANT_CULTURE): DateTimeValue {
  const input = text.trim();
  const date = matchDate(input, culture);
  if (!date) fail(text, EXPECTED_TIMESTAMP);
  const rest = parseTimeAndZone(input.slice(date.length), culture);
  if (!rest) fail(text, EXPECTED_TIMESTAMP);
  return build(text, { year: date.year, month: date.month, day: date.day, ...rest.time }, rest.offset);
}

function build(text: string, fields: { year: number; month: number; day: number } & TimeOfDay, offset: Offset): DateTimeValue {
  let local: DateTimeValue;
  try {
    local = fromFields(fields, offset === undefined ? 'unspecified' : 'utc');
  } catch (error) {
    if (error instanceof DateTimeError) throw new DateTimeError(`'${text}' is not a valid timestamp: ${error.message}`);
    throw error;
  }
  if (offset === undefined) return local;
  try {
    return withTicks(local, local.ticks - BigInt(offset) * TICKS_PER_MINUTE);
  } catch (error) {
    if (error instanceof DateTimeError) throw new DateTimeError(`'${text}' is not a valid timestamp: ${error.message}`);
    throw error;
  }
}

interface DateMatch {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  /** Characters of the input the date used. */
  readonly length: number;
}

function expandYear(digits: string): number {
  const n = Number(digits);
  if (digits.length > 2) return n;
  return n <= 49 ? 2000 + n : 1900 + n;
}

const NUMERIC_DATE = /^(\d{1,4})([/.-])(\d{1,2})\2(\d{1,4})/;
const DAY_MONTH_NAME_YEAR = /^(?:(\p{L}+)\.?,?\s+)?(\d{1,2})\.?[\s/-]+(\p{L}+)\.?[\s/,.-]+(\d{4})/u;
const MONTH_NAME_DAY_YEAR = /^(?:(\p{L}+)\.?,?\s+)?(\p{L}+)\.?\s+(\d{1,2}),?\s+(\d{4})/u;

function matchDate(input: string, culture: DateCulture): DateMatch | undefined {
  const numeric = NUMERIC_DATE.exec(input);
  if (numeric) {
    const [all, a, , b, c] = numeric as unknown as [string, string, string, string, string];
    if (a.length > 2) return { year: Number(a), month: Number(b), day: Number(c), length: all.length };
    // A year is written with two or four digits.
    const yearDigits = culture.dateOrder === 'YMD' ? a : c;
    if (yearDigits.length !== 2 && yearDigits.length !== 4) return undefined;
    switch (culture.dateOrder) {
      case 'DMY':
        return { year: expandYear(c), month: Number(b), day: Number(a), length: all.length };
      case 'YMD':
        return { year: expandYear(a), month: Number(b), day: Number(c), length: all.length };
      default:
        return { year: expandYear(c), month: Number(a), day: Number(b), length: all.length };
    }
  }
  const dmy = DAY_MONTH_NAME_YEAR.exec(input);
  if (dmy && weekdayOk(dmy[1], culture)) {
    const month = monthNumber(dmy[3], culture);
    if (month) return { year: Number(dmy[4]), month, day: Number(dmy[2]), length: dmy[0].length };
  }
  const mdy = MONTH_NAME_DAY_YEAR.exec(input);
  if (mdy && weekdayOk(mdy[1], culture)) {
    const month = monthNumber(mdy[2], culture);
    if (month) return { year: Number(mdy[4]), month, day: Number(mdy[3]), length: mdy[0].length };
  }
  return undefined;
}

const fold = (s: string): string => s.toLocaleLowerCase().replace(/\.$/, '');

function weekdayOk(word: string | undefined, culture: DateCulture): boolean {
  if (word === undefined) return true;
  const w = fold(word);
  return [culture.dayNames, culture.abbreviatedDayNames, INVARIANT_CULTURE.dayNames, INVARIANT_CULTURE.abbreviatedDayNames].some((list) =>
    list.some((name) => fold(name) === w),
  );
}

function monthNumber(word: string, culture: DateCulture): number | undefined {
  const w = fold(word);
  const lists = [
    culture.monthNames,
    culture.monthGenitiveNames,
    culture.abbreviatedMonthNames,
    culture.abbreviatedMonthGenitiveNames,
    INVARIANT_CULTURE.monthNames,
    INVARIANT_CULTURE.abbreviatedMonthNames,
  ];
  for (const list of lists) {
    const index = list.findIndex((name) => fold(name) === w);
    if (index >= 0) return index + 1;
  }
  return undefined;
}

const TIME = /^(?:[Tt]|\s+|,\s*)(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?/;
const ZONE = /\s*(?:(Z|UTC|GMT)|([+-])(\d{1,2})(?::?(\d{2}))?)$/i;

function fractionTicks(digits: string | undefined): number {
  if (!digits) return 0;
  return Number(digits.slice(0, 7).padEnd(7, '0'));
}

function parseOffset(sign: string, hours: string, minutes: string | undefined): number | undefined {
  const h = Number(hours);
  const m = minutes ? Number(minutes) : 0;
  if (h > 14 || m > 59) return undefined;
  return (sign === '-' ? -1 : 1) * (h * 60 + m);
}

function designatorHour(hour: number, word: string, culture: DateCulture): number | undefined {
  const w = word.toLocaleLowerCase();
  const am = [culture.amDesignator, 'am', 'a.m.'].filter((d) => d !== '').map((d) => d.toLocaleLowerCase());
  const pm = [culture.pmDesignator, 'pm', 'p.m.'].filter((d) => d !== '').map((d) => d.toLocaleLowerCase());
  if (hour < 1 || hour > 12) return undefined;
  if (am.includes(w)) return hour === 12 ? 0 : hour;
  if (pm.includes(w)) return hour === 12 ? 12 : hour + 12;
  return undefined;
}

/** What may follow the date: nothing, or a time with optional designator, and an optional zone. */
function parseTimeAndZone(rest: string, culture: DateCulture): { time: TimeOfDay; offset: Offset } | undefined {
  let remaining = rest;
  let offset: Offset;
  const zone = ZONE.exec(remaining);
  if (zone) {
    if (zone[1]) offset = 0;
    else {
      offset = parseOffset(zone[2], zone[3], zone[4]);
      if (offset === undefined) return undefined;
    }
    remaining = remaining.slice(0, zone.index);
  }
  if (remaining.trim() === '') return { time: MIDNIGHT, offset };
  const time = TIME.exec(remaining);
  if (!time) return undefined;
  let hour = Number(time[1]);
  const designator = remaining.slice(time[0].length).trim();
  if (designator !== '') {
    const adjusted = designatorHour(hour, designator, culture);
    if (adjusted === undefined) return undefined;
    hour = adjusted;
  }
  return {
    time: { hour, minute: Number(time[2]), second: time[3] ? Number(time[3]) : 0, fraction: fractionTicks(time[4]) },
    offset,
  };
}

// ─── Exact parsing (`DateTime.ParseExact`) ─────────────────────────────────────────────────────

/**
 * `DateTime.ParseExact(text, format, culture)`: the text must match the format from start to end.
 * Fields the format leaves out default as in .NET: no date fields at all → `today`'s date; a
 * missing year → `today`'s year; a missing month or day → 1; missing time fields → 0. A weekday
 * name (`ddd`, `dddd`) is matched but not checked against the date.
 */
export function parseExactTimestamp(text: string, format: string, culture: DateCulture, today: DateTimeValue): DateTimeValue {
  const compiled = compileFormat(format, culture);
  const c = compiled.culture;
  const genitive = hasDayNumber(compiled.tokens);
  const expected = `text matching the format '${format}'`;
  let pos = 0;
  let year: number | undefined;
  let month: number | undefined;
  let day: number | undefined;
  let hour = 0;
  let hour12: number | undefined;
  let pm: boolean | undefined;
  let minute = 0;
  let second = 0;
  let fraction = 0;
  let offset: Offset;

  const digits = (min: number, max: number): number => {
    let end = pos;
    while (end < text.length && end - pos < max && text[end] >= '0' && text[end] <= '9') end++;
    if (end - pos < min) fail(text, expected);
    const value = text.slice(pos, end);
    pos = end;
    return Number(value);
  };
  const word = (lists: readonly (readonly string[])[]): number => {
    // Longest match first, so "June" is not read as "Jun" + "e".
    let best: { index: number; length: number } | undefined;
    const rest = text.slice(pos).toLocaleLowerCase();
    for (const list of lists) {
      list.forEach((name, index) => {
        const n = name.toLocaleLowerCase();
        if (n !== '' && rest.startsWith(n) && (!best || n.length > best.length)) best = { index, length: n.length };
      });
    }
    if (!best) fail(text, expected);
    pos += best.length;
    return best.index;
  };
  const literal = (expectedText: string): void => {
    if (text.slice(pos, pos + expectedText.length).toLocaleLowerCase() !== expectedText.toLocaleLowerCase()) fail(text, expected);
    pos += expectedText.length;
  };
  const zone = (allowZ: boolean): void => {
    if (allowZ && (text[pos] === 'Z' || text[pos] === 'z')) {
      offset = 0;
      pos++;
      return;
    }
    const m = /^([+-])(\d{1,2})(?::?(\d{2}))?/.exec(text.slice(pos));
    if (!m) {
      if (allowZ) return; // K: a value without a zone is allowed
      fail(text, expected);
    }
    offset = parseOffset(m[1], m[2], m[3]);
    if (offset === undefined) fail(text, expected);
    pos += m[0].length;
  };

  const tokens: readonly FormatToken[] = compiled.tokens;
  for (let t = 0; t < tokens.length; t++) {
    const token = tokens[t];
    if (token.kind === 'literal') {
      const next = tokens[t + 1];
      // As in .NET, a '.' before F digits may be absent together with the fraction ("ss.FFF" reads "30").
      if (token.text.endsWith('.') && next?.kind === 'field' && next.char === 'F' && text[pos + token.text.length - 1] !== '.') {
        literal(token.text.slice(0, -1));
        t++;
        continue;
      }
      literal(token.text);
      continue;
    }
    const n = token.count;
    switch (token.char) {
      case 'd':
        if (n <= 2) day = digits(n === 1 ? 1 : 2, 2);
        else word([n === 3 ? c.abbreviatedDayNames : c.dayNames]);
        break;
      case 'M':
        if (n <= 2) month = digits(n === 1 ? 1 : 2, 2);
        else {
          const lists = n === 3 ? [c.abbreviatedMonthNames, c.abbreviatedMonthGenitiveNames] : [c.monthNames, c.monthGenitiveNames];
          month = word(genitive ? lists.reverse() : lists) + 1;
        }
        break;
      case 'y': {
        const start = pos;
        const value = n <= 2 ? digits(n === 1 ? 1 : 2, 2) : digits(n === 3 ? 3 : n, Math.max(n, 4));
        year = n <= 2 ? expandYear(text.slice(start, pos)) : value;
        break;
      }
      case 'h':
        hour12 = digits(n === 1 ? 1 : 2, 2);
        break;
      case 'H':
        hour = digits(n === 1 ? 1 : 2, 2);
        break;
      case 'm':
        minute = digits(n === 1 ? 1 : 2, 2);
        break;
      case 's':
        second = digits(n === 1 ? 1 : 2, 2);
        break;
      case 'f':
      case 'F': {
        const start = pos;
        digits(token.char === 'f' ? n : 0, n);
        fraction = fractionTicks(text.slice(start, pos));
        break;
      }
      case 't': {
        const am = c.amDesignator || 'AM';
        const pmText = c.pmDesignator || 'PM';
        pm = word([n === 1 ? [am.slice(0, 1), pmText.slice(0, 1)] : [am, pmText]]) === 1;
        break;
      }
      case 'z':
        zone(false);
        break;
      case 'K':
        zone(true);
        break;
      case 'g':
        word([[c.eraName, 'A.D.', 'AD']]);
        break;
      case ':':
        literal(c.timeSeparator);
        break;
      case '/':
        literal(c.dateSeparator);
        break;
    }
  }
  if (pos !== text.length) fail(text, expected);
  if (hour12 !== undefined) {
    if (hour12 > 12 || (pm !== undefined && hour12 < 1)) fail(text, expected);
    // Without a designator an 'h' hour is read as written (as .NET does); with one, 12 AM is 0.
    hour = pm === undefined ? hour12 : pm ? (hour12 % 12) + 12 : hour12 % 12;
  } else if (pm !== undefined && hour <= 12) {
    hour = pm && hour < 12 ? hour + 12 : hour;
  }
  const now = fieldsOf(today);
  const noDate = year === undefined && month === undefined && day === undefined;
  return build(
    text,
    {
      year: year ?? now.year,
      month: month ?? (noDate ? now.month : 1),
      day: day ?? (noDate ? now.day : 1),
      hour,
      minute,
      second,
      fraction,
    },
    offset,
  );
}
