import type { Random } from '../random';
import { endpointActivity, fileOperation, localPath, mailSend, RecordSink, type TimedRecord } from './audit-record.builder';
import type { DocumentSite, SiteDocument } from './document-sites.generator';
import { PHYSICAL_ASSETS, PRINTERS } from './organization.catalog';
import type { TimedBadge } from './organization-model';
import type { InsiderScenario, PlantedInsider, PolicyTemplateName, RiskFactor } from './organization.types';
import type { People, SyntheticUser } from './people.generator';
import { chance, PLANTED_SEQUENCE_BASE, shuffled, stream, STREAM } from './random-streams';
import { defenderAlert, dlpAlert, type TimedAlert } from './security-alert.builder';
import { creationTime, DAY_MS, HOUR_MS, isoTime, MINUTE_MS, weekdayAtOrAfter, weekdaysAfter, type SimulatedDay } from './work-calendar';

/**
 * The planted insiders and the rest of the non-audit signals (HR rows, alerts), planned up front.
 * Every scenario is far above the noise on the dimension its template scores (volume, channel,
 * timing), yet made of the same record shapes ordinary people produce.
 */

/** One row of the multi-type HR connector CSV; absent fields are written empty. */
export interface HrRow {
  readonly scenario: 'Resignation' | 'Performance improvement plan' | 'Performance review' | 'Job level change';
  readonly email: string;
  readonly resignationDate?: string;
  readonly lastWorkingDate?: string;
  readonly effectiveDate?: string;
  readonly remarks?: string;
  readonly rating?: string;
  readonly oldLevel?: string;
  readonly newLevel?: string;
  /** For sorting. */
  readonly ms: number;
}

export interface PlantedSignals {
  readonly insiders: PlantedInsider[];
  /** Planted audit records by day index. */
  readonly audit: Map<number, TimedRecord[]>;
  /** Planted badge events by day index. */
  readonly badges: Map<number, TimedBadge[]>;
  readonly hr: HrRow[];
  readonly dlpAlerts: TimedAlert[];
  readonly defenderAlerts: TimedAlert[];
  readonly lastWorkingDay: Map<number, number>;
  readonly ordinaryResignations: string[];
  readonly ordinaryPerformancePlans: string[];
}

interface PlanContext {
  readonly seed: number;
  readonly days: readonly SimulatedDay[];
  readonly people: People;
  readonly siteByName: ReadonlyMap<string, DocumentSite>;
  readonly signals: PlantedSignals;
  readonly sinks: Map<string, RecordSink>;
}

/** HR connector dates: ISO 8601 at midnight UTC, as HR systems export dates. */
const hrDate = (day: SimulatedDay | number): string => `${new Date(typeof day === 'number' ? day : day.startMs).toISOString().slice(0, 10)}T00:00:00Z`;

export function planSignals(seed: number, days: readonly SimulatedDay[], people: People, siteByName: ReadonlyMap<string, DocumentSite>): PlantedSignals {
  const signals: PlantedSignals = {
    insiders: [],
    audit: new Map(),
    badges: new Map(),
    hr: [],
    dlpAlerts: [],
    defenderAlerts: [],
    lastWorkingDay: new Map(),
    ordinaryResignations: [],
    ordinaryPerformancePlans: [],
  };
  const ctx: PlanContext = { seed, days, people, siteByName, signals, sinks: new Map() };
  const chosen = chooseInsiders(ctx);
  departingUser(ctx, chosen['departing-user-data-theft']);
  emailLeakAfterDlpAlert(ctx, chosen['email-leak-after-dlp-alert']);
  disgruntledAfterPip(ctx, chosen['disgruntled-after-pip']);
  archiveObfuscateExfiltrateDelete(ctx, chosen['archive-obfuscate-exfiltrate-delete']);
  badgeAfterTermination(ctx, chosen['badge-access-after-termination']);
  defenseEvasion(ctx, chosen['defense-evasion']);
  ordinaryHr(ctx, new Set(Object.values(chosen).map((u) => u.index)));
  ordinaryAlerts(ctx, new Set(Object.values(chosen).map((u) => u.index)));
  for (const sink of ctx.sinks.values()) {
    const list = signals.audit.get(sink.day) ?? [];
    list.push(...sink.records);
    signals.audit.set(sink.day, list);
  }
  signals.hr.sort((a, b) => a.ms - b.ms);
  signals.dlpAlerts.sort((a, b) => a.ms - b.ms);
  signals.defenderAlerts.sort((a, b) => a.ms - b.ms);
  return signals;
}

