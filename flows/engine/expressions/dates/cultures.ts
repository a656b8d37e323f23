import { DateTimeError } from './date-time-value';

/**
 * What a .NET `DateTimeFormatInfo` contributes to formatting and parsing: names, designators,
 * separators and the patterns behind the standard format specifiers.
 *
 * Names (months, days, AM/PM, era) come from `Intl` for the locale (Node 20 ships full ICU);
 * the invariant culture uses the English names .NET uses. The standard patterns come from a small
 * table of .NET's own patterns for the cultures flows use most (invariant, en-US, en-GB, de-DE,
 * fr-FR, nl-NL) — ICU's patterns differ from .NET's (ICU en-US short date is `M/d/yy`, .NET's is
 * `M/d/yyyy`), so they are written down rather than derived. Any other locale gets patterns derived
 * from `Intl.DateTimeFormat#formatToParts` with four-digit years, which is close to .NET's ICU
 * mode but not guaranteed identical.
 */
export interface DateCulture {
  /** Canonical BCP 47 tag; '' for the invariant culture. */
  readonly name: string;
  /** January first. Nominative (stand-alone) forms, used when no day number is in the pattern. */
  readonly monthNames: readonly string[];
  /** Forms used next to a day number (Polish "września" vs "wrzesień"); equal to monthNames in most languages. */
  readonly monthGenitiveNames: readonly string[];
  readonly abbreviatedMonthNames: readonly string[];
  readonly abbreviatedMonthGenitiveNames: readonly string[];
  /** Sunday first. */
  readonly dayNames: readonly string[];
  readonly abbreviatedDayNames: readonly string[];
  readonly amDesignator: string;
  readonly pmDesignator: string;
  readonly eraName: string;
  /** What the custom specifier `/` prints. */
  readonly dateSeparator: string;
  /** What the custom specifier `:` prints. */
  readonly timeSeparator: string;
  readonly patterns: StandardPatterns;
  /** Field order of a numeric date, for parsing `20/10/2014` without a format. */
  readonly dateOrder: 'MDY' | 'DMY' | 'YMD';
}

export interface StandardPatterns {
  /** "d" */
  readonly shortDate: string;
  /** "D" */
  readonly longDate: string;
  /** "t" */
  readonly shortTime: string;
  /** "T" */
  readonly longTime: string;
  /** "M" / "m" */
  readonly monthDay: string;
  /** "Y" / "y" */
  readonly yearMonth: string;
}

interface KnownCulture {
  readonly patterns: StandardPatterns;
  readonly dateSeparator: string;
  readonly dateOrder: 'MDY' | 'DMY' | 'YMD';
  readonly eraName?: string;
  readonly amDesignator?: string;
  readonly pmDesignator?: string;
}

/** .NET's DateTimeFormatInfo patterns for the cultures flows use most. */
const KNOWN_CULTURES: Readonly<Record<string, KnownCulture>> = {
  'en-US': {
    patterns: { shortDate: 'M/d/yyyy', longDate: 'dddd, MMMM d, yyyy', shortTime: 'h:mm tt', longTime: 'h:mm:ss tt', monthDay: 'MMMM d', yearMonth: 'MMMM yyyy' },
    dateSeparator: '/',
    dateOrder: 'MDY',
    eraName: 'A.D.',
    amDesignator: 'AM',
    pmDesignator: 'PM',
  },
  'en-GB': {
    patterns: { shortDate: 'dd/MM/yyyy', longDate: 'dd MMMM yyyy', shortTime: 'HH:mm', longTime: 'HH:mm:ss', monthDay: 'd MMMM', yearMonth: 'MMMM yyyy' },
    dateSeparator: '/',
    dateOrder: 'DMY',
    eraName: 'A.D.',
  },
  'de-DE': {
    patterns: { shortDate: 'dd.MM.yyyy', longDate: 'dddd, d. MMMM yyyy', shortTime: 'HH:mm', longTime: 'HH:mm:ss', monthDay: 'd. MMMM', yearMonth: 'MMMM yyyy' },
    dateSeparator: '.',
    dateOrder: 'DMY',
  },
  'fr-FR': {
    patterns: { shortDate: 'dd/MM/yyyy', longDate: 'dddd d MMMM yyyy', shortTime: 'HH:mm', longTime: 'HH:mm:ss', monthDay: 'd MMMM', yearMonth: 'MMMM yyyy' },
    dateSeparator: '/',
    dateOrder: 'DMY',
  },
  'nl-NL': {
    patterns: { shortDate: 'd-M-yyyy', longDate: 'dddd d MMMM yyyy', shortTime: 'HH:mm', longTime: 'HH:mm:ss', monthDay: 'd MMMM', yearMonth: 'MMMM yyyy' },
    dateSeparator: '-',
    dateOrder: 'DMY',
  },
};

