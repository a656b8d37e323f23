import { parseAuditCreationTime } from '../../../../core/ingest/audit/audit-creation-time';
import { attachmentNames, extensionOf, fileNameOf } from '../../../../core/ingest/audit/audit-families';
import { addressDomain, externalDomains, isInternalDomain, recipientAddress } from '../../../../core/ingest/audit/audit-recipients';
import { normalizeAuditRecord } from '../../../../core/ingest/audit/audit.normalizer';

const CONTEXT = { internalDomains: new Set(['contoso.com', 'contoso.onmicrosoft.com']) };

const download = {
  CreationTime: '2026-03-02T09:14:27',
  Id: '4f0c8a2e-9b1d-4e6f-a3c5-7d2b9e1f0a64',
  Operation: 'FileDownloaded',
  OrganizationId: 'b5c8d2e1-3f4a-4c6b-9e7d-2a1b0c9d8e7f',
  RecordType: 6,
  UserKey: 'i:0h.f|membership|10032001a7c4d2e1@live.com',
  UserType: 0,
  Version: 1,
  Workload: 'SharePoint',
  ClientIP: '203.0.113.24',
  ObjectId: 'https://contoso.sharepoint.com/sites/Finance/Shared Documents/Q3 forecast.xlsx',
  UserId: 'Megan.Bowen@contoso.com',
  ItemType: 'File',
  SiteUrl: 'https://contoso.sharepoint.com/sites/Finance/',
  SourceFileName: 'Q3 forecast.xlsx',
  SourceFileExtension: 'xlsx',
  SourceRelativeUrl: 'Shared Documents',
};

const share = {
  ...download,
  Id: '0d6e2b9a-71c4-4f3e-8a5b-c1d9e7f2a430',
  Operation: 'SharingSet',
  RecordType: 14,
  TargetUserOrGroupName: 'pat.kim@fabrikam.com',
  TargetUserOrGroupType: 'Member',
};

