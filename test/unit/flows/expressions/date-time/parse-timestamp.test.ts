import { INVARIANT_CULTURE, cultureFor } from '../../../../../flows/engine/expressions/dates/cultures';
import { DateTimeError, fromFields, type DateTimeValue } from '../../../../../flows/engine/expressions/dates/date-time-value';
import { formatDotNetDateTime } from '../../../../../flows/engine/expressions/dates/dotnet-format';
import { parseExactTimestamp, parseTimestamp } from '../../../../../flows/engine/expressions/dates/parse-timestamp';

/** Round-trip form of a parsed value: 'o' shows the clock reading and (via K) the kind. */
const o = (value: DateTimeValue): string => formatDotNetDateTime(value, 'o', INVARIANT_CULTURE);
const today = fromFields({ year: 2024, month: 6, day: 1 }, 'utc');

describe('parseTimestamp (no format)', () => {
  it.each([
    ['2018-03-15', '2018-03-15T00:00:00.0000000'],
    ['2018-03-15T13:00', '2018-03-15T13:00:00.0000000'],
    ['2018-03-15T13:00:00', '2018-03-15T13:00:00.0000000'],
    ['2018-03-15 13:00:00', '2018-03-15T13:00:00.0000000'],
    ['2018-03-15t13:00:00z', '2018-03-15T13:00:00.0000000Z'],
    ['2018-03-15T13:00:00Z', '2018-03-15T13:00:00.0000000Z'],
    ['2018-03-15T13:00:00.5Z', '2018-03-15T13:00:00.5000000Z'],
    ['2018-03-15T13:00:00.1234567Z', '2018-03-15T13:00:00.1234567Z'],
    ['2018-03-15T13:00:00.123456789Z', '2018-03-15T13:00:00.1234567Z'],
    ['2018-03-15T13:00:00+02:00', '2018-03-15T11:00:00.0000000Z'],
    ['2018-03-15T13:00:00+0200', '2018-03-15T11:00:00.0000000Z'],
    ['2018-03-15T13:00:00+02', '2018-03-15T11:00:00.0000000Z'],
    ['2018-03-15T01:00:00-05:30', '2018-03-15T06:30:00.0000000Z'],
    ['2018-03-15T23:30:00-01:00', '2018-03-16T00:30:00.0000000Z'],
    ['2018-03-15Z', '2018-03-15T00:00:00.0000000Z'],
    ['  2018-03-15T13:00:00Z  ', '2018-03-15T13:00:00.0000000Z'],
    ['03/15/2018', '2018-03-15T00:00:00.0000000'],
    ['03/15/2018 12:00:00', '2018-03-15T12:00:00.0000000'],
    ['3/5/2018 1:05 PM', '2018-03-05T13:05:00.0000000'],
    ['3/5/2018 12:05 am', '2018-03-05T00:05:00.0000000'],
    ['03/15/18', '2018-03-15T00:00:00.0000000'],
    ['03/15/75', '1975-03-15T00:00:00.0000000'],
    ['Thu, 15 Mar 2018 12:00:00 GMT', '2018-03-15T12:00:00.0000000Z'],
    ['15 March 2018', '2018-03-15T00:00:00.0000000'],
    ['March 15, 2018', '2018-03-15T00:00:00.0000000'],
    ['Thursday, March 15, 2018 1:00 PM', '2018-03-15T13:00:00.0000000'],
    ['15-Mar-2018', '2018-03-15T00:00:00.0000000'],
    ['0001-01-01T00:00:00Z', '0001-01-01T00:00:00.0000000Z'],
    ['9999-12-31T23:59:59.9999999', '9999-12-31T23:59:59.9999999'],
  ])('reads %s', (text, expected) => {
    expect(o(parseTimestamp(text))).toBe(expected);
  });

  it('reads day-first numeric dates and local month names in a day-first culture', () => {
    expect(o(parseTimestamp('15.03.2018 13:00', cultureFor('de-DE')))).toBe('2018-03-15T13:00:00.0000000');
    expect(o(parseTimestamp('20/10/2014', cultureFor('fr-FR')))).toBe('2014-10-20T00:00:00.0000000');
    expect(o(parseTimestamp('15. März 2018', cultureFor('de-DE')))).toBe('2018-03-15T00:00:00.0000000');
    expect(o(parseTimestamp('2018-03-15', cultureFor('de-DE')))).toBe('2018-03-15T00:00:00.0000000');
  });

  it.each([
    ['', 'not a valid timestamp'],
    ['yesterday', 'not a valid timestamp'],
    ['2018-13-01', 'month 13 is outside 1-12'],
    ['2018-02-29', 'day 29 does not exist in 2018-02'],
    ['2018-03-15T24:00:00', 'hour 24 is outside 0-23'],
    ['2018-03-15T13:60:00', 'minute 60 is outside 0-59'],
    ['2018-03-15T13:00:61', 'second 61 is outside 0-59'],
    ['2018-03-15T13:00:00+15:00', 'not a valid timestamp'],
    ['15/03/2018', 'month 15 is outside 1-12'],
    ['2018-03-15T13:00:00 tomorrow', 'not a valid timestamp'],
    ['13:00:00', 'not a valid timestamp'],
    ['3/5/2018 13:05 PM', 'not a valid timestamp'],
    ['Foo, 15 Mar 2018', 'not a valid timestamp'],
    ['0001-01-01T00:00:00+01:00', 'outside the supported range'],
    ['10000-01-01', 'not a valid timestamp'],
  ])('rejects %j (%s), quoting the text', (text, message) => {
    expect(() => parseTimestamp(text)).toThrow(DateTimeError);
    expect(() => parseTimestamp(text)).toThrow(message);
    if (text !== '') expect(() => parseTimestamp(text)).toThrow(`'${text}'`);
  });
});

