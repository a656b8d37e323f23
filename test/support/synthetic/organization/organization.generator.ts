import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { SignalFormat } from '../../../../core/ingest/record-outcome';
import type { TimedRecord } from './audit-record.builder';
import { generateSites } from './document-sites.generator';
import {
  DOMAIN,
  PARTNER_DOMAINS,
  PERSONAL_CLOUD_DOMAINS,
  PERSONAL_MAIL_DOMAINS,
  PHYSICAL_ASSETS,
  SENSITIVITY_LABELS,
  LABEL_ID,
} from './organization.catalog';
import type { OrganizationModel, TimedBadge } from './organization-model';
import type {
  GeneratedFile,
  GeneratedOrganization,
  OrganizationManifest,
  OrganizationOptions,
  OrganizationStream,
} from './organization.types';
import { ordinaryAuditDay, ordinaryBadgeDay } from './ordinary-activity.generator';
import { generatePeople } from './people.generator';
import { planSignals, type PlantedSignals } from './planted-insiders.generator';
import { renderAlertsJson, renderAuditJson, renderBadgingJson, renderDirectoryCsv, renderHrCsv } from './signal-file.renderers';
import { parseStartDate, simulatedDays, type SimulatedDay } from './work-calendar';

export const DEFAULT_ORGANIZATION: Required<OrganizationOptions> = {
  seed: 20260302,
  users: 500,
  start: '2026-03-02',
  days: 30,
  usersPerAuditFile: 5000,
};

/**
 * People per badging file. The badging connector takes at most 50,000 records per request and a
 * person makes at most a handful of badge events a day, so 8,000 people always fit in one file.
 */
const USERS_PER_BADGING_FILE = 8000;

function resolveOptions(options: OrganizationOptions): Required<OrganizationOptions> {
  const o = { ...DEFAULT_ORGANIZATION, ...options };
  if (!Number.isInteger(o.seed)) throw new RangeError(`seed must be an integer, got ${o.seed}`);
  if (!Number.isInteger(o.users) || o.users < 50) throw new RangeError(`users must be an integer of at least 50, got ${o.users}`);
  if (!Number.isInteger(o.days) || o.days < 14 || o.days > 65_535) {
    throw new RangeError(`days must be an integer from 14 to 65535 (the planted scenarios span two weeks), got ${o.days}`);
  }
  if (!Number.isInteger(o.usersPerAuditFile) || o.usersPerAuditFile < 1) {
    throw new RangeError(`usersPerAuditFile must be a positive integer, got ${o.usersPerAuditFile}`);
  }
  parseStartDate(o.start);
  return o;
}

interface FilePlan {
  readonly name: string;
  readonly format: SignalFormat;
  readonly render: () => string;
}

/**
 * Plans the organization (people, sites, insiders, HR, alerts) and returns its files as a lazy
 * sequence: per-day audit and badging files are made only when asked for, so a 20,000-person,
 * 90-day organization can be streamed to disk in bounded memory.
 */
export function createOrganization(options: OrganizationOptions = {}): OrganizationStream {
  const o = resolveOptions(options);
  const days = simulatedDays(parseStartDate(o.start), o.days);
  const people = generatePeople(o.seed, o.users);
  const sites = generateSites(o.seed);
  const siteByName = new Map(sites.map((s) => [s.name, s]));
  const planted = planSignals(o.seed, days, people, siteByName);
  const model: OrganizationModel = { seed: o.seed, days, people, sites, siteByName, lastWorkingDay: planted.lastWorkingDay };

  const plans = filePlans(model, planted, o.usersPerAuditFile);
  const users = people.users;
  const manifest: OrganizationManifest = {
    seed: o.seed,
    start: o.start,
    days: o.days,
    users: o.users,
    insiders: planted.insiders,
    habits: {
      heavySharePoint: users.filter((u) => u.heavySharePoint).map((u) => u.upn),
      heavyPrinters: users.filter((u) => u.heavyPrinter).map((u) => u.upn),
      usbUsers: users.filter((u) => u.usbUser).map((u) => u.upn),
      externalCollaborators: users.filter((u) => u.externalCollaborator).length,
      ordinaryResignations: planted.ordinaryResignations,
      ordinaryPerformancePlans: planted.ordinaryPerformancePlans,
    },
    settings: {
      internalDomains: [DOMAIN],
      partnerDomains: [...PARTNER_DOMAINS],
      unallowedDomains: [...PERSONAL_MAIL_DOMAINS, ...PERSONAL_CLOUD_DOMAINS],
      prioritySites: sites.filter((s) => s.priority).map((s) => s.url),
      sensitivityLabels: SENSITIVITY_LABELS.map((l) => ({ ...l })),
      priorityLabelIds: [LABEL_ID['Highly Confidential']],
      priorityPhysicalAssets: PHYSICAL_ASSETS.filter((a) => a.priority).map((a) => a.id),
    },
    files: plans.map(({ name, format }) => ({ name, format })),
  };
  return {
    manifest,
    *files(): Generator<GeneratedFile> {
      for (const plan of plans) yield { name: plan.name, format: plan.format, content: plan.render() };
    },
  };
}