const ENGLISH_MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const ENGLISH_DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

/** .NET's CultureInfo.InvariantCulture date/time data. */
export const INVARIANT_CULTURE: DateCulture = {
  name: '',
  monthNames: ENGLISH_MONTHS,
  monthGenitiveNames: ENGLISH_MONTHS,
  abbreviatedMonthNames: ENGLISH_MONTHS.map((m) => m.slice(0, 3)),
  abbreviatedMonthGenitiveNames: ENGLISH_MONTHS.map((m) => m.slice(0, 3)),
  dayNames: ENGLISH_DAYS,
  abbreviatedDayNames: ENGLISH_DAYS.map((d) => d.slice(0, 3)),
  amDesignator: 'AM',
  pmDesignator: 'PM',
  eraName: 'A.D.',
  dateSeparator: '/',
  timeSeparator: ':',
  patterns: { shortDate: 'MM/dd/yyyy', longDate: 'dddd, dd MMMM yyyy', shortTime: 'HH:mm', longTime: 'HH:mm:ss', monthDay: 'MMMM dd', yearMonth: 'yyyy MMMM' },
  dateOrder: 'MDY',
};

/** The culture the WDL functions use when no locale is given (the docs: "If unspecified, the value is en-us"). */
export const DEFAULT_LOCALE = 'en-US';

/** By the tag as written and by its canonical form; a handful of locales per process. */
const cache = new Map<string, DateCulture>();

/**
 * The culture for an RFC 4646 / BCP 47 tag, case-insensitive (`'fr-fr'`). Throws DateTimeError
 * when the tag is malformed or the runtime has no data for it.
 */
export function cultureFor(locale: string): DateCulture {
  const asWritten = cache.get(locale);
  if (asWritten) return asWritten;
  const canonical = canonicalLocale(locale);
  const culture = cache.get(canonical) ?? buildCulture(canonical);
  cache.set(canonical, culture);
  cache.set(locale, culture);
  return culture;
}

function canonicalLocale(locale: string): string {
  let canonical: string | undefined;
  try {
    canonical = Intl.getCanonicalLocales(locale)[0];
  } catch {
    canonical = undefined;
  }
  if (!canonical || Intl.DateTimeFormat.supportedLocalesOf([canonical]).length === 0) {
    throw new DateTimeError(`'${locale}' is not a valid locale; expected a culture name such as 'en-US', 'de-DE' or 'fr-FR'`);
  }
  return canonical;
}

const UTC = 'UTC';

function names(locale: string, options: Intl.DateTimeFormatOptions, dates: readonly Date[], part: Intl.DateTimeFormatPartTypes): string[] {
  const format = new Intl.DateTimeFormat(locale, { ...options, timeZone: UTC });
  return dates.map((d) => format.formatToParts(d).find((p) => p.type === part)?.value ?? '');
}

