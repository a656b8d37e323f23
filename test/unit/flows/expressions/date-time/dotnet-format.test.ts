import { INVARIANT_CULTURE, cultureFor } from '../../../../../flows/engine/expressions/dates/cultures';
import { DateTimeError, fromFields, type DateTimeValue } from '../../../../../flows/engine/expressions/dates/date-time-value';
import { formatDotNetDateTime, tokenizeCustomFormat } from '../../../../../flows/engine/expressions/dates/dotnet-format';

// The example instant of .NET's format-string documentation: Monday, 15 June 2009, 13:45:30.6175420.
const utc: DateTimeValue = fromFields({ year: 2009, month: 6, day: 15, hour: 13, minute: 45, second: 30, fraction: 6_175_420 }, 'utc');
const unspecified: DateTimeValue = { ticks: utc.ticks, kind: 'unspecified' };
const morning: DateTimeValue = fromFields({ year: 2009, month: 6, day: 1, hour: 1, minute: 5, second: 3 }, 'utc');

const fmt = (value: DateTimeValue, format: string, locale?: string): string =>
  formatDotNetDateTime(value, format, locale === undefined ? cultureFor('en-US') : locale === '' ? INVARIANT_CULTURE : cultureFor(locale));

describe('standard format specifiers', () => {
  it.each([
    // specifier, en-US, invariant, en-GB, de-DE, fr-FR, nl-NL
    ['d', '6/15/2009', '06/15/2009', '15/06/2009', '15.06.2009', '15/06/2009', '15-6-2009'],
    ['D', 'Monday, June 15, 2009', 'Monday, 15 June 2009', '15 June 2009', 'Montag, 15. Juni 2009', 'lundi 15 juin 2009', 'maandag 15 juni 2009'],
    ['f', 'Monday, June 15, 2009 1:45 PM', 'Monday, 15 June 2009 13:45', '15 June 2009 13:45', 'Montag, 15. Juni 2009 13:45', 'lundi 15 juin 2009 13:45', 'maandag 15 juni 2009 13:45'],
    ['F', 'Monday, June 15, 2009 1:45:30 PM', 'Monday, 15 June 2009 13:45:30', '15 June 2009 13:45:30', 'Montag, 15. Juni 2009 13:45:30', 'lundi 15 juin 2009 13:45:30', 'maandag 15 juni 2009 13:45:30'],
    ['g', '6/15/2009 1:45 PM', '06/15/2009 13:45', '15/06/2009 13:45', '15.06.2009 13:45', '15/06/2009 13:45', '15-6-2009 13:45'],
    ['G', '6/15/2009 1:45:30 PM', '06/15/2009 13:45:30', '15/06/2009 13:45:30', '15.06.2009 13:45:30', '15/06/2009 13:45:30', '15-6-2009 13:45:30'],
    ['M', 'June 15', 'June 15', '15 June', '15. Juni', '15 juin', '15 juni'],
    ['m', 'June 15', 'June 15', '15 June', '15. Juni', '15 juin', '15 juni'],
    ['t', '1:45 PM', '13:45', '13:45', '13:45', '13:45', '13:45'],
    ['T', '1:45:30 PM', '13:45:30', '13:45:30', '13:45:30', '13:45:30', '13:45:30'],
    ['U', 'Monday, June 15, 2009 1:45:30 PM', 'Monday, 15 June 2009 13:45:30', '15 June 2009 13:45:30', 'Montag, 15. Juni 2009 13:45:30', 'lundi 15 juin 2009 13:45:30', 'maandag 15 juni 2009 13:45:30'],
    ['Y', 'June 2009', '2009 June', 'June 2009', 'Juni 2009', 'juin 2009', 'juni 2009'],
    ['y', 'June 2009', '2009 June', 'June 2009', 'Juni 2009', 'juin 2009', 'juni 2009'],
  ])('"%s" in en-US, invariant, en-GB, de-DE, fr-FR, nl-NL', (specifier, enUS, invariant, enGB, deDE, frFR, nlNL) => {
    expect(fmt(utc, specifier)).toBe(enUS);
    expect(fmt(utc, specifier, '')).toBe(invariant);
    expect(fmt(utc, specifier, 'en-GB')).toBe(enGB);
    expect(fmt(utc, specifier, 'de-DE')).toBe(deDE);
    expect(fmt(utc, specifier, 'fr-FR')).toBe(frFR);
    expect(fmt(utc, specifier, 'nl-NL')).toBe(nlNL);
  });

  it.each([
    ['O', '2009-06-15T13:45:30.6175420Z', '2009-06-15T13:45:30.6175420'],
    ['o', '2009-06-15T13:45:30.6175420Z', '2009-06-15T13:45:30.6175420'],
    ['R', 'Mon, 15 Jun 2009 13:45:30 GMT', 'Mon, 15 Jun 2009 13:45:30 GMT'],
    ['r', 'Mon, 15 Jun 2009 13:45:30 GMT', 'Mon, 15 Jun 2009 13:45:30 GMT'],
    ['s', '2009-06-15T13:45:30', '2009-06-15T13:45:30'],
    ['u', '2009-06-15 13:45:30Z', '2009-06-15 13:45:30Z'],
  ])('"%s" is culture-invariant (UTC value %s, offset-less value %s)', (specifier, forUtc, forUnspecified) => {
    expect(fmt(utc, specifier)).toBe(forUtc);
    expect(fmt(unspecified, specifier)).toBe(forUnspecified);
    expect(fmt(utc, specifier, 'de-DE')).toBe(forUtc);
  });

  it('treats the empty format as "o"', () => {
    expect(fmt(utc, '')).toBe('2009-06-15T13:45:30.6175420Z');
  });

  it.each(['Q', 'x', 'e', 'K', 'z', 'h'])('rejects "%s", which is not a standard specifier', (specifier) => {
    expect(() => fmt(utc, specifier)).toThrow(DateTimeError);
    expect(() => fmt(utc, specifier)).toThrow(`'${specifier}' is not a standard date and time format specifier`);
  });
});