const PREFERRED_DEPARTMENT: Readonly<Record<InsiderScenario, string>> = {
  'departing-user-data-theft': 'Engineering',
  'email-leak-after-dlp-alert': 'Sales',
  'disgruntled-after-pip': 'Finance',
  'archive-obfuscate-exfiltrate-delete': 'Engineering',
  'badge-access-after-termination': 'Operations',
  'defense-evasion': 'IT',
};

/** Individual contributors without a look-alike habit, so the planted signal is the only unusual thing. */
function chooseInsiders(ctx: PlanContext): Record<InsiderScenario, SyntheticUser> {
  const random = stream(ctx.seed, STREAM.insider, 0);
  const taken = new Set<number>();
  const eligible = (u: SyntheticUser): boolean =>
    u.index !== 0 && u.reports.length === 0 && !u.heavySharePoint && !u.heavyPrinter && !u.usbUser && !u.externalCollaborator && !taken.has(u.index);
  const out = {} as Record<InsiderScenario, SyntheticUser>;
  for (const scenario of Object.keys(PREFERRED_DEPARTMENT) as InsiderScenario[]) {
    const department = (ctx.people.byDepartment.get(PREFERRED_DEPARTMENT[scenario]) ?? []).map((i) => ctx.people.users[i]).filter(eligible);
    const pool = department.length > 0 ? department : ctx.people.users.filter(eligible);
    if (pool.length === 0) throw new RangeError('too few people to plant the insider scenarios; use at least 50 users');
    const user = random.pick(pool);
    taken.add(user.index);
    out[scenario] = user;
  }
  return out;
}

/** The planted-record sink of one person-day (one stream and id range per person-day). */
function sinkFor(ctx: PlanContext, user: SyntheticUser, day: number): RecordSink {
  const key = `${user.index}:${day}`;
  let sink = ctx.sinks.get(key);
  if (sink === undefined) {
    sink = new RecordSink(stream(ctx.seed, STREAM.insider, 1, user.index, day), user, day, PLANTED_SEQUENCE_BASE);
    ctx.sinks.set(key, sink);
  }
  return sink;
}

const at = (day: SimulatedDay, hour: number, minute = 0): number => day.startMs + hour * HOUR_MS + minute * MINUTE_MS;

function site(ctx: PlanContext, name: string): DocumentSite {
  const s = ctx.siteByName.get(name);
  if (s === undefined) throw new Error(`site ${name} is missing from the catalogue`);
  return s;
}

/** Sensitive documents first, then others, without repeats: what someone grabbing "everything" takes. */
function grab(random: Random, sites: readonly DocumentSite[], count: number): { site: DocumentSite; doc: SiteDocument }[] {
  const sensitive = shuffled(random, sites.flatMap((s) => s.sensitive.map((doc) => ({ site: s, doc }))));
  const rest = shuffled(random, sites.flatMap((s) => s.documents.filter((d) => !s.sensitive.includes(d)).map((doc) => ({ site: s, doc }))));
  const seen = new Set<string>();
  const out: { site: DocumentSite; doc: SiteDocument }[] = [];
  for (const item of [...sensitive, ...rest]) {
    if (out.length >= count) break;
    if (seen.has(item.doc.name)) continue;
    seen.add(item.doc.name);
    out.push(item);
  }
  return out;
}

interface Span {
  first: number;
  last: number;
}
const span = (): Span => ({ first: Number.POSITIVE_INFINITY, last: Number.NEGATIVE_INFINITY });
const widen = (s: Span, ms: number): void => {
  s.first = Math.min(s.first, ms);
  s.last = Math.max(s.last, ms);
};

