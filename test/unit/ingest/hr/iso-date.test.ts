import { parseIsoDateTime } from '../../../../core/ingest/iso-date';

// Shared by every importer; tested here because the HR connector documents the most variants.
describe('parseIsoDateTime', () => {
  it.each([
    ['2026-03-01', '2026-03-01T00:00:00.000Z'],
    ['2026-03-01T09:15:49', '2026-03-01T09:15:49.000Z'],
    ['2026-03-01T09:15:49Z', '2026-03-01T09:15:49.000Z'],
    ['2019-04-29T15:18:02.7117540', '2019-04-29T15:18:02.711Z'],
    ['2019-04-23T15:18:02.4675041+05:30', '2019-04-23T09:48:02.467Z'],
    ['2026-03-01T23:30:00-01:00', '2026-03-02T00:30:00.000Z'],
    ['2026-03-01T00:00:00.9999999Z', '2026-03-01T00:00:00.999Z'],
    ['2024-02-29T12:00:00Z', '2024-02-29T12:00:00.000Z'],
    ['2000-02-29', '2000-02-29T00:00:00.000Z'],
    ['0099-01-01', '0099-01-01T00:00:00.000Z'],
    [' 2026-03-01T09:15:49Z ', '2026-03-01T09:15:49.000Z'],
  ])('reads %s as %s', (input, expected) => {
    expect(parseIsoDateTime(input)).toEqual({ ok: true, value: expected });
  });

  it.each([
    ['2026-02-30', "'2026-02-30' is not a real date"],
    ['2025-02-29', "'2025-02-29' is not a real date"],
    ['1900-02-29', "'1900-02-29' is not a real date"],
    ['2026-13-01', "'2026-13-01' is not a real date"],
    ['2026-04-31T00:00:00Z', "'2026-04-31T00:00:00Z' is not a real date"],
    ['2026-03-01T23:60:00Z', "'2026-03-01T23:60:00Z' is not a real time of day"],
    ['2026-03-01T23:59:60Z', "'2026-03-01T23:59:60Z' is not a real time of day"],
    ['2026-03-01T10:00:00+14:01', "'2026-03-01T10:00:00+14:01' is not a real UTC offset"],
    ['2026-03-01T10:00:00.12345678Z', "'2026-03-01T10:00:00.12345678Z' is not a date in the expected format"],
    ['2026-03-01 10:00:00', "'2026-03-01 10:00:00' is not a date in the expected format"],
    ['03/01/2026', "'03/01/2026' is not a date in the expected format"],
    ['2026-3-1', "'2026-3-1' is not a date in the expected format"],
    ['2026-03-01T10:00Z', "'2026-03-01T10:00Z' is not a date in the expected format"],
    ['9999-12-31T23:00:00-05:00', "'9999-12-31T23:00:00-05:00' is not a real date in the years 0000–9999"],
    ['', 'empty'],
  ])('refuses %s', (input, start) => {
    const result = parseIsoDateTime(input);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.reason).toBe(
      `${start}; expected ISO 8601: yyyy-mm-dd or yyyy-mm-ddThh:mm:ss, optionally with a fraction of up to 7 digits and Z or ±hh:mm (no offset means UTC), e.g. 2026-03-01T09:15:49Z`,
    );
  });
});
