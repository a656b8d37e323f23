import type { Activity } from '../activity';
import type { RecordOutcome } from '../record-outcome';
import { parseAuditCreationTime } from './audit-creation-time';
import {
  DLP_EXCHANGE,
  ENDPOINT,
  EXCHANGE_SEND,
  LABEL_ACTION,
  SHAREPOINT_FILE,
  SHAREPOINT_LABEL,
  SHAREPOINT_SHARING,
  type AuditFamily,
} from './audit-families';
import { auditRowsForOperation, type AuditOperationRow } from './audit-operation-map';
import { AuditCommonRecordSchema, blankReason, issueField, type AuditCommonRecord } from './audit-record.schema';

export interface AuditNormalizeContext {
  /** The organization's own domains, lower-case: a recipient or sharing target outside them is external. */
  readonly internalDomains: ReadonlySet<string>;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return `a ${typeof value}`;
}

/**
 * Whether a row could apply to a record, decided from its raw RecordType and Workload before
 * validation: the first such row chooses which fields get validated. A record whose raw values
 * are malformed matches no row and is validated (and rejected) on the common fields alone.
 */
function applies(row: AuditOperationRow, recordType: unknown, workload: unknown): boolean {
  if (row.recordTypes !== undefined && (typeof recordType !== 'number' || !row.recordTypes.includes(recordType))) return false;
  return row.workloads === undefined || (typeof workload === 'string' && row.workloads.includes(workload));
}

function rejected(row: number, field: string, reason: string): RecordOutcome {
  return { type: 'rejected', row, field, reason };
}

function normalizeWith<R extends AuditCommonRecord>(
  family: AuditFamily<R> | undefined,
  raw: Record<string, unknown>,
  row: number,
  mapRows: readonly AuditOperationRow[],
  internalDomains: ReadonlySet<string>,
): RecordOutcome {
  const parsed = family === undefined ? AuditCommonRecordSchema.safeParse(raw) : family.schema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return rejected(row, issueField(issue.path), issue.message);
  }
  const record = parsed.data;
  const id = record.Id.trim();
  if (id === '') return rejected(row, 'Id', blankReason('Id'));
  const time = parseAuditCreationTime(record.CreationTime);
  if (!time.ok) return rejected(row, 'CreationTime', time.reason);
  if (record.Operation.trim() === '') return rejected(row, 'Operation', blankReason('Operation'));
  const userId = record.UserId.trim().toLowerCase();
  if (userId === '') return rejected(row, 'UserId', blankReason('UserId'));
  const key = `audit:${id}`;

  if (family !== undefined) {
    // Parsed with family.schema, so the record has the family's fields.
    const typed = record as R;
    const itemType = family.itemType(typed) ?? 'File';
    for (const candidate of mapRows) {
      if (!applies(candidate, record.RecordType, record.Workload)) continue;
      if (candidate.itemTypes !== undefined && !candidate.itemTypes.includes(itemType)) continue;
      if (candidate.condition !== 'always' && !family.holds(candidate.condition, typed, internalDomains)) continue;
      const activity: Activity = { id: key, source: 'audit', kind: candidate.kind, userId, time: time.value, operation: record.Operation };
      const workload = record.Workload;
      if (workload !== null && workload !== undefined && workload !== '') activity.workload = workload;
      family.complete(activity, typed, internalDomains);
      return { type: 'activity', row, activity };
    }
  }
  return { type: 'unscored', row, key, operation: record.Operation };
}

/**
 * One Office 365 Management Activity API record into exactly one outcome: an activity when the
 * operation map scores it, `unscored` when it is a valid record of something not scored (or a
 * share that stayed inside the organization, a label upgrade …), `rejected` naming the field and
 * the reason otherwise. See docs/audit-operations.md.
 *
 * `row` is the caller's numbering (array position, line number or CSV row); it is only echoed.
 */
export function normalizeAuditRecord(raw: unknown, row: number, context: AuditNormalizeContext): RecordOutcome {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return rejected(row, 'record', `expected a JSON object (one audit record), got ${describe(raw)}`);
  }
  const record = raw as Record<string, unknown>;
  const operation = record.Operation;
  const mapRows = typeof operation === 'string' ? auditRowsForOperation(operation) : [];
  let first: AuditOperationRow | undefined;
  for (const candidate of mapRows) {
    if (applies(candidate, record.RecordType, record.Workload)) {
      first = candidate;
      break;
    }
  }
  const internalDomains = context.internalDomains;
  if (first === undefined) return normalizeWith(undefined, record, row, mapRows, internalDomains);
  // Rows of one operation and record type share a family (a unit test checks the table).
  switch (first.family) {
    case 'sharepoint-file':
      return normalizeWith(SHAREPOINT_FILE, record, row, mapRows, internalDomains);
    case 'sharepoint-sharing':
      return normalizeWith(SHAREPOINT_SHARING, record, row, mapRows, internalDomains);
    case 'sharepoint-label':
      return normalizeWith(SHAREPOINT_LABEL, record, row, mapRows, internalDomains);
    case 'label-action':
      return normalizeWith(LABEL_ACTION, record, row, mapRows, internalDomains);
    case 'exchange-send':
      return normalizeWith(EXCHANGE_SEND, record, row, mapRows, internalDomains);
    case 'dlp-exchange':
      return normalizeWith(DLP_EXCHANGE, record, row, mapRows, internalDomains);
    case 'endpoint':
      return normalizeWith(ENDPOINT, record, row, mapRows, internalDomains);
  }
}