describe('normalizeAuditRecord', () => {
  it('gives the record one activity keyed by its Id, with the user lower-case and the time in UTC', () => {
    expect(normalizeAuditRecord({ ...download, Id: '  4f0c8a2e-9b1d-4e6f-a3c5-7d2b9e1f0a64 ', UserId: ' Megan.Bowen@Contoso.com ' }, 7, CONTEXT)).toMatchObject({
      type: 'activity',
      row: 7,
      activity: { id: 'audit:4f0c8a2e-9b1d-4e6f-a3c5-7d2b9e1f0a64', userId: 'megan.bowen@contoso.com', time: '2026-03-02T09:14:27.000Z' },
    });
  });

  it('truncates a 7-digit fraction to milliseconds and accepts an explicit Z or offset', () => {
    const at = (CreationTime: string): unknown => {
      const outcome = normalizeAuditRecord({ ...download, CreationTime }, 1, CONTEXT);
      return outcome.type === 'activity' ? outcome.activity.time : outcome;
    };
    expect(at('2026-03-02T09:14:27.9999999')).toBe('2026-03-02T09:14:27.999Z');
    expect(at('2026-03-02T09:14:27.5')).toBe('2026-03-02T09:14:27.500Z');
    expect(at('2026-03-02T09:14:27Z')).toBe('2026-03-02T09:14:27.000Z');
    expect(at('2026-03-02T10:14:27+01:00')).toBe('2026-03-02T09:14:27.000Z');
    expect(at('2028-02-29T23:59:59')).toBe('2028-02-29T23:59:59.000Z');
  });

  it('rejects impossible times instead of rolling them over', () => {
    for (const CreationTime of ['2026-13-01T00:00:00', '2026-03-02T24:00:00', '2027-02-29T10:00:00', '2026-03-02T09:60:00', '2026-03-02T09:14:27.', '']) {
      expect(normalizeAuditRecord({ ...download, CreationTime }, 4, CONTEXT)).toMatchObject({ type: 'rejected', row: 4, field: 'CreationTime' });
    }
  });

  it('counts a record without a Workload, or of an unknown RecordType, as unscored rather than guessing', () => {
    const { Workload: _workload, ...noWorkload } = download;
    expect(normalizeAuditRecord(noWorkload, 1, CONTEXT)).toEqual({ type: 'unscored', row: 1, key: `audit:${download.Id}`, operation: 'FileDownloaded' });
    expect(normalizeAuditRecord({ ...download, RecordType: 4 }, 2, CONTEXT)).toMatchObject({ type: 'unscored', operation: 'FileDownloaded' });
  });

  it('still validates the common fields of records it does not score', () => {
    expect(normalizeAuditRecord({ ...download, Operation: 'UserLoggedIn', RecordType: 15, UserId: undefined }, 3, CONTEXT)).toEqual({
      type: 'rejected',
      row: 3,
      field: 'UserId',
      reason: 'missing; the UserId (UPN of the user who acted) is required',
    });
  });

  it('accepts unknown fields whatever they hold, and null for optional fields', () => {
    const outcome = normalizeAuditRecord({ ...download, SourceFileExtension: null, NewServiceField: { nested: [1, 2] }, DeviceDisplayName: null }, 1, CONTEXT);
    expect(outcome).toMatchObject({ type: 'activity', activity: { fileExtension: 'xlsx' } });
  });

  it('keeps the message id of an Outlook label downgrade instead of inventing a file name', () => {
    const outlook = {
      CreationTime: '2026-03-04T16:00:00',
      Id: '9c2e7a41-5b8d-4f03-a6e1-d4b7c9f2e815',
      Operation: 'SensitivityLabelUpdated',
      OrganizationId: 'b5c8d2e1-3f4a-4c6b-9e7d-2a1b0c9d8e7f',
      RecordType: 83,
      UserKey: '10032001A7C4D2E1',
      UserType: 0,
      Version: 1,
      Workload: 'Exchange',
      UserId: 'Megan.Bowen@contoso.com',
      ObjectId: '<AM6PR04MB51421A2B@AM6PR04MB5142.eurprd04.prod.outlook.com>',
      Application: 'Outlook',
      SensitivityLabelEventData: { SensitivityLabelId: 'general', OldSensitivityLabelId: 'confidential', LabelEventType: 2 },
    };
    const outcome = normalizeAuditRecord(outlook, 1, CONTEXT);
    expect(outcome).toMatchObject({
      type: 'activity',
      activity: {
        kind: 'label.downgraded',
        workload: 'Exchange',
        sensitivityLabel: 'general',
        previousSensitivityLabel: 'confidential',
        details: { objectId: '<AM6PR04MB51421A2B@AM6PR04MB5142.eurprd04.prod.outlook.com>', application: 'Outlook', labelEventType: 2 },
      },
    });
    expect(outcome.type === 'activity' && outcome.activity.fileName).toBeUndefined();
  });

  describe('sharing', () => {
    it('is unscored when the target is a member in an internal domain, or a subdomain of one', () => {
      for (const target of ['pat.kim@contoso.com', 'Pat.Kim@EMEA.Contoso.com', 'svc@contoso.onmicrosoft.com']) {
        expect(normalizeAuditRecord({ ...share, TargetUserOrGroupName: target }, 1, CONTEXT)).toMatchObject({ type: 'unscored', operation: 'SharingSet' });
      }
    });

    it('is external when the domain is not ours, even for a lookalike domain', () => {
      for (const [target, domain] of [
        ['pat.kim@fabrikam.com', 'fabrikam.com'],
        ['pat.kim@contoso.com.evil.example', 'contoso.com.evil.example'],
        ['pat.kim@notcontoso.com', 'notcontoso.com'],
      ]) {
        expect(normalizeAuditRecord({ ...share, TargetUserOrGroupName: target }, 1, CONTEXT)).toMatchObject({
          type: 'activity',
          activity: { kind: 'file.shared.external', targetDomains: [domain] },
        });
      }
    });

    it('is external for a guest whatever the domain shows', () => {
      const guest = { ...share, TargetUserOrGroupName: 'pat.kim_fabrikam.com#EXT#@contoso.onmicrosoft.com', TargetUserOrGroupType: 'Guest' };
      expect(normalizeAuditRecord(guest, 1, CONTEXT)).toMatchObject({
        type: 'activity',
        activity: { recipients: ['pat.kim@fabrikam.com'], targetDomains: ['fabrikam.com'] },
      });
    });

    it('is a Teams share only when Teams made it and the target is external', () => {
      const teams = { ...share, ApplicationDisplayName: 'Microsoft Teams' };
      expect(normalizeAuditRecord(teams, 1, CONTEXT)).toMatchObject({ activity: { kind: 'teams.file.shared.external' } });
      expect(normalizeAuditRecord({ ...teams, TargetUserOrGroupName: 'alex@contoso.com' }, 1, CONTEXT)).toMatchObject({ type: 'unscored' });
      expect(normalizeAuditRecord({ ...teams, ItemType: 'Folder' }, 1, CONTEXT)).toMatchObject({ activity: { kind: 'folder.shared.external' } });
    });

    it('is unscored for an item type the map does not name', () => {
      expect(normalizeAuditRecord({ ...share, ItemType: 'List' }, 1, CONTEXT)).toMatchObject({ type: 'unscored', operation: 'SharingSet' });
    });
  });
});

