import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ActivityKind } from '../../../core/ingest/activity';
import type { RecordOutcome } from '../../../core/ingest/record-outcome';
import { detectFormat } from '../../../infra/connectors/detect-format';
import { SIGNAL_PARSERS } from '../../../infra/connectors/parsers';
import { createOrganization, generateOrganization, writeOrganization } from '../../support/synthetic/organization/organization.generator';
import type { GeneratedFile, GeneratedOrganization, InsiderScenario, PlantedInsider } from '../../support/synthetic/organization/organization.types';

type AuditRecord = Record<string, unknown> & { CreationTime: string; Id: string; Operation: string; UserId: string; RecordType: number; Workload: string };
type BadgeRecord = { UserId: string; AssetId: string; AssetName: string; EventTime: string; AccessStatus: string };
type Alert = Record<string, unknown> & { severity: string; serviceSource: string; category: string; createdDateTime: string; evidence: Record<string, unknown>[] };

const PERSONAL_CLOUD = new Set(['drive.google.com', 'www.dropbox.com', 'wetransfer.com']);
const PERSONAL_MAIL = /@(gmail\.com|outlook\.com|yahoo\.com)$/;

let org: GeneratedOrganization;
let audit: { file: GeneratedFile; records: AuditRecord[] }[];
let allAudit: AuditRecord[];
let hrRows: Record<string, string>[];
let badges: BadgeRecord[];
let dlp: Alert[];
let defender: Alert[];

function insider(scenario: InsiderScenario): PlantedInsider {
  const found = org.manifest.insiders.find((i) => i.scenario === scenario);
  if (found === undefined) throw new Error(`scenario ${scenario} was not planted`);
  return found;
}

/** CreationTime and badge EventTime are UTC without an offset. */
const utc = (t: string): number => Date.parse(t.endsWith('Z') ? t : `${t}Z`);

function readCsv(text: string): Record<string, string>[] {
  const [header, ...lines] = text.trim().split(/\r?\n/);
  const names = header.split(',');
  // The HR file quotes nothing but plain remarks without commas or quotes; see the renderer.
  return lines.map((line) => Object.fromEntries(line.split(',').map((v, i) => [names[i], v])));
}

const isPersonalMail = (r: Record<string, unknown>): boolean =>
  r.Operation === 'Send' && (r.recipientList as { Address: string }[]).some((x) => PERSONAL_MAIL.test(x.Address));

const recordsOf = (upn: string, operation: string, after = 0, before = Number.POSITIVE_INFINITY): AuditRecord[] =>
  allAudit.filter((r) => r.UserId === upn && r.Operation === operation && utc(r.CreationTime) >= after && utc(r.CreationTime) < before);

beforeAll(() => {
  org = generateOrganization({ seed: 7 });
  audit = org.files.filter((f) => f.format === 'audit-json').map((file) => ({ file, records: JSON.parse(file.content) as AuditRecord[] }));
  allAudit = audit.flatMap((a) => a.records);
  const file = (name: string): GeneratedFile => {
    const f = org.files.find((x) => x.name === name);
    if (f === undefined) throw new Error(`${name} was not generated`);
    return f;
  };
  hrRows = readCsv(file('hr.csv').content);
  badges = org.files.filter((f) => f.format === 'badging-json').flatMap((f) => JSON.parse(f.content) as BadgeRecord[]);
  dlp = (JSON.parse(file('dlp-alerts.json').content) as { value: Alert[] }).value;
  defender = (JSON.parse(file('defender-alerts.json').content) as { value: Alert[] }).value;
});