describe('custom format specifiers', () => {
  it.each([
    ['%d', '15'],
    ['dd', '15'],
    ['ddd', 'Mon'],
    ['dddd', 'Monday'],
    ['ddddd', 'Monday'],
    ['%f', '6'],
    ['ff', '61'],
    ['fff', '617'],
    ['ffff', '6175'],
    ['fffff', '61754'],
    ['ffffff', '617542'],
    ['fffffff', '6175420'],
    ['%F', '6'],
    ['FF', '61'],
    ['FFF', '617'],
    ['FFFF', '6175'],
    ['FFFFF', '61754'],
    ['FFFFFF', '617542'],
    ['FFFFFFF', '617542'],
    ['%g', 'A.D.'],
    ['%h', '1'],
    ['hh', '01'],
    ['%H', '13'],
    ['HH', '13'],
    ['%K', 'Z'],
    ['%m', '45'],
    ['mm', '45'],
    ['%M', '6'],
    ['MM', '06'],
    ['MMM', 'Jun'],
    ['MMMM', 'June'],
    ['%s', '30'],
    ['ss', '30'],
    ['%t', 'P'],
    ['tt', 'PM'],
    ['%y', '9'],
    ['yy', '09'],
    ['yyy', '2009'],
    ['yyyy', '2009'],
    ['yyyyy', '02009'],
    ['%z', '+0'],
    ['zz', '+00'],
    ['zzz', '+00:00'],
  ])('"%s" → %s', (format, expected) => {
    expect(fmt(utc, format)).toBe(expected);
  });

  it.each([
    ['%d', '1'],
    ['%h', '1'],
    ['hh', '01'],
    ['%H', '1'],
    ['HH', '01'],
    ['%m', '5'],
    ['mm', '05'],
    ['%s', '3'],
    ['ss', '03'],
    ['tt', 'AM'],
    ['%t', 'A'],
    ['FFF', ''],
    ['fff', '000'],
  ])('"%s" pads or not for single digits (01:05:03 on 1 June → %s)', (format, expected) => {
    expect(fmt(morning, format)).toBe(expected);
  });

  it('prints 12 for midnight and noon on the 12-hour clock', () => {
    expect(fmt(fromFields({ year: 2009, month: 6, day: 1, hour: 0 }, 'utc'), 'h tt')).toBe('12 AM');
    expect(fmt(fromFields({ year: 2009, month: 6, day: 1, hour: 12 }, 'utc'), 'h tt')).toBe('12 PM');
  });

  it('drops the decimal point before an all-zero F fraction', () => {
    expect(fmt(morning, 'HH:mm:ss.FFF')).toBe('01:05:03');
    expect(fmt(utc, 'HH:mm:ss.FFF')).toBe('13:45:30.617');
  });

  it('prints K as nothing for an offset-less value', () => {
    expect(fmt(unspecified, 'yyyy-MM-ddTHH:mmK')).toBe('2009-06-15T13:45');
  });

  it.each([
    ['dd-MM-yyyy', '15-06-2009'],
    ['yyyy-MM-dd', '2009-06-15'],
    ['dd-MMM-yyyy', '15-Jun-2009'],
    ['yyyy-MM-ddTHH:mm:ss', '2009-06-15T13:45:30'],
    ['MMMM d, yyyy', 'June 15, 2009'],
    ["'Date:' yyyy", 'Date: 2009'],
    ['"Day" d', 'Day 15'],
    ['yyyy\\-MM', '2009-06'],
    ['\\d\\d d', 'dd 15'],
    ["'It''s'", 'Its'],
    ["'a\\'b'", "a'b"],
    ['%d%d', '1515'],
    ['%x', 'x'],
    ['HH\\h mm', '13h 45'],
    ['T', '1:45:30 PM'],
    ['yyyyMMddTHHmmssZ', '20090615T134530Z'],
  ])('"%s" → %s (literals, quotes, escapes)', (format, expected) => {
    expect(fmt(utc, format)).toBe(expected);
  });

  it('prints the culture date separator for "/" and the names of the culture', () => {
    expect(fmt(utc, 'dd/MM/yyyy', 'de-DE')).toBe('15.06.2009');
    expect(fmt(utc, 'dd/MM/yyyy', 'nl-NL')).toBe('15-06-2009');
    expect(fmt(utc, 'dd/MM/yyyy', 'fr-FR')).toBe('15/06/2009');
    expect(fmt(utc, "dd'/'MM'/'yyyy", 'de-DE')).toBe('15/06/2009');
    expect(fmt(utc, 'dddd d MMMM', 'de-DE')).toBe('Montag 15 Juni');
    expect(fmt(utc, 'dddd d MMMM', 'nl-NL')).toBe('maandag 15 juni');
    expect(fmt(utc, 'dddd d MMMM', 'fr-FR')).toBe('lundi 15 juin');
    expect(fmt(utc, 'dddd d MMMM', 'en-GB')).toBe('Monday 15 June');
  });

  it('uses genitive month names next to a day number, nominative otherwise (Polish)', () => {
    expect(fmt(utc, 'd MMMM yyyy', 'pl-PL')).toBe('15 czerwca 2009');
    expect(fmt(utc, 'MMMM yyyy', 'pl-PL')).toBe('czerwiec 2009');
  });

  it('derives patterns for a locale outside the table from Intl, with four-digit years', () => {
    expect(fmt(utc, 'd', 'es-ES')).toMatch(/^15\/06\/2009$/);
    expect(fmt(utc, 'D', 'es-ES')).toContain('junio');
    expect(fmt(utc, 'T', 'ja-JP')).toBe('13:45:30');
  });
});