function buildCulture(locale: string): DateCulture {
  // Months: the 10th of each month of 2017; days: 1-7 January 2017 (a Sunday first).
  const months = Array.from({ length: 12 }, (_, i) => new Date(Date.UTC(2017, i, 10)));
  const days = Array.from({ length: 7 }, (_, i) => new Date(Date.UTC(2017, 0, 1 + i)));
  const periods = [new Date(Date.UTC(2017, 0, 1, 9)), new Date(Date.UTC(2017, 0, 1, 15))];
  const dayPeriods = names(locale, { hour: 'numeric', hour12: true }, periods, 'dayPeriod');
  const known = KNOWN_CULTURES[locale];
  const derived = known ?? derivePatterns(locale);
  return {
    name: locale,
    monthNames: names(locale, { month: 'long' }, months, 'month'),
    monthGenitiveNames: names(locale, { month: 'long', day: 'numeric' }, months, 'month'),
    abbreviatedMonthNames: names(locale, { month: 'short' }, months, 'month'),
    abbreviatedMonthGenitiveNames: names(locale, { month: 'short', day: 'numeric' }, months, 'month'),
    dayNames: names(locale, { weekday: 'long' }, days, 'weekday'),
    abbreviatedDayNames: names(locale, { weekday: 'short' }, days, 'weekday'),
    amDesignator: known?.amDesignator ?? dayPeriods[0] ?? 'AM',
    pmDesignator: known?.pmDesignator ?? dayPeriods[1] ?? 'PM',
    eraName: known?.eraName ?? names(locale, { era: 'short', year: 'numeric' }, [days[0]], 'era')[0] ?? 'A.D.',
    dateSeparator: derived.dateSeparator,
    timeSeparator: ':',
    patterns: derived.patterns,
    dateOrder: derived.dateOrder,
  };
}

/** A .NET custom format pattern from Intl parts; literals are quoted so they print as written. */
function patternFromParts(parts: readonly Intl.DateTimeFormatPart[], hour12: boolean): string {
  return parts
    .map((p) => {
      switch (p.type) {
        case 'year':
          return 'yyyy';
        case 'month':
          return /^\d+$/.test(p.value) ? (p.value.length === 2 ? 'MM' : 'M') : 'MMMM';
        case 'day':
          return p.value.length === 2 ? 'dd' : 'd';
        case 'weekday':
          return 'dddd';
        case 'hour':
          return (hour12 ? 'h' : 'H').repeat(p.value.length === 2 ? 2 : 1);
        case 'minute':
          return 'mm';
        case 'second':
          return 'ss';
        case 'dayPeriod':
          return 'tt';
        case 'literal':
          return p.value.length === 0 ? '' : `'${p.value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
        default:
          return '';
      }
    })
    .join('');
}

function derivePatterns(locale: string): KnownCulture {
  // 2001-03-05 07:08:09: every field single-digit-able, so padding shows in the parts.
  const sample = new Date(Date.UTC(2001, 2, 5, 7, 8, 9));
  const parts = (options: Intl.DateTimeFormatOptions): Intl.DateTimeFormatPart[] =>
    new Intl.DateTimeFormat(locale, { ...options, timeZone: UTC }).formatToParts(sample);
  const timeFormat = new Intl.DateTimeFormat(locale, { hour: 'numeric', minute: '2-digit', timeZone: UTC });
  const cycle = timeFormat.resolvedOptions().hourCycle;
  const hour12 = cycle === 'h11' || cycle === 'h12';
  const shortDateParts = parts({ year: 'numeric', month: '2-digit', day: '2-digit' });
  const order = shortDateParts.filter((p) => p.type === 'year' || p.type === 'month' || p.type === 'day').map((p) => p.type[0].toUpperCase()).join('');
  const separator = shortDateParts.find((p) => p.type === 'literal')?.value ?? '/';
  return {
    patterns: {
      shortDate: patternFromParts(shortDateParts, hour12),
      longDate: patternFromParts(parts({ weekday: 'long', year: 'numeric', month: 'long', day: 'numeric' }), hour12),
      shortTime: patternFromParts(parts({ hour: 'numeric', minute: '2-digit' }), hour12),
      longTime: patternFromParts(parts({ hour: 'numeric', minute: '2-digit', second: '2-digit' }), hour12),
      monthDay: patternFromParts(parts({ month: 'long', day: 'numeric' }), hour12),
      yearMonth: patternFromParts(parts({ year: 'numeric', month: 'long' }), hour12),
    },
    dateSeparator: separator.trim().length === 1 ? separator.trim() : '/',
    dateOrder: order === 'DMY' || order === 'YMD' ? order : 'MDY',
  };
}