describe('parseExactTimestamp (ParseExact)', () => {
  const enUS = cultureFor('en-US');
  it.each([
    ['21052019', 'ddMMyyyy', '2019-05-21T00:00:00.0000000'],
    ['10/20/2014 15h', 'MM/dd/yyyy HH\\h', '2014-10-20T15:00:00.0000000'],
    ['15-Jun-2009', 'dd-MMM-yyyy', '2009-06-15T00:00:00.0000000'],
    ['15-June-2009', 'dd-MMMM-yyyy', '2009-06-15T00:00:00.0000000'],
    ['Monday, June 15, 2009', 'D', '2009-06-15T00:00:00.0000000'],
    ['6/15/2009 1:45:30 PM', 'G', '2009-06-15T13:45:30.0000000'],
    ['2009-06-15T13:45:30.6175420Z', 'o', '2009-06-15T13:45:30.6175420Z'],
    ['2009-06-15T13:45:30.6175420', 'o', '2009-06-15T13:45:30.6175420'],
    ['2009-06-15T13:45:30+02:00', 'yyyy-MM-ddTHH:mm:sszzz', '2009-06-15T11:45:30.0000000Z'],
    ['2009-06-15 13:45:30.61', 'yyyy-MM-dd HH:mm:ss.FFF', '2009-06-15T13:45:30.6100000'],
    ['2009-06-15 13:45:30', 'yyyy-MM-dd HH:mm:ss.FFF', '2009-06-15T13:45:30.0000000'],
    ['1:45 PM', 'h:mm tt', '2024-06-01T13:45:00.0000000'],
    ['12:05 AM', 'hh:mm tt', '2024-06-01T00:05:00.0000000'],
    ['12:05', 'hh:mm', '2024-06-01T12:05:00.0000000'],
    ['June 2009', 'MMMM yyyy', '2009-06-01T00:00:00.0000000'],
    ['15/06/09', 'dd/MM/yy', '2009-06-15T00:00:00.0000000'],
  ])('reads %s with %s', (text, format, expected) => {
    expect(o(parseExactTimestamp(text, format, enUS, today))).toBe(expected);
  });

  it('uses the culture names and separators', () => {
    expect(o(parseExactTimestamp('15.06.2009', 'dd/MM/yyyy', cultureFor('de-DE'), today))).toBe('2009-06-15T00:00:00.0000000');
    expect(o(parseExactTimestamp('lundi 15 juin 2009', 'dddd d MMMM yyyy', cultureFor('fr-FR'), today))).toBe('2009-06-15T00:00:00.0000000');
  });

  it.each([
    ['2009/06/15', 'yyyy-MM-dd'],
    ['2009-06-15 extra', 'yyyy-MM-dd'],
    ['2009-6-15', 'yyyy-MM-dd'],
    ['2009-06-31', 'yyyy-MM-dd'],
    ['13:45 PM', 'h:mm tt'],
    ['15-Jux-2009', 'dd-MMM-yyyy'],
  ])('rejects %s for %s', (text, format) => {
    expect(() => parseExactTimestamp(text, format, enUS, today)).toThrow(DateTimeError);
    expect(() => parseExactTimestamp(text, format, enUS, today)).toThrow(`'${text}'`);
  });
});
