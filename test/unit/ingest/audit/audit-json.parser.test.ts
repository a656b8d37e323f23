import fs from 'node:fs';
import path from 'node:path';
import { ValidationError } from '../../../../core/errors';
import { ActivitySchema, type Activity } from '../../../../core/ingest/activity';
import type { RecordOutcome } from '../../../../core/ingest/record-outcome';
import { auditJsonParser } from '../../../../infra/connectors/audit/audit-json.parser';

const FIXTURES = path.join(__dirname, '../../../fixtures/audit');
const CONTOSO = new Set(['contoso.com']);

function parseText(text: string, file = 'audit.json'): RecordOutcome[] {
  return [...auditJsonParser.parse(text, { file, internalDomains: CONTOSO })];
}

function parseFixture(name: string): RecordOutcome[] {
  return parseText(fs.readFileSync(path.join(FIXTURES, name), 'utf8'), name);
}

/** [row, kind] for activities, [row, 'unscored', operation] otherwise: the shape of a whole file at a glance. */
function shape(outcomes: readonly RecordOutcome[]): (string | number)[][] {
  return outcomes.map((o) => {
    switch (o.type) {
      case 'activity':
        return [o.row, o.activity.kind];
      case 'unscored':
        return [o.row, 'unscored', o.operation];
      case 'rejected':
        return [o.row, 'rejected', o.field];
      case 'user':
        return [o.row, 'user'];
    }
  });
}