describe('malformed custom formats', () => {
  it.each([
    ["yyyy 'open", 'unterminated quoted literal'],
    ['yyyy "open', 'unterminated quoted literal'],
    ['yyyy\\', 'escapes nothing'],
    ['yyyy%', "'%' at position 4"],
    ['%%', "'%' at position 0"],
    ['ss.ffffffff', 'at most 7'],
    ['ss.FFFFFFFF', 'at most 7'],
  ])('"%s" is rejected (%s)', (format, message) => {
    expect(() => fmt(utc, format)).toThrow(DateTimeError);
    expect(() => fmt(utc, format)).toThrow(message);
  });

  it('tokenizes into fields and merged literals', () => {
    expect(tokenizeCustomFormat("yyyy-MM-dd'T'HH")).toEqual([
      { kind: 'field', char: 'y', count: 4 },
      { kind: 'literal', text: '-' },
      { kind: 'field', char: 'M', count: 2 },
      { kind: 'literal', text: '-' },
      { kind: 'field', char: 'd', count: 2 },
      { kind: 'literal', text: 'T' },
      { kind: 'field', char: 'H', count: 2 },
    ]);
    expect(tokenizeCustomFormat('KK::')).toEqual([
      { kind: 'field', char: 'K', count: 1 },
      { kind: 'field', char: 'K', count: 1 },
      { kind: 'field', char: ':', count: 1 },
      { kind: 'field', char: ':', count: 1 },
    ]);
  });
});
