import fs from 'node:fs';
import path from 'node:path';
import { ValidationError } from '../../../../core/errors';
import { ActivitySchema, type Activity } from '../../../../core/ingest/activity';
import type { RecordOutcome } from '../../../../core/ingest/record-outcome';
import { auditNdjsonParser } from '../../../../infra/connectors/audit/audit-ndjson.parser';

const FIXTURES = path.join(__dirname, '../../../fixtures/audit');
const CONTOSO = new Set(['contoso.com']);

function parseText(text: string, file = 'audit.ndjson'): RecordOutcome[] {
  return [...auditNdjsonParser.parse(text, { file, internalDomains: CONTOSO })];
}

function parseFixture(name: string): RecordOutcome[] {
  return parseText(fs.readFileSync(path.join(FIXTURES, name), 'utf8'), name);
}

function activityAt(outcomes: readonly RecordOutcome[], row: number): Activity {
  const outcome = outcomes.find((o) => o.row === row);
  if (outcome?.type !== 'activity') throw new Error(`row ${row} is ${outcome?.type ?? 'missing'}, not an activity`);
  return outcome.activity;
}

function kinds(outcomes: readonly RecordOutcome[]): (string | number)[][] {
  return outcomes.map((o) => (o.type === 'activity' ? [o.row, o.activity.kind] : o.type === 'unscored' ? [o.row, 'unscored', o.operation] : [o.row, o.type]));
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

describe('audit-ndjson parser: Exchange', () => {
  const outcomes = parseFixture('exchange.ndjson');

  it('scores mail with attachments to outside recipients, and only that', () => {
    expect(kinds(outcomes)).toEqual([
      [1, 'email.sent.external-attachment'],
      // Recipients all inside the organization.
      [2, 'unscored', 'Send'],
      // No attachment.
      [3, 'unscored', 'Send'],
      [4, 'email.sent.external-attachment'],
      [5, 'email.sent.external-attachment'],
      // No recipientList: the record cannot show that the mail left the organization.
      [6, 'unscored', 'Send'],
      [7, 'email.sent.external-attachment'],
      // The DLP match is in the message body, not in an attachment.
      [8, 'unscored', 'DlpRuleMatch'],
      [9, 'unscored', 'MailItemsAccessed'],
    ]);
  });

  it('normalizes a Send: all recipients, the external domains, the attachments', () => {
    expect(activityAt(outcomes, 1)).toEqual({
      id: 'audit:8467cffd-e7f7-4e62-878c-416ca0562170',
      source: 'audit',
      kind: 'email.sent.external-attachment',
      userId: 'megan.bowen@contoso.com',
      time: '2026-03-05T07:45:12.000Z',
      operation: 'Send',
      workload: 'Exchange',
      recipients: ['jordan.miller@fabrikam.com', 'alex.wilber@contoso.com'],
      targetDomains: ['fabrikam.com'],
      fileName: 'Pricing model v7.xlsx',
      fileExtension: 'xlsx',
      details: {
        attachments: 'Pricing model v7.xlsx; Terms.pdf',
        attachmentCount: 2,
        subject: 'Pricing for review',
        internetMessageId: '<AM6PR04MB514288467CFFD@AM6PR04MB5142.eurprd04.prod.outlook.com>',
      },
    });
  });

  it('attributes SendAs and SendOnBehalf to the delegate who sent them', () => {
    expect(activityAt(outcomes, 4)).toMatchObject({ operation: 'SendAs', userId: 'alex.wilber@contoso.com', targetDomains: ['northwindtraders.com'], fileName: 'Invoice 4471.pdf' });
    expect(activityAt(outcomes, 5)).toMatchObject({ operation: 'SendOnBehalf', userId: 'lidia.holloway@contoso.com', targetDomains: ['tailspintoys.com'], fileExtension: 'zip' });
  });

  it('reads recipients, the attachment and the sensitive information types from a DLP rule match', () => {
    expect(activityAt(outcomes, 7)).toEqual({
      id: 'audit:10c796b1-e64d-44bb-aa77-c66d6d7fba2b',
      source: 'audit',
      kind: 'email.sent.external-attachment',
      userId: 'megan.bowen@contoso.com',
      time: '2026-03-05T08:20:31.000Z',
      operation: 'DlpRuleMatch',
      workload: 'Exchange',
      recipients: ['jordan.miller@fabrikam.com', 'alex.wilber@contoso.com'],
      targetDomains: ['fabrikam.com'],
      fileName: 'Customer list 2026.xlsx',
      fileExtension: 'xlsx',
      sensitiveInfoTypes: ['Credit Card Number'],
      details: {
        attachments: 'Customer list 2026.xlsx',
        attachmentCount: 1,
        subject: 'Customer export',
        internetMessageId: '<DM6PR11MB410710C796@DM6PR11MB4107.namprd11.prod.outlook.com>',
        policies: 'PCI DSS outbound',
      },
    });
  });
});

describe('audit-ndjson parser: Endpoint DLP', () => {
  const outcomes = parseFixture('endpoint.ndjson');

  it('maps every device activity, and leaves modifications and media mounts unscored', () => {
    expect(kinds(outcomes)).toEqual([
      [1, 'device.copied-to-usb'],
      [2, 'device.copied-to-usb'],
      [3, 'device.printed'],
      [4, 'device.uploaded-to-cloud'],
      [5, 'device.uploaded-to-cloud'],
      [6, 'device.copied-to-network-share'],
      [7, 'device.copied-to-network-share'],
      [8, 'device.copied-to-clipboard'],
      [9, 'device.copied-to-remote-desktop'],
      [10, 'device.file.renamed'],
      [11, 'device.file.archived'],
      [12, 'device.file.deleted'],
      [13, 'device.file.created'],
      [14, 'device.file.read'],
      [15, 'device.downloaded-by-browser'],
      [16, 'unscored', 'FileModified'],
      [17, 'unscored', 'RemovableMediaMount'],
    ]);
  });

  it('normalizes a copy to USB: device, file, media, label and sensitive information types', () => {
    expect(activityAt(outcomes, 1)).toEqual({
      id: 'audit:e9bea675-42d3-41bf-99a3-8fcf3626d3de',
      source: 'audit',
      kind: 'device.copied-to-usb',
      userId: 'megan.bowen@contoso.com',
      time: '2026-03-06T16:40:05.000Z',
      operation: 'FileCopiedToRemovableMedia',
      workload: 'Endpoint',
      deviceName: 'LAPTOP-MB4821.contoso.com',
      filePath: 'C:\\Users\\megan.bowen\\Documents\\Customer list 2026.xlsx',
      fileName: 'Customer list 2026.xlsx',
      fileExtension: 'xlsx',
      destination: 'SanDisk Ultra USB 3.0',
      sensitivityLabel: '8d2f4b6a-9c1e-4a3b-8f7d-6e5c4b3a2d1f',
      sensitiveInfoTypes: ['Credit Card Number', 'U.S. Social Security Number (SSN)'],
      details: { application: 'explorer.exe', targetFilePath: 'E:\\Customer list 2026.xlsx', serialNumber: '4C530001230815109371', enforcementMode: 1 },
    });
  });

  it('fills the destination of each channel: printer, cloud domain, share, remote session, new name, archive', () => {
    expect(activityAt(outcomes, 3)).toMatchObject({ kind: 'device.printed', destination: 'HP LaserJet 4th Floor', fileName: 'Board deck FY26.pptx' });
    expect(activityAt(outcomes, 4)).toMatchObject({
      kind: 'device.uploaded-to-cloud',
      targetDomains: ['drive.google.com'],
      destination: 'https://drive.google.com/drive/my-drive',
      sensitiveInfoTypes: ['Credit Card Number'],
    });
    // Without TargetDomain the domain is the URL's host, lower-case, without the port.
    expect(activityAt(outcomes, 5)).toMatchObject({ targetDomains: ['wetransfer.com'], destination: 'https://WeTransfer.com:443/upload?x=1' });
    expect(activityAt(outcomes, 6)).toMatchObject({ kind: 'device.copied-to-network-share', destination: '\\\\fileserver01\\public\\Payroll March.xlsx' });
    expect(activityAt(outcomes, 9)).toMatchObject({ kind: 'device.copied-to-remote-desktop', destination: '\\\\tsclient\\C\\Temp\\Design spec v3.docx' });
    expect(activityAt(outcomes, 10)).toMatchObject({
      kind: 'device.file.renamed',
      fileName: 'holiday photos.xlsx',
      details: { previousFileName: 'Customer list 2026.xlsx' },
    });
    expect(activityAt(outcomes, 11)).toMatchObject({ kind: 'device.file.archived', destination: 'C:\\Users\\megan.bowen\\Documents\\archive.7z' });
  });

  it('keeps the originating domain of a browser download and marks hidden files', () => {
    expect(activityAt(outcomes, 15)).toMatchObject({ kind: 'device.downloaded-by-browser', targetDomains: ['files.example-warez.net'], fileName: 'keygen.zip' });
    expect(activityAt(outcomes, 13)).toMatchObject({ kind: 'device.file.created', fileName: 'export.csv', details: { hidden: true } });
  });

  it('produces activities that satisfy the activity model', () => {
    for (const outcome of [...outcomes, ...parseFixture('exchange.ndjson')]) {
      if (outcome.type === 'activity') expect(ActivitySchema.safeParse(outcome.activity).error).toBeUndefined();
    }
  });
});

describe('audit-ndjson parser: bad input', () => {
  it('rejects bad lines by line number, ignores blank ones and keeps the good ones', () => {
    const outcomes = parseFixture('bad-lines.ndjson');
    expect(outcomes[0]).toMatchObject({ type: 'activity', row: 1 });
    expect(outcomes.slice(1)).toEqual([
      {
        type: 'rejected',
        row: 3,
        field: 'record',
        reason: expect.stringMatching(/^the line is not valid JSON \(.+\); expected one JSON audit record per line \(NDJSON\)$/) as unknown,
      },
      { type: 'rejected', row: 4, field: 'record', reason: 'expected a JSON object (one audit record), got an array' },
      { type: 'rejected', row: 5, field: 'recipientList', reason: 'expected an array, got a string ("jordan.miller@fabrikam.com")' },
      { type: 'rejected', row: 6, field: 'RemovableMediaDeviceAttributes.SerialNumber', reason: 'expected a string, got a number (4530001230815)' },
      { type: 'rejected', row: 8, field: 'SensitivityLabelEventData.LabelEventType', reason: 'expected a number, got a string ("2")' },
      { type: 'rejected', row: 9, field: 'recipientList[0].Address', reason: 'expected a string, got a number (5)' },
    ]);
  });

  it('refuses a JSON array as a whole, pointing to audit-json', () => {
    const error = thrown(() => parseFixture('array.ndjson'));
    expect(error.message).toMatch(/^array\.ndjson: line 1 is not valid JSON \(.+\); expected one JSON audit record per line \(NDJSON\) \(a JSON array is audit-json\)$/);
    expect(error.issues).toEqual([{ file: 'array.ndjson', row: 1, reason: expect.stringMatching(/^not valid JSON: /) as unknown }]);
    const oneLine = thrown(() => parseText('[{"Id":"1"}]\n', 'blob.ndjson'));
    expect(oneLine.message).toBe('blob.ndjson: line 1 holds a JSON array; expected one JSON audit record per line (NDJSON) (a JSON array of records is audit-json)');
    expect(oneLine.issues).toEqual([{ file: 'blob.ndjson', row: 1, reason: 'expected a JSON object, got an array' }]);
  });

  it('refuses an empty file', () => {
    const error = thrown(() => parseText('\n  \r\n', 'empty.ndjson'));
    expect(error.message).toBe('empty.ndjson: the file is empty; expected one JSON audit record per line (NDJSON)');
    expect(error.issues).toEqual([{ file: 'empty.ndjson', reason: 'empty file' }]);
  });

  it('numbers rows by line even after leading blank lines and a byte-order mark', () => {
    const line = fs.readFileSync(path.join(FIXTURES, 'endpoint.ndjson'), 'utf8').split('\n')[2];
    const [outcome] = parseText(`\uFEFF\n\n${line}`);
    expect(outcome).toMatchObject({ type: 'activity', row: 3, activity: { kind: 'device.printed' } });
  });

  it('reads a file\'s bytes as it reads its text: CRLF line ends, a byte-order mark and non-ASCII names', () => {
    const records = fs.readFileSync(path.join(FIXTURES, 'endpoint.ndjson'), 'utf8').split('\n').filter((l) => l.trim() !== '');
    const renamed = records.map((l) => l.replaceAll('Customer list 2026.xlsx', 'Zoë – 日本 🙂.xlsx'));
    const text = `\uFEFF${renamed.join('\r\n')}\r\n`;
    const fromText = parseText(text);
    const fromBytes = [...(auditNdjsonParser.parseBytes?.(Buffer.from(text, 'utf8'), { file: 'audit.ndjson', internalDomains: CONTOSO }) ?? [])];
    expect(fromBytes).toEqual(fromText);
    expect(fromBytes).toHaveLength(records.length);
    expect(fromBytes.some((o) => o.type === 'activity' && o.activity.fileName === 'Zoë – 日本 🙂.xlsx')).toBe(true);
  });
});
