import { errorMessage, ValidationError } from '../../../core/errors';
import { normalizeAuditRecord } from '../../../core/ingest/audit/audit.normalizer';
import type { RecordOutcome } from '../../../core/ingest/record-outcome';
import type { ParseContext, SignalParser } from '../signal-parser';
import { utf8BomLength } from '../utf8-bytes';

const EXPECTED = 'expected one JSON audit record per line (NDJSON)';

interface Line {
  /** 1-based line number in the file. */
  readonly row: number;
  readonly text: string;
}

function isBlank(line: string): boolean {
  // Records start with "{"; only other lines pay for the trim.
  return line.charCodeAt(0) !== 123 && line.trim() === '';
}

/**
 * Non-blank lines, without their line ends, numbered as in the file, decoded one at a time from
 * the file's bytes (so the file is never one string in the JS heap: see json-array-elements.ts).
 * A line feed byte never occurs inside a multi-byte UTF-8 sequence, so splitting bytes is safe.
 */
function* lines(bytes: Buffer, from: number): Generator<Line> {
  const n = bytes.length;
  let start = from;
  let row = 1;
  while (start < n) {
    let end = bytes.indexOf(10 /* \n */, start);
    if (end < 0) end = n;
    const stop = end > start && bytes[end - 1] === 13 /* \r */ ? end - 1 : end;
    const line = bytes.toString('utf8', start, stop);
    if (!isBlank(line)) yield { row, text: line };
    start = end + 1;
    row++;
  }
}

function* outcomes(first: { row: number; value: unknown }, rest: Iterator<Line>, context: ParseContext): Generator<RecordOutcome> {
  yield normalizeAuditRecord(first.value, first.row, context);
  for (let next = rest.next(); next.done !== true; next = rest.next()) {
    const { row, text } = next.value;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      yield { type: 'rejected', row, field: 'record', reason: `the line is not valid JSON (${errorMessage(error)}); ${EXPECTED}` };
      continue;
    }
    yield normalizeAuditRecord(value, row, context);
  }
}

/**
 * `audit-ndjson`: one audit record per line, blank lines ignored; rows are line numbers. The first
 * record is read before anything is returned, so a file that is not NDJSON at all (a JSON array,
 * a CSV export, an empty file) is refused as a whole; a bad line further down rejects that line
 * only. See docs/audit-operations.md.
 */
export const auditNdjsonParser: SignalParser = {
  format: 'audit-ndjson',
  parse(text: string, context: ParseContext): Iterable<RecordOutcome> {
    return parseNdjson(Buffer.from(text, 'utf8'), context);
  },
  parseBytes(bytes: Buffer, context: ParseContext): Iterable<RecordOutcome> {
    return parseNdjson(bytes, context);
  },
};

function parseNdjson(bytes: Buffer, context: ParseContext): Iterable<RecordOutcome> {
  const file = context.file;
  const all = lines(bytes, utf8BomLength(bytes));
  const head = all.next();
  if (head.done === true) {
    throw new ValidationError(`${file}: the file is empty; ${EXPECTED}`, [{ file, reason: 'empty file' }]);
  }
  const { row, text: line } = head.value;
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (error) {
    const hint = line.trimStart().startsWith('[') ? ' (a JSON array is audit-json)' : '';
    throw new ValidationError(`${file}: line ${row} is not valid JSON (${errorMessage(error)}); ${EXPECTED}${hint}`, [
      { file, row, reason: `not valid JSON: ${errorMessage(error)}` },
    ], { cause: error });
  }
  if (Array.isArray(value)) {
    throw new ValidationError(`${file}: line ${row} holds a JSON array; ${EXPECTED} (a JSON array of records is audit-json)`, [
      { file, row, reason: 'expected a JSON object, got an array' },
    ]);
  }
  return outcomes({ row, value }, all, context);
}