function addInsider(
  ctx: PlanContext,
  user: SyntheticUser,
  scenario: InsiderScenario,
  template: PolicyTemplateName,
  riskFactors: readonly RiskFactor[],
  indicators: readonly string[],
  trigger: string,
  s: Span,
  description: string,
): void {
  ctx.signals.insiders.push({
    upn: user.upn,
    scenario,
    expectedTemplate: template,
    expectedRiskFactors: riskFactors,
    expectedIndicators: indicators,
    triggeringEvent: trigger,
    firstActivity: isoTime(s.first),
    lastActivity: isoTime(s.last),
    description,
  });
}

/** Records of several files in a burst: one every 20–100 seconds from `startMs`. */
function burst<T>(random: Random, startMs: number, items: readonly T[], each: (item: T, ms: number) => void): number {
  let t = startMs;
  for (const item of items) {
    t += random.int(20, 100) * 1000;
    each(item, t);
  }
  return t;
}

/**
 * 1. Resigns mid-month (last day about ten days later), then takes a SharePoint library home: a
 * mass download, most of it onto a USB stick after hours, and part uploaded to personal cloud
 * storage, all before the last day.
 */
function departingUser(ctx: PlanContext, user: SyntheticUser): void {
  const { days } = ctx;
  const random = stream(ctx.seed, STREAM.insider, 10);
  const resigned = weekdayAtOrAfter(days, Math.round(days.length * 0.4));
  const lastDay = Math.min(weekdayAtOrAfter(days, resigned + 10), days.length - 1);
  ctx.signals.lastWorkingDay.set(user.index, lastDay);
  const s = span();
  const resignedMs = days[resigned].startMs;
  widen(s, resignedMs);
  ctx.signals.hr.push({ scenario: 'Resignation', email: user.upn, resignationDate: hrDate(days[resigned]), lastWorkingDate: hrDate(days[lastDay]), ms: resignedMs });

  const [downloadDay, usbDay, cloudDay, lastSweep] = weekdaysAfter(days, resigned, 4, lastDay - 1);
  const home = site(ctx, user.department);
  const taken = grab(random, [home, site(ctx, 'ProductRoadmap')], random.int(55, 70));
  const dl = days[downloadDay];
  const end = burst(random, at(dl, 13, random.int(0, 40)), taken, ({ site: where, doc }, ms) => {
    fileOperation(sinkFor(ctx, user, dl.index), ms, 'FileDownloaded', { kind: 'site', site: where }, doc);
    widen(s, ms);
  });
  widen(s, end);

  const usb = (dayIndex: number | undefined, hour: number, items: typeof taken): void => {
    if (dayIndex === undefined) return;
    const d = days[dayIndex];
    burst(random, at(d, hour, random.int(0, 30)), items, ({ doc }, ms) => {
      endpointActivity(sinkFor(ctx, user, d.index), ms, 'FileCopiedToRemovableMedia', { path: localPath(user, 'Downloads', doc.name), sizeBytes: doc.sizeBytes, label: doc.label }, { targetPath: `E:\\backup\\${doc.name}`, usb: 0 });
      widen(s, ms);
    });
  };
  const cloud = (dayIndex: number | undefined, hour: number, items: typeof taken): void => {
    if (dayIndex === undefined) return;
    const d = days[dayIndex];
    burst(random, at(d, hour, random.int(0, 30)), items, ({ doc }, ms) => {
      endpointActivity(sinkFor(ctx, user, d.index), ms, 'FileUploadedToCloud', { path: localPath(user, 'Downloads', doc.name), sizeBytes: doc.sizeBytes, label: doc.label }, { domain: random.next() < 0.6 ? 'drive.google.com' : 'www.dropbox.com' });
      widen(s, ms);
    });
  };
  usb(usbDay ?? downloadDay, 18, taken.slice(0, 40));
  cloud(cloudDay ?? downloadDay, 12, taken.slice(25, 55));
  usb(lastSweep ?? cloudDay ?? downloadDay, 17, taken.slice(40));
  cloud(lastSweep ?? cloudDay ?? downloadDay, 19, taken.slice(0, 12));

  addInsider(
    ctx, user, 'departing-user-data-theft', 'Data theft by departing users',
    ['sequence', 'cumulativeExfiltration', 'unusualActivity', 'priorityContent', 'unallowedDomains'],
    ['SpoDownload', 'CopyToUSB', 'CopyToPersonalCloud'],
    `HR resignation on ${days[resigned].date}, last working day ${days[lastDay].date}`,
    s,
    `Downloads ${taken.length} documents from the ${home.name} and ProductRoadmap sites, copies them to a USB stick after hours and uploads them to drive.google.com / www.dropbox.com before the last working day.`,
  );
}