function activityAt(outcomes: readonly RecordOutcome[], row: number): Activity {
  const outcome = outcomes.find((o) => o.row === row);
  if (outcome?.type !== 'activity') throw new Error(`row ${row} is ${outcome?.type ?? 'missing'}, not an activity`);
  return outcome.activity;
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

describe('audit-json parser: SharePoint and OneDrive file operations', () => {
  const outcomes = parseFixture('sharepoint-file-operations.json');

  it('maps every download, sync, upload and deletion operation, and leaves reads and page views unscored', () => {
    expect(shape(outcomes)).toEqual([
      [1, 'file.downloaded'],
      [2, 'file.downloaded'],
      [3, 'file.synced'],
      [4, 'file.synced'],
      [5, 'file.uploaded'],
      [6, 'file.uploaded'],
      [7, 'file.uploaded'],
      [8, 'file.deleted'],
      [9, 'file.deleted'],
      [10, 'file.deleted.first-stage-recycle-bin'],
      [11, 'file.deleted.second-stage-recycle-bin'],
      [12, 'folder.deleted'],
      [13, 'folder.deleted'],
      [14, 'folder.deleted.first-stage-recycle-bin'],
      [15, 'folder.deleted.second-stage-recycle-bin'],
      [16, 'unscored', 'FileAccessed'],
      [17, 'unscored', 'PageViewed'],
      // Yammer's FileDownloaded (RecordType 22) is not a SharePoint download.
      [18, 'unscored', 'FileDownloaded'],
    ]);
  });

  it('normalizes a SharePoint download: id, lower-case user, UTC time with milliseconds, file and site', () => {
    expect(activityAt(outcomes, 1)).toEqual({
      id: 'audit:9a123629-52ad-4924-9e8e-87492aa7262d',
      source: 'audit',
      kind: 'file.downloaded',
      userId: 'megan.bowen@contoso.com',
      time: '2026-03-02T09:14:27.000Z',
      operation: 'FileDownloaded',
      workload: 'SharePoint',
      filePath: 'https://contoso.sharepoint.com/sites/Finance/Shared Documents/Forecasts/Q3 forecast.xlsx',
      fileName: 'Q3 forecast.xlsx',
      fileExtension: 'xlsx',
      siteUrl: 'https://contoso.sharepoint.com/sites/Finance/',
      sensitivityLabel: '8d2f4b6a-9c1e-4a3b-8f7d-6e5c4b3a2d1f',
      details: { application: 'Microsoft SharePoint Online Web Client Extensibility' },
    });
  });

  it('keeps the workload so OneDrive and SharePoint downloads stay apart', () => {
    expect(activityAt(outcomes, 2)).toMatchObject({
      kind: 'file.downloaded',
      workload: 'OneDrive',
      userId: 'alex.wilber@contoso.com',
      time: '2026-03-02T09:20:03.000Z',
      fileName: 'Board deck FY26.pptx',
      siteUrl: 'https://contoso-my.sharepoint.com/personal/alex_wilber_contoso_com/',
    });
  });

  it('takes the device of a sync download from DeviceDisplayName', () => {
    expect(activityAt(outcomes, 3)).toMatchObject({
      kind: 'file.synced',
      operation: 'FileSyncDownloadedFull',
      fileName: 'Customer list 2026.csv',
      fileExtension: 'csv',
      deviceName: 'LAPTOP-MB4821',
      details: { application: 'OneDrive SyncEngine' },
    });
  });

  it('names folders without an extension', () => {
    const folder = activityAt(outcomes, 12);
    expect(folder).toMatchObject({ kind: 'folder.deleted', fileName: 'Customer exports', operation: 'FolderDeleted' });
    expect(folder.fileExtension).toBeUndefined();
  });

  it('keys unscored records by their Id', () => {
    expect(outcomes[15]).toEqual({ type: 'unscored', row: 16, key: 'audit:07bfd60e-72e2-40dd-b5f3-793f930d3398', operation: 'FileAccessed' });
  });

  it('produces activities that satisfy the activity model', () => {
    for (const name of ['sharepoint-file-operations.json', 'sharing.json', 'labels.json']) {
      for (const outcome of parseFixture(name)) {
        if (outcome.type === 'activity') expect(ActivitySchema.safeParse(outcome.activity).error).toBeUndefined();
      }
    }
  });
});

describe('audit-json parser: sharing', () => {
  const outcomes = parseFixture('sharing.json');

  it('scores shares with guests, partners, outside domains and anonymous links; internal shares are unscored', () => {
    expect(shape(outcomes)).toEqual([
      [1, 'file.shared.external'],
      [2, 'file.shared.external'],
      [3, 'unscored', 'SharingSet'],
      // emea.contoso.com is a subdomain of an internal domain.
      [4, 'unscored', 'SharingSet'],
      [5, 'folder.shared.external'],
      [6, 'file.shared.external'],
      [7, 'site.shared.external'],
      [8, 'file.shared.external'],
      [9, 'folder.shared.external'],
      [10, 'teams.file.shared.external'],
      [11, 'unscored', 'AddedToSecureLink'],
      [12, 'teams.file.shared.external'],
      [13, 'unscored', 'CompanyLinkCreated'],
      [14, 'unscored', 'SharingSet'],
    ]);
  });

  it('records the external recipient and its domain', () => {
    expect(activityAt(outcomes, 1)).toEqual({
      id: 'audit:f795ca16-9123-48e3-b713-8b8e0d41729c',
      source: 'audit',
      kind: 'file.shared.external',
      userId: 'megan.bowen@contoso.com',
      time: '2026-03-03T08:12:09.000Z',
      operation: 'SharingInvitationCreated',
      workload: 'OneDrive',
      filePath: 'https://contoso-my.sharepoint.com/personal/megan_bowen_contoso_com/Documents/Customer list 2026.xlsx',
      fileName: 'Customer list 2026.xlsx',
      fileExtension: 'xlsx',
      siteUrl: 'https://contoso-my.sharepoint.com/personal/megan_bowen_contoso_com/',
      recipients: ['jordan.miller@fabrikam.com'],
      targetDomains: ['fabrikam.com'],
      details: { application: 'Microsoft SharePoint Online Web Client Extensibility', targetType: 'Guest' },
    });
  });

  it("reads a guest's UPN in the home tenant as the guest's own address", () => {
    expect(activityAt(outcomes, 2)).toMatchObject({
      operation: 'AddedToSecureLink',
      recipients: ['jordan.miller@fabrikam.com'],
      targetDomains: ['fabrikam.com'],
    });
  });

  it('treats a member with an outside domain as external, and a partner without a domain by its type', () => {
    expect(activityAt(outcomes, 5)).toMatchObject({ kind: 'folder.shared.external', recipients: ['recruiting@northwindtraders.com'], targetDomains: ['northwindtraders.com'] });
    const partner = activityAt(outcomes, 6);
    expect(partner).toMatchObject({ kind: 'file.shared.external', destination: 'Contoso Support Partners', details: { targetType: 'Partner' } });
    expect(partner.targetDomains).toBeUndefined();
  });

  it('names a shared site by its URL, without file fields', () => {
    const site = activityAt(outcomes, 7);
    expect(site).toMatchObject({
      kind: 'site.shared.external',
      siteUrl: 'https://contoso.sharepoint.com/sites/Benefits',
      recipients: ['consultant@tailspintoys.com'],
      targetDomains: ['tailspintoys.com'],
    });
    expect(site.fileName).toBeUndefined();
    expect(site.filePath).toBeUndefined();
  });

  it('scores an anonymous link as external without a recipient', () => {
    expect(activityAt(outcomes, 8)).toMatchObject({ kind: 'file.shared.external', fileName: 'Pricing model v7.xlsx', destination: 'Anyone with the link' });
    expect(activityAt(outcomes, 8).recipients).toBeUndefined();
  });

  it('tells a file shared from a Teams chat with an outsider by the application that shared it', () => {
    expect(activityAt(outcomes, 10)).toMatchObject({
      kind: 'teams.file.shared.external',
      userId: 'alex.wilber@contoso.com',
      fileName: 'Pricing model v7.xlsx',
      recipients: ['sam.lee@adatum.com'],
      targetDomains: ['adatum.com'],
      details: { application: 'Microsoft Teams', targetType: 'Guest' },
    });
    expect(activityAt(outcomes, 12)).toMatchObject({ kind: 'teams.file.shared.external', destination: 'Anyone with the link' });
  });

  it('counts the same share as internal when the target domain is one of ours', () => {
    expect(outcomes[4].type).toBe('activity');
    const internal = [...auditJsonParser.parse(fs.readFileSync(path.join(FIXTURES, 'sharing.json'), 'utf8'), {
      file: 'sharing.json',
      internalDomains: new Set(['contoso.com', 'northwindtraders.com']),
    })];
    expect(internal[4]).toEqual({ type: 'unscored', row: 5, key: 'audit:eeb0538b-1d60-4613-b00f-4aa2b813ee59', operation: 'SharingSet' });
  });
});

describe('audit-json parser: sensitivity labels', () => {
  const outcomes = parseFixture('labels.json');

  it('scores downgrades and removals, from SharePoint, Office apps and the AIP client; upgrades are unscored', () => {
    expect(shape(outcomes)).toEqual([
      [1, 'label.downgraded'],
      [2, 'unscored', 'FileSensitivityLabelChanged'],
      // No LabelEventType: the record cannot say whether the new label is lower.
      [3, 'unscored', 'FileSensitivityLabelChanged'],
      [4, 'label.removed'],
      [5, 'label.downgraded'],
      [6, 'label.removed'],
      [7, 'unscored', 'SensitivityLabelUpdated'],
      [8, 'label.downgraded'],
      [9, 'unscored', 'SensitivityLabelApplied'],
    ]);
  });

  it('keeps the new and the previous label and the justification of a SharePoint downgrade', () => {
    expect(activityAt(outcomes, 1)).toEqual({
      id: 'audit:f6b2d380-6f57-4807-963e-eab56ca26b42',
      source: 'audit',
      kind: 'label.downgraded',
      userId: 'lidia.holloway@contoso.com',
      time: '2026-03-04T14:02:19.000Z',
      operation: 'FileSensitivityLabelChanged',
      workload: 'SharePoint',
      filePath: 'https://contoso.sharepoint.com/sites/Legal/Shared Documents/Contracts/Supplier agreement.docx',
      fileName: 'Supplier agreement.docx',
      fileExtension: 'docx',
      siteUrl: 'https://contoso.sharepoint.com/sites/Legal/',
      sensitivityLabel: '0e3a7c2b-5d1f-4f6e-9b8a-1c2d3e4f5a6b',
      previousSensitivityLabel: 'c4b9e7f1-2a3d-4e5f-9a8b-7c6d5e4f3a2b',
      details: { application: 'Microsoft Office Online', labelEventType: 2, justification: 'Previous label no longer applies' },
    });
  });

  it('records a removal with the label that was removed and no current label', () => {
    const removed = activityAt(outcomes, 4);
    expect(removed).toMatchObject({ kind: 'label.removed', fileName: 'Settlement terms.docx', previousSensitivityLabel: 'c4b9e7f1-2a3d-4e5f-9a8b-7c6d5e4f3a2b' });
    expect(removed.sensitivityLabel).toBeUndefined();
  });

  it('names the file, device and application of a downgrade in an Office app and in the AIP client', () => {
    expect(activityAt(outcomes, 5)).toMatchObject({
      kind: 'label.downgraded',
      operation: 'SensitivityLabelUpdated',
      workload: 'OneDrive',
      fileName: 'Acquisition memo.docx',
      fileExtension: 'docx',
      deviceName: 'LAPTOP-MB4821',
      sensitivityLabel: '0e3a7c2b-5d1f-4f6e-9b8a-1c2d3e4f5a6b',
      previousSensitivityLabel: '8d2f4b6a-9c1e-4a3b-8f7d-6e5c4b3a2d1f',
      details: { application: 'Microsoft Word', labelEventType: 2, justification: 'Label is no longer needed' },
    });
    expect(activityAt(outcomes, 8)).toMatchObject({
      workload: 'AIP',
      filePath: 'C:\\Users\\alex.wilber\\Documents\\Vendor scorecard final.docx',
      fileName: 'Vendor scorecard final.docx',
      details: { application: 'Microsoft Azure Information Protection Word Add-In' },
    });
  });
});

describe('audit-json parser: bad input', () => {
  const outcomes = parseFixture('bad-records.json');

  it('rejects each bad record with its row, field and reason, and still stores the good one', () => {
    expect(outcomes[0]).toMatchObject({ type: 'activity', row: 1 });
    expect(outcomes.slice(1)).toEqual([
      { type: 'rejected', row: 2, field: 'Id', reason: 'missing; the record Id (a GUID) is required' },
      {
        type: 'rejected',
        row: 3,
        field: 'CreationTime',
        reason:
          "'yesterday at noon' is not a date in the expected format; expected ISO 8601: yyyy-mm-dd or yyyy-mm-ddThh:mm:ss, " +
          'optionally with a fraction of up to 7 digits and Z or ±hh:mm (no offset means UTC), e.g. 2026-03-01T09:15:49Z',
      },
      {
        type: 'rejected',
        row: 4,
        field: 'CreationTime',
        reason:
          "'2026-02-30T10:00:00' is not a real date; expected ISO 8601: yyyy-mm-dd or yyyy-mm-ddThh:mm:ss, " +
          'optionally with a fraction of up to 7 digits and Z or ±hh:mm (no offset means UTC), e.g. 2026-03-01T09:15:49Z',
      },
      { type: 'rejected', row: 5, field: 'UserId', reason: 'missing; the UserId (UPN of the user who acted) is required' },
      { type: 'rejected', row: 6, field: 'record', reason: 'expected a JSON object (one audit record), got a string' },
      { type: 'rejected', row: 7, field: 'record', reason: 'expected a JSON object (one audit record), got null' },
      { type: 'rejected', row: 8, field: 'record', reason: 'expected a JSON object (one audit record), got an array' },
      {
        type: 'rejected',
        row: 9,
        field: 'RecordType',
        reason: 'expected the AuditLogRecordType number (e.g. 6 for SharePointFileOperation), got a string ("SharePointFileOperation")',
      },
      { type: 'rejected', row: 10, field: 'Operation', reason: 'empty; the Operation is required' },
      { type: 'rejected', row: 11, field: 'SourceFileName', reason: 'expected a string, got a number (42)' },
      { type: 'rejected', row: 12, field: 'Id', reason: 'empty; the record Id (a GUID) is required' },
      { type: 'rejected', row: 13, field: 'UserId', reason: 'expected a string, got a number (17)' },
      { type: 'rejected', row: 14, field: 'CreationTime', reason: 'expected a string, got a number (1772442867)' },
    ]);
  });

  it('refuses a file that is not JSON, naming the file and what was expected', () => {
    const error = thrown(() => parseFixture('truncated.json'));
    expect(error.message).toMatch(
      /^truncated\.json: not valid JSON \(.+\); expected a JSON array of audit records, as a Management Activity API content blob returns them$/,
    );
    expect(error.issues).toEqual([{ file: 'truncated.json', reason: expect.stringMatching(/^not valid JSON: /) as unknown }]);
  });

  it('refuses a JSON object at the top level', () => {
    const error = thrown(() => parseFixture('content-blob-envelope.json'));
    expect(error.message).toBe(
      'content-blob-envelope.json: expected a JSON array of audit records, as a Management Activity API content blob returns them ' +
        '([{"Id": …, "CreationTime": …, "Operation": …}, …]), got an object',
    );
    expect(error.issues).toEqual([{ file: 'content-blob-envelope.json', reason: 'expected a JSON array, got an object' }]);
  });

  it('points to audit-ndjson when the text is one record per line', () => {
    const lines = fs.readFileSync(path.join(FIXTURES, 'exchange.ndjson'), 'utf8');
    const error = thrown(() => parseText(lines, 'mail.json'));
    expect(error.message).toMatch(/^mail\.json: not valid JSON .*\(it looks like one record per line: send it as audit-ndjson\)$/);
  });

  it('refuses a file cut short after complete records as a whole, before any record is returned', () => {
    const blob = fs.readFileSync(path.join(FIXTURES, 'labels.json'), 'utf8').trimEnd();
    const error = thrown(() => parseText(blob.slice(0, blob.lastIndexOf('}') + 1), 'cut.json'));
    expect(error.message).toMatch(/^cut\.json: not valid JSON \(.+\); expected a JSON array of audit records/);
  });

  it('rejects one record whose own JSON is broken, by its row, and reads the records around it', () => {
    const records = JSON.parse(fs.readFileSync(path.join(FIXTURES, 'labels.json'), 'utf8')) as unknown[];
    const text = `[${JSON.stringify(records[0])}, {"Id": "x" "Operation": 1}, ${JSON.stringify(records[1])}]`;
    const outcomes = parseText(text, 'mixed.json');
    const whole = parseFixture('labels.json');
    expect(outcomes).toHaveLength(3);
    expect(outcomes[0]).toEqual(whole[0]);
    expect(outcomes[2]).toEqual({ ...whole[1], row: 3 });
    expect(outcomes[1]).toEqual({
      type: 'rejected',
      row: 2,
      field: 'record',
      reason: expect.stringMatching(/^record 2 is not valid JSON \(.+\); expected a JSON array of audit records/) as unknown,
    });
  });

  it('throws before returning anything, so nothing of a bad file is stored', () => {
    expect(() => auditJsonParser.parse('[{"Id": ', { file: 'x.json', internalDomains: CONTOSO })).toThrow(ValidationError);
  });

  it('reads a file\'s bytes as it reads its text, non-ASCII names included', () => {
    const blob = fs.readFileSync(path.join(FIXTURES, 'sharepoint-file-operations.json'), 'utf8').replace(/"SourceFileName": ?"Q3 forecast\.xlsx"/u, '"SourceFileName":"Zoë – 日本 🙂.xlsx"');
    const fromBytes = [...(auditJsonParser.parseBytes?.(Buffer.from(`\uFEFF${blob}`, 'utf8'), { file: 'audit.json', internalDomains: CONTOSO }) ?? [])];
    expect(fromBytes).toEqual(parseText(blob));
    expect(activityAt(fromBytes, 1).fileName).toBe('Zoë – 日本 🙂.xlsx');
  });

  it('accepts an empty content blob and a leading byte-order mark', () => {
    expect(parseText('[]')).toEqual([]);
    const blob = fs.readFileSync(path.join(FIXTURES, 'labels.json'), 'utf8');
    expect(shape(parseText(`\uFEFF${blob}`))).toEqual(shape(parseFixture('labels.json')));
  });
});