describe('synthetic organization', () => {
  it('generates 500 people × 30 days with the files the manifest lists', () => {
    expect(org.manifest).toMatchObject({ seed: 7, start: '2026-03-02', days: 30, users: 500 });
    expect(org.files.map(({ name, format }) => ({ name, format }))).toEqual(org.manifest.files);
    expect(audit).toHaveLength(30);
    expect(audit[0].file.name).toBe('audit/audit-2026-03-02.json');
    expect(org.files.slice(0, 4).map((f) => f.name)).toEqual(['users.csv', 'hr.csv', 'dlp-alerts.json', 'defender-alerts.json']);
  });

  it('is deterministic: the same seed gives byte-identical files, another seed different ones', () => {
    const options = { seed: 99, users: 120, days: 14 };
    const a = generateOrganization(options);
    const b = generateOrganization(options);
    expect(b.files.length).toBe(a.files.length);
    a.files.forEach((f, i) => {
      expect(b.files[i].name).toBe(f.name);
      expect(b.files[i].content === f.content).toBe(true);
    });
    expect(b.manifest).toEqual(a.manifest);
    // A stream starts over on every call and yields the same bytes.
    const stream = createOrganization(options);
    const first = [...stream.files()].map((f) => f.content);
    expect([...stream.files()].map((f) => f.content)).toEqual(first);
    expect(first).toEqual(a.files.map((f) => f.content));
    const other = generateOrganization({ ...options, seed: 100 });
    expect(other.files[0].content).not.toBe(a.files[0].content);
  });

  it('writes the files and the manifest to a folder', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'synthetic-org-'));
    try {
      const options = { seed: 3, users: 60, days: 14 };
      const manifest = await writeOrganization(dir, options);
      expect(JSON.parse(readFileSync(path.join(dir, 'manifest.json'), 'utf8'))).toEqual(manifest);
      const expected = generateOrganization(options);
      for (const f of expected.files) expect(readFileSync(path.join(dir, ...f.name.split('/')), 'utf8') === f.content).toBe(true);
      expect(manifest.files.map((f) => f.name)).toContain('audit/audit-2026-03-15.json');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('has a directory with a manager hierarchy of a few levels, 3–10 reports per manager', () => {
    const users = readCsv(org.files[0].content);
    expect(Object.keys(users[0])).toEqual(['userPrincipalName', 'id', 'displayName', 'mail', 'department', 'jobTitle', 'manager', 'accountEnabled']);
    expect(users).toHaveLength(500);
    const byUpn = new Map(users.map((u) => [u.userPrincipalName, u]));
    expect(byUpn.size).toBe(500);
    expect(new Set(users.map((u) => u.department))).toEqual(new Set(['Executive', 'Engineering', 'Sales', 'Support', 'Marketing', 'Finance', 'Operations', 'HR', 'Legal', 'IT']));
    const reports = new Map<string, number>();
    for (const u of users) {
      expect(u.userPrincipalName).toMatch(/^[a-z]+\.[a-z]+\d*@contoso\.com$/);
      if (u.manager === '') continue;
      expect(byUpn.has(u.manager)).toBe(true);
      reports.set(u.manager, (reports.get(u.manager) ?? 0) + 1);
    }
    expect(users.filter((u) => u.manager === '')).toHaveLength(1);
    for (const count of reports.values()) {
      expect(count).toBeGreaterThanOrEqual(3);
      expect(count).toBeLessThanOrEqual(10);
    }
    const depth = (upn: string): number => (byUpn.get(upn)?.manager ? 1 + depth(byUpn.get(upn)?.manager ?? '') : 0);
    const depths = users.map((u) => depth(u.userPrincipalName));
    expect(Math.max(...depths)).toBeGreaterThanOrEqual(3);
    expect(Math.max(...depths)).toBeLessThanOrEqual(6);
  });

  it('writes audit records in the Management Activity API shape, each with a unique GUID Id, inside its day', () => {
    const ids = new Set<string>();
    const bad: AuditRecord[] = [];
    for (const { file, records } of audit) {
      const date = /audit-(\d{4}-\d{2}-\d{2})\.json$/.exec(file.name)?.[1];
      let previous = '';
      for (const r of records) {
        // One expect per record would dominate the run time; collect and assert once.
        const ok =
          /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/.test(r.CreationTime) &&
          r.CreationTime.slice(0, 10) === date &&
          r.CreationTime >= previous &&
          /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-a[0-9a-f]{3}-[0-9a-f]{12}$/.test(r.Id) &&
          typeof r.UserId === 'string' &&
          typeof r.OrganizationId === 'string' &&
          r.Version === 1;
        if (!ok) bad.push(r);
        previous = r.CreationTime;
        ids.add(r.Id);
      }
    }
    expect(bad.slice(0, 3)).toEqual([]);
    expect(ids.size).toBe(allAudit.length);
    const byType = new Map<string, number>();
    for (const r of allAudit) byType.set(`${r.RecordType}/${r.Workload}`, (byType.get(`${r.RecordType}/${r.Workload}`) ?? 0) + 1);
    for (const kind of ['6/SharePoint', '6/OneDrive', '14/SharePoint', '2/Exchange', '63/Endpoint', '15/AzureActiveDirectory']) {
      expect(byType.get(kind) ?? 0).toBeGreaterThan(100);
    }
  });

  it('follows a weekly rhythm: working days are busy, weekends and nights quiet', () => {
    const weekday: number[] = [];
    const weekend: number[] = [];
    for (const { file, records } of audit) {
      const date = new Date(`${/(\d{4}-\d{2}-\d{2})/.exec(file.name)?.[1]}T00:00:00Z`);
      (date.getUTCDay() === 0 || date.getUTCDay() === 6 ? weekend : weekday).push(records.length);
    }
    const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
    expect(weekday).toHaveLength(22);
    expect(mean(weekday)).toBeGreaterThan(2000);
    expect(mean(weekday)).toBeGreaterThan(10 * mean(weekend));
    const night = allAudit.filter((r) => {
      const hour = Number(r.CreationTime.slice(11, 13));
      return hour < 6 || hour >= 22;
    });
    expect(night.length).toBeLessThan(allAudit.length * 0.01);
    // Badging happens on working days only, unless something was planted.
    const weekendBadges = badges.filter((b) => [0, 6].includes(new Date(`${b.EventTime}Z`).getUTCDay()));
    expect(weekendBadges.every((b) => b.UserId === insider('badge-access-after-termination').upn)).toBe(true);
  });

  it('plants a departing user: resignation, then a SharePoint mass download, USB copies and personal-cloud uploads before the last day', () => {
    const who = insider('departing-user-data-theft');
    expect(who.expectedTemplate).toBe('Data theft by departing users');
    const row = hrRows.find((r) => r.EmailAddress === who.upn && r.HRScenario === 'Resignation');
    expect(row).toBeDefined();
    const resigned = utc(row?.ResignationDate ?? '');
    const lastDay = utc(row?.LastWorkingDate ?? '');
    expect((lastDay - resigned) / 86_400_000).toBeGreaterThanOrEqual(8);
    const downloads = recordsOf(who.upn, 'FileDownloaded', resigned, lastDay);
    const usb = recordsOf(who.upn, 'FileCopiedToRemovableMedia', resigned, lastDay);
    const cloud = recordsOf(who.upn, 'FileUploadedToCloud', resigned, lastDay);
    expect(downloads.length).toBeGreaterThanOrEqual(50);
    expect(downloads.every((r) => r.RecordType === 6 && r.Workload === 'SharePoint' && typeof r.SiteUrl === 'string')).toBe(true);
    expect(usb.length).toBeGreaterThanOrEqual(40);
    for (const r of usb) {
      expect(r).toMatchObject({ RecordType: 63, Workload: 'Endpoint' });
      expect(r.DeviceName).toEqual(expect.stringMatching(/\.contoso\.com$/));
      expect(r.TargetFilePath).toEqual(expect.stringMatching(/^E:\\/));
      expect(r.RemovableMediaDeviceAttributes).toMatchObject({ Manufacturer: expect.any(String), SerialNumber: expect.any(String) });
    }
    expect(cloud.length).toBeGreaterThanOrEqual(25);
    expect(cloud.every((r) => PERSONAL_CLOUD.has(String(r.TargetDomain)))).toBe(true);
    // The same files go down from SharePoint and out to the stick: a download-then-exfiltrate sequence.
    const downloaded = new Set(downloads.map((r) => r.SourceFileName));
    expect(usb.filter((r) => downloaded.has(String(r.ObjectId).split('\\').pop())).length).toBe(usb.length);
    // No activity once the account is gone.
    expect(allAudit.filter((r) => r.UserId === who.upn && utc(r.CreationTime) >= lastDay + 86_400_000)).toHaveLength(0);
  });

  it('plants a leak by e-mail after a high-severity DLP alert', () => {
    const who = insider('email-leak-after-dlp-alert');
    const alert = dlp.find((a) => a.severity === 'high' && JSON.stringify(a.evidence).includes(who.upn));
    expect(alert).toMatchObject({ serviceSource: 'microsoftDataLossPrevention', category: 'Exfiltration' });
    expect(alert?.evidence[0]).toMatchObject({ '@odata.type': '#microsoft.graph.security.userEvidence', userAccount: { userPrincipalName: who.upn } });
    expect(dlp.filter((a) => a.severity === 'high')).toHaveLength(1);
    const after = recordsOf(who.upn, 'Send', Date.parse(String(alert?.createdDateTime))).filter(
      (r) => isPersonalMail(r) && typeof (r.Item as Record<string, unknown>).Attachments === 'string',
    );
    expect(after.length).toBeGreaterThanOrEqual(36);
    expect(after[0]).toMatchObject({ RecordType: 2, Workload: 'Exchange', MailboxOwnerUPN: who.upn });
  });

  it('plants a disgruntled user: PIP, then downloads, printing and personal-cloud uploads', () => {
    const who = insider('disgruntled-after-pip');
    expect(who.expectedTemplate).toBe('Data leaks by risky users');
    const pip = hrRows.find((r) => r.EmailAddress === who.upn && r.HRScenario === 'Performance improvement plan');
    expect(pip).toMatchObject({ Rating: '2 Below expectations' });
    const from = utc(pip?.EffectiveDate ?? '');
    expect(recordsOf(who.upn, 'FileDownloaded', from).length).toBeGreaterThanOrEqual(30);
    const prints = recordsOf(who.upn, 'FilePrinted', from);
    expect(prints.length).toBeGreaterThanOrEqual(20);
    expect(prints[0]).toMatchObject({ RecordType: 63, TargetPrinterName: expect.any(String) });
    expect(recordsOf(who.upn, 'FileUploadedToCloud', from).filter((r) => r.TargetDomain === 'www.dropbox.com').length).toBeGreaterThanOrEqual(20);
  });

  it('plants archive → rename → exfiltrate → delete on the same files within seven days', () => {
    const who = insider('archive-obfuscate-exfiltrate-delete');
    const archived = recordsOf(who.upn, 'FileArchived').filter((r) => utc(r.CreationTime) >= Date.parse(who.firstActivity));
    expect(archived.length).toBeGreaterThanOrEqual(10);
    for (const a of archived) {
      // The zip made by the archive step is what gets renamed; the new name travels on.
      const rename = recordsOf(who.upn, 'FileRenamed').find((r) => r.ObjectId === a.TargetFilePath);
      expect(rename?.TargetFilePath).toEqual(expect.stringMatching(/\\IMG_\d+\.jpg$/));
      expect(rename?.PreviousFileName).toBe(String(a.TargetFilePath).split('\\').pop());
      const upload = recordsOf(who.upn, 'FileUploadedToCloud').find((r) => r.ObjectId === rename?.TargetFilePath);
      const deleted = allAudit.find((r) => r.UserId === who.upn && r.Workload === 'Endpoint' && r.Operation === 'FileDeleted' && r.ObjectId === rename?.TargetFilePath);
      expect(upload).toMatchObject({ TargetDomain: 'drive.google.com' });
      const steps = [a, rename, upload, deleted].map((r) => utc(String(r?.CreationTime)));
      expect([...steps].sort((x, y) => x - y)).toEqual(steps);
      expect(steps[3] - steps[0]).toBeLessThan(7 * 86_400_000);
    }
  });

  it('plants badge use after termination: Success and Failed on priority assets after the last working day', () => {
    const who = insider('badge-access-after-termination');
    const row = hrRows.find((r) => r.EmailAddress === who.upn && r.HRScenario === 'Resignation');
    const lastDay = utc(row?.LastWorkingDate ?? '');
    expect(lastDay).toBeLessThan(utc('2026-03-06T00:00:00'));
    const after = badges.filter((b) => b.UserId === who.upn && utc(b.EventTime) >= lastDay + 86_400_000);
    const priority = new Set(org.manifest.settings.priorityPhysicalAssets);
    expect(after.some((b) => priority.has(b.AssetId) && b.AccessStatus === 'Success')).toBe(true);
    expect(after.some((b) => priority.has(b.AssetId) && b.AccessStatus === 'Failed')).toBe(true);
    expect(after.every((b) => /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/.test(b.EventTime) && b.AssetName.length > 0)).toBe(true);
    expect(allAudit.filter((r) => r.UserId === who.upn && utc(r.CreationTime) >= lastDay + 86_400_000)).toHaveLength(0);
  });

  it('plants a Defender for Endpoint defense-evasion alert', () => {
    const who = insider('defense-evasion');
    const mine = defender.filter((a) => JSON.stringify(a.evidence).includes(who.upn));
    expect(mine.length).toBeGreaterThanOrEqual(1);
    expect(mine[0]).toMatchObject({ serviceSource: 'microsoftDefenderForEndpoint', category: 'DefenseEvasion', severity: 'high' });
  });

  it('keeps every planted insider far above the ordinary peak on their channel', () => {
    const insiders = new Set(org.manifest.insiders.map((i) => i.upn));
    const peak = (match: (r: AuditRecord) => boolean, who?: string): number => {
      const perUserDay = new Map<string, number>();
      for (const r of allAudit) {
        if (!match(r) || (who === undefined ? insiders.has(r.UserId) : r.UserId !== who)) continue;
        const key = `${r.UserId}|${r.CreationTime.slice(0, 10)}`;
        perUserDay.set(key, (perUserDay.get(key) ?? 0) + 1);
      }
      return Math.max(0, ...perUserDay.values());
    };
    const op = (name: string) => (r: AuditRecord): boolean => r.Operation === name;
    const departing = insider('departing-user-data-theft').upn;
    expect(peak(op('FileDownloaded'), departing)).toBeGreaterThan(3 * peak(op('FileDownloaded')));
    expect(peak(op('FileCopiedToRemovableMedia'), departing)).toBeGreaterThan(5 * peak(op('FileCopiedToRemovableMedia')));
    expect(peak(op('FileUploadedToCloud'), departing)).toBeGreaterThan(5 * peak(op('FileUploadedToCloud')));
    expect(peak(op('FilePrinted'), insider('disgruntled-after-pip').upn)).toBeGreaterThan(1.5 * peak(op('FilePrinted')));
    expect(peak(isPersonalMail, insider('email-leak-after-dlp-alert').upn)).toBeGreaterThan(5 * peak(isPersonalMail));
    expect(peak(op('FileArchived'), insider('archive-obfuscate-exfiltrate-delete').upn)).toBeGreaterThan(3 * peak(op('FileArchived')));
  });

  describe('parses through the product parsers', () => {
    const context = (file: string) => ({ file, internalDomains: new Set(['contoso.com']) });
    const EXPECTED_KIND: Readonly<Record<string, ActivityKind>> = {
      'SharePoint/FileDownloaded': 'file.downloaded',
      'Endpoint/FileCopiedToRemovableMedia': 'device.copied-to-usb',
      'Endpoint/FileUploadedToCloud': 'device.uploaded-to-cloud',
      'Endpoint/FilePrinted': 'device.printed',
      'Exchange/Send': 'email.sent.external-attachment',
      'Endpoint/FileArchived': 'device.file.archived',
      'Endpoint/FileRenamed': 'device.file.renamed',
      'Endpoint/FileDeleted': 'device.file.deleted',
    };

    it('every file is recognized from its content as the format it is written in', () => {
      expect(org.files.filter((f) => detectFormat(f.content, f.name) !== f.format).map((f) => f.name)).toEqual([]);
    });

    it('every file parses with zero rejected records, one outcome per record', () => {
      const rejected: { file: string; outcome: RecordOutcome }[] = [];
      for (const file of org.files) {
        const outcomes = [...SIGNAL_PARSERS[file.format].parse(file.content, context(file.name))];
        for (const outcome of outcomes) if (outcome.type === 'rejected') rejected.push({ file: file.name, outcome });
        if (file.format === 'audit-json') expect(outcomes).toHaveLength((JSON.parse(file.content) as unknown[]).length);
      }
      expect(rejected.slice(0, 5)).toEqual([]);
    }, 120_000);

    it('maps every planted record to a scored activity of the expected kind', () => {
      const planted = new Map(org.manifest.insiders.map((i) => [i.upn, i]));
      let checked = 0;
      for (const { file, records } of audit) {
        const outcomes = [...SIGNAL_PARSERS['audit-json'].parse(file.content, context(file.name))];
        records.forEach((r, i) => {
          const who = planted.get(r.UserId);
          const kind = EXPECTED_KIND[`${r.Workload}/${r.Operation}`];
          if (who === undefined || kind === undefined) return;
          const t = utc(r.CreationTime);
          if (t < Date.parse(who.firstActivity) || t > Date.parse(who.lastActivity)) return;
          // An insider's ordinary mail is internal; the planted mail carries files to private addresses.
          if (r.Operation === 'Send' && !(isPersonalMail(r) && typeof (r.Item as Record<string, unknown>).Attachments === 'string')) return;
          const outcome = outcomes[i];
          expect({ id: r.Id, type: outcome.type }).toEqual({ id: r.Id, type: 'activity' });
          if (outcome.type === 'activity') expect({ id: r.Id, kind: outcome.activity.kind }).toEqual({ id: r.Id, kind });
          checked++;
        });
      }
      expect(checked).toBeGreaterThan(300);

      const kinds = (name: string): ActivityKind[] => {
        const file = org.files.find((f) => f.name === name);
        if (file === undefined) throw new Error(`${name} missing`);
        return [...SIGNAL_PARSERS[file.format].parse(file.content, context(name))].flatMap((o) => (o.type === 'activity' ? [o.activity.kind] : []));
      };
      const hr = kinds('hr.csv');
      expect(hr).toContain('hr.resignation');
      expect(hr).toContain('hr.performance-improvement-plan');
      expect(new Set(kinds('dlp-alerts.json'))).toEqual(new Set(['dlp.alert']));
      expect(new Set(kinds('defender-alerts.json'))).toEqual(new Set(['defender.alert']));
      const badgeFile = org.files.find((f) => f.format === 'badging-json');
      expect(badgeFile && kinds(badgeFile.name)[0]).toBe('physical.access');
    }, 120_000);
  });
});