/**
 * 2. A high-severity DLP alert on a message to a private address, then days of mail with
 * customer files attached to private gmail.com / outlook.com addresses.
 */
function emailLeakAfterDlpAlert(ctx: PlanContext, user: SyntheticUser): void {
  const { days } = ctx;
  const random = stream(ctx.seed, STREAM.insider, 20);
  const alertDay = days[weekdayAtOrAfter(days, Math.round(days.length * 0.33))];
  const s = span();
  const privateAddresses = [`${user.alias.replace(/\./g, '')}${random.int(10, 99)}@gmail.com`, `${user.alias}.home@outlook.com`];
  const sales = [site(ctx, user.department), site(ctx, 'ProductRoadmap')];
  const files = grab(random, sales, 40);
  const attachmentsFor = (): { name: string; sizeBytes: number }[] =>
    Array.from({ length: random.int(1, 3) }, () => {
      const { doc } = random.pick(files);
      return { name: doc.name, sizeBytes: doc.sizeBytes };
    });

  const firstMs = at(alertDay, 10, random.int(5, 40));
  const firstSubject = 'Customer list Q1';
  mailSend(sinkFor(ctx, user, alertDay.index), firstMs, { subject: firstSubject, recipients: [privateAddresses[0]], attachments: [{ name: files[0].doc.name, sizeBytes: files[0].doc.sizeBytes }] });
  widen(s, firstMs);
  const alertMs = firstMs + random.int(4, 12) * MINUTE_MS;
  ctx.signals.dlpAlerts.push(dlpAlert(random, { user, ms: alertMs, severity: 'high', policy: 'Customer PII - external', subject: firstSubject, channel: 'email', incident: 4100 + random.int(0, 99) }));
  widen(s, alertMs);

  for (const dayIndex of weekdaysAfter(days, alertDay.index, 3, days.length - 1)) {
    const d = days[dayIndex];
    const mails = Array.from({ length: random.int(14, 22) }, (_, i) => i);
    // Half in the afternoon, half late in the evening from home.
    const sendAll = (items: number[], hour: number): void => {
      burst(random, at(d, hour, random.int(0, 20)), items, (_, ms) => {
        mailSend(sinkFor(ctx, user, d.index), ms, { subject: random.pick(['fwd', 'docs', 'for later', 'FW: files', 'backup']), recipients: [random.pick(privateAddresses)], attachments: attachmentsFor() });
        widen(s, ms);
      });
    };
    sendAll(mails.slice(0, mails.length >> 1), 15);
    sendAll(mails.slice(mails.length >> 1), 20);
  }

  addInsider(
    ctx, user, 'email-leak-after-dlp-alert', 'Data leaks',
    ['cumulativeExfiltration', 'unusualActivity', 'unallowedDomains'],
    ['HighSeverityDlpRuleMatch', 'EmailExternal'],
    `High-severity DLP alert on ${alertDay.date}`,
    s,
    `After a high-severity DLP alert on a message to ${privateAddresses[0]}, sends dozens of messages with customer files attached to the private addresses ${privateAddresses.join(' and ')} over three working days.`,
  );
}

/**
 * 3. A poor review, then a performance improvement plan; within days, finance documents are
 * downloaded, printed and uploaded to personal cloud storage.
 */
