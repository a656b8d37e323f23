import fs from 'node:fs';
import path from 'node:path';
import { ActivityKindSchema } from '../../../../core/ingest/activity';
import { AUDIT_CONDITIONS, AUDIT_OPERATION_MAP, auditRowsForOperation, type AuditOperationRow } from '../../../../core/ingest/audit/audit-operation-map';
import { auditJsonParser } from '../../../../infra/connectors/audit/audit-json.parser';
import { auditNdjsonParser } from '../../../../infra/connectors/audit/audit-ndjson.parser';

const DOC = path.join(__dirname, '../../../../docs/audit-operations.md');
const HEADER = ['Operation', 'RecordType', 'Workload', 'ItemType', 'Condition', 'Kind'];

function cells(line: string): string[] {
  return line
    .trim()
    .replace(/^\||\|$/g, '')
    .split('|')
    .map((cell) => cell.trim().replace(/`/g, ''));
}

/** The rows of the markdown table whose header is HEADER, as cell arrays. */
function documentedRows(markdown: string): string[][] {
  const lines = markdown.split(/\r?\n/);
  const start = lines.findIndex((line) => line.trim().startsWith('|') && cells(line).join('|') === HEADER.join('|'));
  if (start < 0) throw new Error(`docs/audit-operations.md has no table with the header ${HEADER.join(' | ')}`);
  const rows: string[][] = [];
  for (let i = start + 2; i < lines.length && lines[i].trim().startsWith('|'); i++) rows.push(cells(lines[i]));
  return rows;
}

function asCells(row: AuditOperationRow): string[] {
  const list = (values: readonly (string | number)[] | undefined): string => (values === undefined ? 'any' : values.join(', '));
  return [row.operation, list(row.recordTypes), list(row.workloads), list(row.itemTypes), row.condition, row.kind];
}

describe('audit operation map', () => {
  const documented = documentedRows(fs.readFileSync(DOC, 'utf8'));

  it('appears row for row, in the same order, in docs/audit-operations.md', () => {
    const inCode = AUDIT_OPERATION_MAP.map(asCells);
    for (const row of inCode) expect(documented).toContainEqual(row);
    // Order decides which row wins, so the documented order must be the code's too.
    expect(documented).toEqual(inCode);
  });

  it('documents every condition in the words the code uses', () => {
    const lines = fs.readFileSync(DOC, 'utf8').split(/\r?\n/);
    const start = lines.findIndex((line) => cells(line).join('|') === 'Condition|Holds when');
    expect(start).toBeGreaterThan(0);
    const table: Record<string, string> = {};
    for (let i = start + 2; i < lines.length && lines[i].trim().startsWith('|'); i++) {
      const [condition, meaning] = cells(lines[i]);
      table[condition] = meaning;
    }
    expect(table).toEqual(AUDIT_CONDITIONS);
  });

  it('maps only to activity kinds the activity model knows', () => {
    for (const row of AUDIT_OPERATION_MAP) expect(ActivityKindSchema.safeParse(row.kind).success).toBe(true);
  });

  it('gives all rows of one operation and record type the same record family', () => {
    // The normalizer validates a record with the family of its first candidate row.
    for (const row of AUDIT_OPERATION_MAP) {
      for (const other of auditRowsForOperation(row.operation)) {
        const sameTypes = (other.recordTypes ?? []).join() === (row.recordTypes ?? []).join();
        if (sameTypes) expect(other.family).toBe(row.family);
      }
    }
  });

  it('lists the Teams row of a share before the generic file row, so it can win', () => {
    for (const operation of ['SharingInvitationCreated', 'AddedToSecureLink', 'SharingSet', 'AccessInvitationCreated', 'AnonymousLinkCreated']) {
      const kinds = auditRowsForOperation(operation).map((row) => row.kind);
      expect(kinds.indexOf('teams.file.shared.external')).toBeLessThan(kinds.indexOf('file.shared.external'));
    }
  });

  it('has a fixture record for every mapped operation that becomes an activity', () => {
    const fixtures = path.join(__dirname, '../../../fixtures/audit');
    const context = { file: 'fixture', internalDomains: new Set(['contoso.com']) };
    const scored = new Set<string>();
    for (const [name, parser] of [
      ['sharepoint-file-operations.json', auditJsonParser],
      ['sharing.json', auditJsonParser],
      ['labels.json', auditJsonParser],
      ['exchange.ndjson', auditNdjsonParser],
      ['endpoint.ndjson', auditNdjsonParser],
    ] as const) {
      for (const outcome of parser.parse(fs.readFileSync(path.join(fixtures, name), 'utf8'), context)) {
        if (outcome.type === 'activity') scored.add(`${outcome.activity.operation} → ${outcome.activity.kind}`);
      }
    }
    const operations = [...new Set(AUDIT_OPERATION_MAP.map((row) => row.operation))];
    for (const operation of operations) {
      expect([...scored].some((entry) => entry.startsWith(`${operation} → `))).toBe(true);
    }
    // Every kind the map can produce is produced by some fixture.
    for (const kind of new Set(AUDIT_OPERATION_MAP.map((row) => row.kind))) {
      expect([...scored].some((entry) => entry.endsWith(` → ${kind}`))).toBe(true);
    }
  });

  it('has no rows for operations that are deliberately unscored', () => {
    for (const operation of ['FileAccessed', 'UserLoggedIn', 'MailItemsAccessed', 'PageViewed', 'CompanyLinkCreated', 'RemovableMediaMount']) {
      expect(auditRowsForOperation(operation)).toEqual([]);
    }
  });
});