describe('audit helpers', () => {
  it('parses CreationTime without a Date round trip, refusing what is not a calendar instant', () => {
    expect(parseAuditCreationTime('2026-03-02T08:00:00')).toEqual({ ok: true, value: '2026-03-02T08:00:00.000Z' });
    expect(parseAuditCreationTime('2026-03-02T08:00:00.12')).toEqual({ ok: true, value: '2026-03-02T08:00:00.120Z' });
    expect(parseAuditCreationTime('2026-03-02').ok).toBe(true);
    expect(parseAuditCreationTime('2026-02-29T08:00:00').ok).toBe(false);
    expect(parseAuditCreationTime('2026-03-02T08:00:00.12345678').ok).toBe(false);
    expect(parseAuditCreationTime('2O26-03-02T08:00:00').ok).toBe(false);
  });

  it('finds domains in addresses and guest UPNs', () => {
    expect(addressDomain('Ada@Fabrikam.com')).toBe('fabrikam.com');
    expect(addressDomain('ada_fabrikam.com#EXT#@contoso.onmicrosoft.com')).toBe('fabrikam.com');
    expect(addressDomain('Everyone except external users')).toBeUndefined();
    expect(addressDomain('ada@')).toBeUndefined();
    expect(recipientAddress('first_last_fabrikam.co.uk#EXT#@contoso.onmicrosoft.com')).toBe('first_last@fabrikam.co.uk');
    expect(recipientAddress(' Ada@Fabrikam.com ')).toBe('ada@fabrikam.com');
  });

  it('tells internal from external domains, including subdomains', () => {
    const internal = new Set(['contoso.com']);
    expect(isInternalDomain('contoso.com', internal)).toBe(true);
    expect(isInternalDomain('mail.emea.contoso.com', internal)).toBe(true);
    expect(isInternalDomain('contoso.com.example', internal)).toBe(false);
    expect(externalDomains(['a@fabrikam.com', 'b@contoso.com', 'c@FABRIKAM.com', 'd@adatum.com', 'no-domain'], internal)).toEqual(['fabrikam.com', 'adatum.com']);
  });

  it('splits Exchange attachment lists and names files from paths and URLs', () => {
    expect(attachmentNames('Pricing model v7.xlsx (482113b); Terms.pdf (91022b)')).toEqual(['Pricing model v7.xlsx', 'Terms.pdf']);
    expect(attachmentNames('image001.png (3762b);')).toEqual(['image001.png']);
    expect(attachmentNames('   ')).toEqual([]);
    expect(fileNameOf('C:\\Users\\ada\\Documents\\Plan (final).docx')).toBe('Plan (final).docx');
    expect(fileNameOf('https://contoso.sharepoint.com/sites/Benefits/')).toBe('Benefits');
    expect(extensionOf('archive.tar.GZ')).toBe('gz');
    expect(extensionOf('.bashrc')).toBeUndefined();
    expect(extensionOf('README')).toBeUndefined();
  });
});