function disgruntledAfterPip(ctx: PlanContext, user: SyntheticUser): void {
  const { days } = ctx;
  const random = stream(ctx.seed, STREAM.insider, 30);
  const pipDay = days[weekdayAtOrAfter(days, Math.round(days.length * 0.27))];
  const s = span();
  const reviewMs = days[0].startMs - 20 * DAY_MS;
  ctx.signals.hr.push({ scenario: 'Performance review', email: user.upn, effectiveDate: hrDate(reviewMs), remarks: 'Did not meet close deadlines; repeated errors in reconciliations', rating: '2 Below expectations', ms: reviewMs });
  ctx.signals.hr.push({ scenario: 'Performance improvement plan', email: user.upn, effectiveDate: hrDate(pipDay), remarks: 'Formal 60-day improvement plan: close accuracy and timeliness', rating: '2 Below expectations', ms: pipDay.startMs });
  widen(s, pipDay.startMs);

  const [downloadDay, printDay, uploadDay] = weekdaysAfter(days, pipDay.index, 3, Math.min(pipDay.index + 12, days.length - 1));
  const files = grab(random, [site(ctx, user.department), site(ctx, 'ProductRoadmap')], random.int(30, 38));
  if (downloadDay !== undefined) {
    const d = days[downloadDay];
    burst(random, at(d, 16, random.int(0, 30)), files, ({ site: where, doc }, ms) => {
      fileOperation(sinkFor(ctx, user, d.index), ms, 'FileDownloaded', { kind: 'site', site: where }, doc);
      widen(s, ms);
    });
  }
  const printAt = days[printDay ?? downloadDay ?? pipDay.index];
  burst(random, at(printAt, 12, random.int(0, 40)), files.slice(0, 22), ({ doc }, ms) => {
    endpointActivity(sinkFor(ctx, user, printAt.index), ms, 'FilePrinted', { path: localPath(user, 'Downloads', doc.name), sizeBytes: doc.sizeBytes, label: doc.label }, { printer: PRINTERS[2] });
    widen(s, ms);
  });
  const uploadAt = days[uploadDay ?? printDay ?? pipDay.index];
  burst(random, at(uploadAt, 18, random.int(0, 40)), files.slice(8), ({ doc }, ms) => {
    endpointActivity(sinkFor(ctx, user, uploadAt.index), ms, 'FileUploadedToCloud', { path: localPath(user, 'Downloads', doc.name), sizeBytes: doc.sizeBytes, label: doc.label }, { domain: 'www.dropbox.com' });
    widen(s, ms);
  });

  addInsider(
    ctx, user, 'disgruntled-after-pip', 'Data leaks by risky users',
    ['sequence', 'cumulativeExfiltration', 'unusualActivity', 'priorityContent', 'unallowedDomains'],
    ['SpoDownload', 'Print', 'CopyToPersonalCloud'],
    `HR performance improvement plan effective ${pipDay.date}`,
    s,
    `After a poor review and a performance improvement plan, downloads ${files.length} ${user.department} and ProductRoadmap documents, prints ${Math.min(22, files.length)} of them and uploads most to www.dropbox.com.`,
  );
}

/**
 * 4. One file set through a full sequence on consecutive working days (within 7 days): each
 * document zipped, the zip renamed to look like a photo, uploaded to personal cloud storage,
 * then deleted. The steps link by file name, as docs/audit-operations.md reads device records:
 * the archive's `TargetFilePath` is the zip, the rename's `ObjectId` (and `PreviousFileName`) the
 * zip and its `TargetFilePath` the new name, which the upload and the deletion then carry.
 */
