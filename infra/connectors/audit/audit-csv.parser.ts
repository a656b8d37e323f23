import { errorMessage, ValidationError } from '../../../core/errors';
import { normalizeAuditRecord } from '../../../core/ingest/audit/audit.normalizer';
import type { RecordOutcome } from '../../../core/ingest/record-outcome';
import { CsvSyntaxError, readCsvRows, type CsvRow } from '../csv/csv-reader';
import type { ParseContext, SignalParser } from '../signal-parser';

const AUDIT_DATA = 'AuditData';
const EXPECTED_HEADER =
  'the Purview audit search export has the columns CreationDate,UserIds,Operations,AuditData ' +
  '(newer exports add RecordId, RecordType, AssociatedAdminUnits …), with the full record as JSON in AuditData';

function syntaxError(error: unknown, file: string): unknown {
  if (!(error instanceof CsvSyntaxError)) return error;
  const reason = error.message.replace(/^row \d+: /, '');
  return new ValidationError(`${file}: not valid CSV at row ${error.row}: ${reason}`, [{ file, row: error.row, reason }], { cause: error });
}

/**
 * The header, after reading the whole file once: an unterminated quote anywhere makes every row
 * boundary after it doubtful, and the parser contract is that such a file stores nothing. The rows
 * are read again, lazily, for the outcomes: keeping ~1 KB of AuditData per row alive for the whole
 * file made the garbage collector cost four times the reading.
 */
function checkedHeader(text: string, file: string): CsvRow | undefined {
  let header: CsvRow | undefined;
  try {
    for (const row of readCsvRows(text)) header ??= row;
  } catch (error) {
    throw syntaxError(error, file);
  }
  return header;
}

/** The position of the AuditData column; the other columns repeat what AuditData holds. */
function auditDataColumn(header: CsvRow, file: string): number {
  const found: number[] = [];
  header.fields.forEach((name, index) => {
    if (name.trim().toLowerCase() === 'auditdata') found.push(index);
  });
  if (found.length === 0) {
    const columns = header.fields.map((name) => name.trim()).join(',');
    throw new ValidationError(`${file}: missing column ${AUDIT_DATA} (the header is "${columns}"); ${EXPECTED_HEADER}`, [
      { file, row: header.row, field: AUDIT_DATA, reason: 'missing column' },
    ]);
  }
  if (found.length > 1) {
    throw new ValidationError(`${file}: the header names ${AUDIT_DATA} ${found.length} times; ${EXPECTED_HEADER}`, [
      { file, row: header.row, field: AUDIT_DATA, reason: `column appears ${found.length} times` },
    ]);
  }
  return found[0];
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return `a ${typeof value}`;
}

function rowOutcome(row: CsvRow, column: number, width: number, context: ParseContext): RecordOutcome {
  const have = row.fields.length;
  if (have !== width) {
    return {
      type: 'rejected',
      row: row.row,
      field: AUDIT_DATA,
      reason:
        `the row has ${have} fields but the header has ${width}; ` +
        (have > width ? 'quote values that contain commas (AuditData always does)' : 'every row needs one field per header column'),
    };
  }
  const data = row.fields[column];
  if (data.trim() === '') {
    return { type: 'rejected', row: row.row, field: AUDIT_DATA, reason: 'empty; expected the full audit record as a JSON object' };
  }
  let value: unknown;
  try {
    value = JSON.parse(data);
  } catch (error) {
    const detail = errorMessage(error);
    return { type: 'rejected', row: row.row, field: AUDIT_DATA, reason: `not valid JSON (${detail}); expected the full audit record as a JSON object` };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { type: 'rejected', row: row.row, field: AUDIT_DATA, reason: `expected a JSON object (the audit record), got ${describe(value)}` };
  }
  const outcome = normalizeAuditRecord(value, row.row, context);
  // Problems inside the record are named by their path within the AuditData column.
  return outcome.type === 'rejected' ? { ...outcome, field: `${AUDIT_DATA}.${outcome.field}` } : outcome;
}

function* outcomes(text: string, column: number, width: number, context: ParseContext): Generator<RecordOutcome> {
  let header = true;
  for (const row of readCsvRows(text)) {
    if (header) header = false;
    else yield rowOutcome(row, column, width, context);
  }
}

/**
 * `audit-csv`: the CSV the Purview audit search exports. Only AuditData matters; every other
 * column is ignored, because AuditData holds the complete record (CreationDate, UserIds and
 * Operations are copies of fields in it). Header names are matched without regard to case. Rows
 * are CSV rows as numbered in the file (the header is row 1). See docs/audit-operations.md.
 */
export const auditCsvParser: SignalParser = {
  format: 'audit-csv',
  parse(text: string, context: ParseContext): Iterable<RecordOutcome> {
    const file = context.file;
    const header = checkedHeader(text, file);
    if (header === undefined) {
      throw new ValidationError(`${file}: the file is empty; ${EXPECTED_HEADER}`, [{ file, row: 1, reason: 'empty file' }]);
    }
    const column = auditDataColumn(header, file);
    return outcomes(text, column, header.fields.length, context);
  },
};
