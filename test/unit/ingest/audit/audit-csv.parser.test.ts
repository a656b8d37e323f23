import fs from 'node:fs';
import path from 'node:path';
import { ValidationError } from '../../../../core/errors';
import type { RecordOutcome } from '../../../../core/ingest/record-outcome';
import { auditCsvParser } from '../../../../infra/connectors/audit/audit-csv.parser';
import { auditJsonParser } from '../../../../infra/connectors/audit/audit-json.parser';
import { csvField } from '../../../../infra/connectors/csv/csv-reader';

const FIXTURES = path.join(__dirname, '../../../fixtures/audit');
const CONTOSO = new Set(['contoso.com']);

function parseText(text: string, file = 'audit.csv'): RecordOutcome[] {
  return [...auditCsvParser.parse(text, { file, internalDomains: CONTOSO })];
}

function parseFixture(name: string): RecordOutcome[] {
  return parseText(fs.readFileSync(path.join(FIXTURES, name), 'utf8'), name);
}

function thrown(run: () => unknown): ValidationError {
  try {
    run();
  } catch (error) {
    if (error instanceof ValidationError) return error;
    throw error;
  }
  throw new Error('expected a ValidationError');
}

function kinds(outcomes: readonly RecordOutcome[]): (string | number)[][] {
  return outcomes.map((o) => (o.type === 'activity' ? [o.row, o.activity.kind] : o.type === 'unscored' ? [o.row, 'unscored', o.operation] : [o.row, o.type]));
}

describe('audit-csv parser', () => {
  it('reads the classic export (CreationDate,UserIds,Operations,AuditData) from AuditData alone, rows numbered from the header', () => {
    const outcomes = parseFixture('audit-search-classic.csv');
    expect(kinds(outcomes)).toEqual([
      [2, 'file.downloaded'],
      [3, 'file.shared.external'],
      [4, 'unscored', 'SharingSet'],
      [5, 'email.sent.external-attachment'],
      [6, 'device.copied-to-usb'],
      [7, 'unscored', 'UserLoggedIn'],
      [8, 'unscored', 'FileAccessed'],
    ]);
    // CreationDate in the export is local and to the second; the time comes from AuditData.
    expect(outcomes[0]).toMatchObject({
      type: 'activity',
      activity: { id: 'audit:9a123629-52ad-4924-9e8e-87492aa7262d', userId: 'megan.bowen@contoso.com', time: '2026-03-02T09:14:27.000Z', fileName: 'Q3 forecast.xlsx' },
    });
    expect(outcomes[6]).toEqual({ type: 'unscored', row: 8, key: 'audit:07bfd60e-72e2-40dd-b5f3-793f930d3398', operation: 'FileAccessed' });
  });

  it('normalizes a record exactly as the JSON formats do', () => {
    const json = [...auditJsonParser.parse(fs.readFileSync(path.join(FIXTURES, 'sharepoint-file-operations.json'), 'utf8'), { file: 'x.json', internalDomains: CONTOSO })];
    const csv = parseFixture('audit-search-classic.csv');
    expect(csv[0].type === 'activity' && csv[0].activity).toEqual(json[0].type === 'activity' && json[0].activity);
  });

  it('reads the newer export with RecordId, RecordType and AssociatedAdminUnits columns, ignoring them', () => {
    const outcomes = parseFixture('audit-search-export.csv');
    expect(kinds(outcomes)).toEqual([
      [2, 'label.downgraded'],
      [3, 'device.uploaded-to-cloud'],
      [4, 'teams.file.shared.external'],
      [5, 'unscored', 'UserLoggedIn'],
    ]);
    expect(outcomes[2]).toMatchObject({ activity: { recipients: ['sam.lee@adatum.com'], targetDomains: ['adatum.com'], fileName: 'Pricing model v7.xlsx' } });
  });

  it('matches the AuditData header without regard to case and spacing', () => {
    const record = fs.readFileSync(path.join(FIXTURES, 'sharepoint-file-operations.json'), 'utf8');
    const first = JSON.stringify((JSON.parse(record) as unknown[])[0]);
    const outcomes = parseText(`creationdate, userids ,operations, AUDITDATA \n3/2/2026 9:14:27 AM,megan.bowen@contoso.com,FileDownloaded,${csvField(first)}\n`);
    expect(kinds(outcomes)).toEqual([[2, 'file.downloaded']]);
  });

  it('rejects bad rows naming AuditData, or the field inside it, and keeps the good ones', () => {
    expect(parseFixture('bad-rows.csv')).toEqual([
      {
        type: 'rejected',
        row: 2,
        field: 'AuditData',
        reason: expect.stringMatching(/^not valid JSON \(.+\); expected the full audit record as a JSON object$/) as unknown,
      },
      { type: 'rejected', row: 3, field: 'AuditData', reason: 'empty; expected the full audit record as a JSON object' },
      { type: 'rejected', row: 4, field: 'AuditData', reason: 'expected a JSON object (the audit record), got an array' },
      {
        type: 'rejected',
        row: 5,
        field: 'AuditData',
        reason: 'the row has 5 fields but the header has 4; quote values that contain commas (AuditData always does)',
      },
      { type: 'rejected', row: 6, field: 'AuditData', reason: 'the row has 2 fields but the header has 4; every row needs one field per header column' },
      {
        type: 'rejected',
        row: 7,
        field: 'AuditData.CreationTime',
        reason: 'missing; the record CreationTime (UTC, e.g. 2026-03-02T08:00:00) is required',
      },
      expect.objectContaining({ type: 'activity', row: 8 }) as unknown,
    ]);
  });

  it('refuses a file without an AuditData column, naming the file and the column', () => {
    const error = thrown(() => parseFixture('missing-auditdata.csv'));
    expect(error.message).toBe(
      'missing-auditdata.csv: missing column AuditData (the header is "CreationDate,UserIds,Operations,Details"); ' +
        'the Purview audit search export has the columns CreationDate,UserIds,Operations,AuditData ' +
        '(newer exports add RecordId, RecordType, AssociatedAdminUnits …), with the full record as JSON in AuditData',
    );
    expect(error.issues).toEqual([{ file: 'missing-auditdata.csv', row: 1, field: 'AuditData', reason: 'missing column' }]);
  });

  it('refuses a file with an unterminated quote, naming the row where it opens', () => {
    const error = thrown(() => parseFixture('unterminated.csv'));
    expect(error.message).toBe('unterminated.csv: not valid CSV at row 3: a quoted field is not closed before the end of the file');
    expect(error.issues).toEqual([{ file: 'unterminated.csv', row: 3, reason: 'a quoted field is not closed before the end of the file' }]);
  });

  it('refuses a header naming AuditData twice, and an empty file', () => {
    const twice = thrown(() => parseText('AuditData,CreationDate,auditdata\n', 'twice.csv'));
    expect(twice.message).toMatch(/^twice\.csv: the header names AuditData 2 times; /);
    expect(twice.issues).toEqual([{ file: 'twice.csv', row: 1, field: 'AuditData', reason: 'column appears 2 times' }]);
    const empty = thrown(() => parseText('\r\n', 'empty.csv'));
    expect(empty.issues).toEqual([{ file: 'empty.csv', row: 1, reason: 'empty file' }]);
  });

  it('throws file-level problems before returning anything', () => {
    expect(() => auditCsvParser.parse('CreationDate,UserIds\n1,2\n', { file: 'x.csv', internalDomains: CONTOSO })).toThrow(ValidationError);
  });
});