function archiveObfuscateExfiltrateDelete(ctx: PlanContext, user: SyntheticUser): void {
  const { days } = ctx;
  const random = stream(ctx.seed, STREAM.insider, 40);
  const first = weekdayAtOrAfter(days, Math.round(days.length * 0.55));
  const steps = [first, ...weekdaysAfter(days, first, 3, Math.min(first + 6, days.length - 1))];
  while (steps.length < 4) steps.push(steps[steps.length - 1]);
  const files = grab(random, [site(ctx, user.department)], random.int(10, 14)).map(({ doc }, i) => {
    const stem = doc.name.replace(/\.[^.]+$/, '');
    return { doc, archive: `${stem}.zip`, disguise: `IMG_${String(4000 + random.int(0, 5000) + i)}.jpg`, size: Math.round(doc.sizeBytes * 0.7) };
  });
  const s = span();
  const step = (dayIndex: number, hour: number, each: (f: (typeof files)[number], sink: RecordSink, ms: number) => void): void => {
    const d = days[dayIndex];
    burst(random, at(d, hour, random.int(0, 30)), files, (f, ms) => {
      each(f, sinkFor(ctx, user, d.index), ms);
      widen(s, ms);
    });
  };
  step(steps[0], 17, (f, sink, ms) =>
    endpointActivity(sink, ms, 'FileArchived', { path: localPath(user, 'Documents', f.doc.name), sizeBytes: f.doc.sizeBytes, label: f.doc.label }, { targetPath: localPath(user, 'Documents', f.archive) }),
  );
  step(steps[1], 17, (f, sink, ms) =>
    endpointActivity(sink, ms, 'FileRenamed', { path: localPath(user, 'Documents', f.archive), sizeBytes: f.size }, { targetPath: localPath(user, 'Documents', f.disguise), previousFileName: f.archive }),
  );
  step(steps[2], 12, (f, sink, ms) =>
    endpointActivity(sink, ms, 'FileUploadedToCloud', { path: localPath(user, 'Documents', f.disguise), sizeBytes: f.size }, { domain: 'drive.google.com' }),
  );
  step(steps[3], 18, (f, sink, ms) => endpointActivity(sink, ms, 'FileDeleted', { path: localPath(user, 'Documents', f.disguise), sizeBytes: f.size }));

  addInsider(
    ctx, user, 'archive-obfuscate-exfiltrate-delete', 'Data leaks',
    ['sequence', 'unusualActivity', 'unallowedDomains'],
    ['EpoFileArchived', 'EpoFileRenamed', 'CopyToPersonalCloud', 'EpoFileDeleted'],
    `Exfiltration activity (upload to drive.google.com) on ${days[steps[2]].date}, part of a sequence`,
    s,
    `Zips ${files.length} ${user.department} documents, renames the archives to IMG_*.jpg, uploads them to drive.google.com and deletes them, on ${steps.map((i) => days[i].date).join(', ')}.`,
  );
}

/**
 * 5. Left early in the month, but the badge was never revoked: an evening visit days later that
 * opens the front door and the R&D lab and fails at the server cage, then failures once the badge
 * is finally disabled.
 */
function badgeAfterTermination(ctx: PlanContext, user: SyntheticUser): void {
  const { days } = ctx;
  const random = stream(ctx.seed, STREAM.insider, 50);
  const lastDay = weekdayAtOrAfter(days, 2);
  ctx.signals.lastWorkingDay.set(user.index, lastDay);
  const resignedMs = days[lastDay].startMs - 14 * DAY_MS;
  ctx.signals.hr.push({ scenario: 'Resignation', email: user.upn, resignationDate: hrDate(resignedMs), lastWorkingDate: hrDate(days[lastDay]), ms: resignedMs });
  const s = span();
  widen(s, resignedMs);
  const asset = (id: string): (typeof PHYSICAL_ASSETS)[number] => {
    const found = PHYSICAL_ASSETS.find((a) => a.id === id);
    if (found === undefined) throw new Error(`asset ${id} is missing from the catalogue`);
    return found;
  };
  const badge = (dayIndex: number, ms: number, assetId: string, status: 'Success' | 'Failed'): void => {
    const a = asset(assetId);
    const list = ctx.signals.badges.get(dayIndex) ?? [];
    list.push({ ms, event: { UserId: user.upn, AssetId: a.id, AssetName: a.name, EventTime: creationTime(ms), AccessStatus: status } });
    ctx.signals.badges.set(dayIndex, list);
    widen(s, ms);
  };
  const visit = days[Math.min(lastDay + 5, days.length - 1)];
  let t = at(visit, 19, random.int(30, 55));
  badge(visit.index, t, 'HQ-Main-Entrance', 'Success');
  t += random.int(3, 6) * MINUTE_MS;
  badge(visit.index, t, 'HQ-RD-Lab', 'Success');
  t += random.int(8, 15) * MINUTE_MS;
  badge(visit.index, t, 'DC1-Cage-07', 'Failed');
  t += random.int(20, 50) * 1000;
  badge(visit.index, t, 'DC1-Cage-07', 'Failed');
  const retry = days[Math.min(lastDay + 8, days.length - 1)];
  t = at(retry, 7, random.int(5, 25));
  badge(retry.index, t, 'HQ-Main-Entrance', 'Failed');
  badge(retry.index, t + random.int(15, 40) * 1000, 'HQ-Main-Entrance', 'Failed');

  addInsider(
    ctx, user, 'badge-access-after-termination', 'Data theft by departing users',
    [],
    ['PhysicalAccess'],
    `HR resignation with last working day ${days[lastDay].date}`,
    s,
    `Last working day ${days[lastDay].date}; on ${visit.date} evening the badge still opens the main entrance and the R&D lab (priority asset) and fails twice at the data-center cage (priority asset); on ${retry.date} it fails at the main entrance.`,
  );
}

