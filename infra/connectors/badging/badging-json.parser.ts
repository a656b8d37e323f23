import { errorMessage, PayloadTooLargeError, ValidationError } from '../../../core/errors';
import { BADGING_MAX_RECORDS } from '../../../core/ingest/badging/badging-record.schema';
import { normalizeBadgingRecord } from '../../../core/ingest/badging/badging.normalizer';
import type { RecordOutcome } from '../../../core/ingest/record-outcome';
import type { ParseContext, SignalParser } from '../signal-parser';

function parseJson(text: string, file: string): unknown {
  try {
    return JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text) as unknown;
  } catch (error) {
    const detail = errorMessage(error);
    throw new ValidationError(`${file}: not valid JSON (${detail}); expected a JSON array of badging records`, [
      { file, reason: `not valid JSON: ${detail}` },
    ], { cause: error });
  }
}

function* outcomes(records: readonly unknown[]): Generator<RecordOutcome> {
  for (let i = 0; i < records.length; i++) {
    const row = i + 1;
    const result = normalizeBadgingRecord(records[i]);
    yield result.ok
      ? { type: 'activity', row, activity: result.activity, requiresKnownUser: { field: result.userField } }
      : { type: 'rejected', row, field: result.field, reason: result.reason };
  }
}

/**
 * Physical badging connector JSON: one array of access records per request, as the connector's
 * push script sends them. Rows are numbered by array position (the first record is row 1).
 */
export const badgingJsonParser: SignalParser = {
  format: 'badging-json',
  parse(text: string, context: ParseContext): Iterable<RecordOutcome> {
    const document = parseJson(text, context.file);
    if (!Array.isArray(document)) {
      const got = document === null ? 'null' : typeof document === 'object' ? 'an object' : `a ${typeof document}`;
      throw new ValidationError(
        `${context.file}: expected a JSON array of badging records ([{"UserId": …, "AssetId": …, "EventTime": …, "AccessStatus": …}]), got ${got}`,
        [{ file: context.file, reason: `expected a JSON array, got ${got}` }],
      );
    }
    const records: readonly unknown[] = document;
    if (records.length > BADGING_MAX_RECORDS) {
      const fmt = (n: number): string => n.toLocaleString('en-US');
      throw new PayloadTooLargeError(
        `${context.file}: ${fmt(records.length)} records were sent, but at most ${fmt(BADGING_MAX_RECORDS)} ` +
          'are accepted per request; split the file',
      );
    }
    return outcomes(records);
  },
};