/** The whole organization in memory: for tests and small demos. */
export function generateOrganization(options: OrganizationOptions = {}): GeneratedOrganization {
  const org = createOrganization(options);
  return { manifest: org.manifest, files: [...org.files()] };
}

/**
 * Writes every file under `dir` (users.csv, hr.csv, dlp-alerts.json, defender-alerts.json,
 * audit/audit-YYYY-MM-DD.json, badging/badging-YYYY-MM-DD.json, manifest.json), one at a time.
 */
export async function writeOrganization(dir: string, options: OrganizationOptions = {}): Promise<OrganizationManifest> {
  const org = createOrganization(options);
  await mkdir(dir, { recursive: true });
  const made = new Set<string>([path.resolve(dir)]);
  for (const file of org.files()) {
    const target = path.resolve(dir, ...file.name.split('/'));
    const folder = path.dirname(target);
    if (!made.has(folder)) {
      await mkdir(folder, { recursive: true });
      made.add(folder);
    }
    await writeFile(target, file.content, 'utf8');
  }
  await writeFile(path.join(dir, 'manifest.json'), `${JSON.stringify(org.manifest, null, 2)}\n`, 'utf8');
  return org.manifest;
}

/** Slices of user indices, `size` at a time. */
function slices(count: number, size: number): { from: number; to: number }[] {
  const out: { from: number; to: number }[] = [];
  for (let from = 0; from < count; from += size) out.push({ from, to: Math.min(count, from + size) });
  return out;
}

const partName = (base: string, date: string, part: number, parts: number): string =>
  parts === 1 ? `${base}-${date}.json` : `${base}-${date}-${part + 1}.json`;

function filePlans(model: OrganizationModel, planted: PlantedSignals, usersPerAuditFile: number): FilePlan[] {
  const { people, days } = model;
  const plans: FilePlan[] = [
    // The directory first: HR and badging rows must name people the product already knows.
    { name: 'users.csv', format: 'directory-csv', render: () => renderDirectoryCsv(people) },
    { name: 'hr.csv', format: 'hr-csv', render: () => renderHrCsv(planted.hr) },
    { name: 'dlp-alerts.json', format: 'dlp-alerts-json', render: () => renderAlertsJson(planted.dlpAlerts) },
    { name: 'defender-alerts.json', format: 'defender-alerts-json', render: () => renderAlertsJson(planted.defenderAlerts) },
  ];
  const auditSlices = slices(people.users.length, usersPerAuditFile);
  const badgeSlices = slices(people.users.length, USERS_PER_BADGING_FILE);
  for (const day of days) {
    auditSlices.forEach((slice, part) => {
      plans.push({
        name: `audit/${partName('audit', day.date, part, auditSlices.length)}`,
        format: 'audit-json',
        render: () => renderAuditJson(auditRecords(model, planted, day, slice)),
      });
    });
    // Nobody badges in on an ordinary weekend; a weekend file exists only when something was planted.
    if (!day.weekday && (planted.badges.get(day.index)?.length ?? 0) === 0) continue;
    badgeSlices.forEach((slice, part) => {
      plans.push({
        name: `badging/${partName('badging', day.date, part, badgeSlices.length)}`,
        format: 'badging-json',
        render: () => renderBadgingJson(badgeEvents(model, planted, day, slice)),
      });
    });
  }
  return plans;
}

function auditRecords(model: OrganizationModel, planted: PlantedSignals, day: SimulatedDay, slice: { from: number; to: number }): TimedRecord[] {
  const records: TimedRecord[] = [];
  for (let i = slice.from; i < slice.to; i++) {
    for (const r of ordinaryAuditDay(model, model.people.users[i], day)) records.push(r);
  }
  for (const r of planted.audit.get(day.index) ?? []) if (r.user >= slice.from && r.user < slice.to) records.push(r);
  return records;
}

function badgeEvents(model: OrganizationModel, planted: PlantedSignals, day: SimulatedDay, slice: { from: number; to: number }): TimedBadge['event'][] {
  const events: TimedBadge[] = [];
  for (let i = slice.from; i < slice.to; i++) {
    for (const b of ordinaryBadgeDay(model, model.people.users[i], day)) events.push(b);
  }
  for (const b of planted.badges.get(day.index) ?? []) {
    const index = model.people.users.findIndex((u) => u.upn === b.event.UserId);
    // A handful of planted events a month: a linear search is cheaper than keeping an index.
    if (index >= slice.from && index < slice.to) events.push(b);
  }
  return events.sort((a, b) => a.ms - b.ms).map((b) => b.event);
}