/** 6. Tampering with Defender on the person's laptop, seen by Defender for Endpoint. */
function defenseEvasion(ctx: PlanContext, user: SyntheticUser): void {
  const { days } = ctx;
  const random = stream(ctx.seed, STREAM.insider, 60);
  const first = days[weekdayAtOrAfter(days, Math.round(days.length * 0.6))];
  const second = days[weekdaysAfter(days, first.index, 1, days.length - 1)[0] ?? first.index];
  const s = span();
  const a1 = defenderAlert(random, {
    user, ms: at(first, 11, random.int(0, 50)), severity: 'high', category: 'DefenseEvasion',
    title: 'Attempt to turn off Microsoft Defender Antivirus protection', mitreTechniques: ['T1562.001'],
    process: 'powershell.exe', commandLine: 'powershell.exe -NoProfile Set-MpPreference -DisableRealtimeMonitoring $true', incident: 5200 + random.int(0, 99),
  });
  const a2 = defenderAlert(random, {
    user, ms: at(second, 14, random.int(0, 50)), severity: 'medium', category: 'DefenseEvasion',
    title: 'Suspicious Microsoft Defender Antivirus exclusion', mitreTechniques: ['T1562.001', 'T1564'],
    process: 'powershell.exe', commandLine: `powershell.exe Add-MpPreference -ExclusionPath C:\\Users\\${user.alias}\\AppData\\Local\\Temp\\sync`, incident: 5300 + random.int(0, 99),
  });
  ctx.signals.defenderAlerts.push(a1, a2);
  widen(s, a1.ms);
  widen(s, a2.ms);
  addInsider(
    ctx, user, 'defense-evasion', 'Security policy violations',
    [],
    ['SecurityAlertDefenseEvasion'],
    `Microsoft Defender for Endpoint defense-evasion alert on ${first.date}`,
    s,
    `Turns off Defender real-time protection on ${user.device} and adds an antivirus exclusion the next working day.`,
  );
}

/**
 * Ordinary HR events: about 1 % resign (and then behave normally until they leave), a few start a
 * performance plan, reviews and promotions happen. They bring innocent people into scope, which
 * is exactly what the scoring must not alert on.
 */
function ordinaryHr(ctx: PlanContext, insiders: ReadonlySet<number>): void {
  const { days, people } = ctx;
  const random = stream(ctx.seed, STREAM.hr);
  const pool = shuffled(
    random,
    people.users.filter((u) => u.index !== 0 && !insiders.has(u.index) && !u.heavySharePoint && !u.heavyPrinter && !u.usbUser),
  );
  const n = people.users.length;
  const take = (count: number): SyntheticUser[] => pool.splice(0, Math.min(count, pool.length));
  for (const u of take(Math.max(2, Math.round(n * 0.01)))) {
    const resigned = weekdayAtOrAfter(days, random.int(0, days.length - 5));
    const lastMs = days[resigned].startMs + random.int(10, 21) * DAY_MS;
    const lastIndex = Math.round((lastMs - days[0].startMs) / DAY_MS);
    if (lastIndex < days.length) ctx.signals.lastWorkingDay.set(u.index, lastIndex);
    ctx.signals.hr.push({ scenario: 'Resignation', email: u.upn, resignationDate: hrDate(days[resigned]), lastWorkingDate: hrDate(lastMs), ms: days[resigned].startMs });
    ctx.signals.ordinaryResignations.push(u.upn);
  }
  for (const u of take(Math.max(1, Math.round(n * 0.004)))) {
    const d = days[weekdayAtOrAfter(days, random.int(0, days.length - 3))];
    ctx.signals.hr.push({ scenario: 'Performance improvement plan', email: u.upn, effectiveDate: hrDate(d), remarks: 'Agreed goals for the next 60 days', rating: '2 Below expectations', ms: d.startMs });
    ctx.signals.ordinaryPerformancePlans.push(u.upn);
  }
  for (const u of take(Math.round(n * 0.04))) {
    const d = days[weekdayAtOrAfter(days, random.int(0, days.length - 1))];
    const good = chance(random, 0.85);
    ctx.signals.hr.push({
      scenario: 'Performance review', email: u.upn, effectiveDate: hrDate(d),
      remarks: good ? 'Solid year; met all goals' : 'Some goals missed; development plan agreed',
      rating: good ? random.pick(['3 Met expectations', '4 Exceeded expectations']) : '2 Below expectations', ms: d.startMs,
    });
  }
  for (const u of take(Math.round(n * 0.02))) {
    const d = days[weekdayAtOrAfter(days, random.int(0, days.length - 1))];
    const level = random.int(2, 6);
    ctx.signals.hr.push({ scenario: 'Job level change', email: u.upn, effectiveDate: hrDate(d), oldLevel: `L${level}`, newLevel: `L${level + 1}`, remarks: 'Promotion', ms: d.startMs });
  }
}

/** A few low-severity DLP matches and blocked unwanted software: the background of any tenant. */
function ordinaryAlerts(ctx: PlanContext, insiders: ReadonlySet<number>): void {
  const { days, people } = ctx;
  const random = stream(ctx.seed, STREAM.alerts);
  const candidates = people.users.filter((u) => !insiders.has(u.index));
  const dayFor = (u: SyntheticUser): SimulatedDay => {
    const last = ctx.signals.lastWorkingDay.get(u.index) ?? days.length - 1;
    return days[weekdayAtOrAfter(days, random.int(0, Math.max(0, last - 1)))];
  };
  const dlpCount = Math.max(3, Math.round(people.users.length * days.length * 0.0007));
  for (let i = 0; i < dlpCount; i++) {
    const user = random.pick(candidates);
    const d = dayFor(user);
    const ms = d.startMs + Math.floor((user.hours.startHour + random.next() * 8) * HOUR_MS / 1000) * 1000;
    const email = random.next() < 0.5;
    ctx.signals.dlpAlerts.push(
      dlpAlert(random, {
        user, ms, severity: 'low', policy: random.pick(['General PII', 'Credit card numbers', 'Internal project names']),
        subject: email ? random.pick(['Re: invoice', 'Expense report', 'Travel booking', 'FW: customer call']) : `${random.pick(['Notes', 'Draft', 'Summary'])} ${random.int(1, 40)}.docx`,
        channel: email ? 'email' : 'document', incident: 3000 + i,
      }),
    );
  }
  for (let i = 0; i < 2; i++) {
    const user = random.pick(candidates);
    const d = dayFor(user);
    ctx.signals.defenderAlerts.push(
      defenderAlert(random, {
        user, ms: d.startMs + Math.floor((user.hours.startHour + 1 + random.next() * 6) * HOUR_MS / 1000) * 1000, severity: 'low', category: 'UnwantedSoftware',
        title: "'BrowserModifier:Win32/Prifou' potentially unwanted application was blocked", mitreTechniques: [],
        process: 'setup_helper.exe', commandLine: `"C:\\Users\\${user.alias}\\Downloads\\setup_helper.exe" /silent`, incident: 5000 + i,
      }),
    );
  }
}
