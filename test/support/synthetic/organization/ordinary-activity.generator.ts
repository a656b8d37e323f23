import type { Random } from '../random';
import {
  endpointActivity,
  fileOperation,
  labelChange,
  localPath,
  mailSend,
  RecordSink,
  sharingOperation,
  userLoggedIn,
  type DocumentLocation,
  type FileOperation,
  type MailAttachment,
  type TimedRecord,
} from './audit-record.builder';
import { personalDocument, type SiteDocument } from './document-sites.generator';
import { PARTNER_DOMAINS, PERSONAL_CLOUD_DOMAINS, PHYSICAL_ASSETS, PRINTERS, SHARED_SITES, type LabelName } from './organization.catalog';
import type { OrganizationModel, TimedBadge } from './organization-model';
import type { SyntheticUser } from './people.generator';
import { chance, poisson, stream, STREAM } from './random-streams';
import { creationTime, MINUTE_MS, weekendTime, workTime, type SimulatedDay } from './work-calendar';

/**
 * Ordinary behaviour: what 99 % of people do. Rates are per active working day and are multiplied
 * by the person's own activity level; a weekend day, when someone works at all, is about a third
 * of a working day. Each person-day has its own random stream, so any day can be made alone.
 */

/** Whether and how much someone works on a day. Drawn from its own stream: audit and badging agree. */
interface DayPresence {
  readonly active: boolean;
  readonly intensity: number;
  readonly inOffice: boolean;
}

export function dayPresence(model: OrganizationModel, user: SyntheticUser, day: SimulatedDay): DayPresence {
  const last = model.lastWorkingDay.get(user.index);
  if (last !== undefined && day.index > last) return { active: false, intensity: 0, inOffice: false };
  const random = stream(model.seed, STREAM.userDay, day.index, user.index, 0);
  if (day.weekday) {
    // Leave, sickness, training: about one working day in twenty.
    const active = random.next() >= 0.05;
    return { active, intensity: user.activity * (0.75 + random.next() * 0.5), inOffice: active && random.next() < user.officeRate };
  }
  const active = random.next() < (user.weekendWorker ? 0.35 : 0.03);
  return { active, intensity: user.activity * 0.3, inOffice: false };
}

/** Ordinary-noise rates per active working day, before the person's multipliers. */
const RATE = {
  accessed: 1.4,
  downloaded: 0.8,
  synced: 0.25,
  uploaded: 0.5,
  modified: 0.4,
  deleted: 0.15,
  recycled: 0.02,
  sharedInternally: 0.2,
  sharedWithPartner: 0.15,
  teamsChatShare: 0.12,
  companyLink: 0.06,
  anonymousLink: 0.01,
  mail: 1.4,
  labelChange: 0.01,
  printed: 0.12,
  heavyPrinting: 3.0,
  cloudUpload: 0.01,
  networkShare: 0.06,
  renamed: 0.15,
  archived: 0.03,
  deviceDeleted: 0.1,
  created: 0.15,
  signIn: 0.3,
} as const;

export function ordinaryAuditDay(model: OrganizationModel, user: SyntheticUser, day: SimulatedDay): TimedRecord[] {
  const presence = dayPresence(model, user, day);
  if (!presence.active) return [];
  const random = stream(model.seed, STREAM.userDay, day.index, user.index, 1);
  const sink = new RecordSink(random, user, day.index);
  const a = presence.intensity;
  const when = (): number => (day.weekday ? workTime(random, day, user.hours) : weekendTime(random, day));
  const n = (rate: number): number => poisson(random, rate * a);

  const sp = user.heavySharePoint ? 2.5 : 1;
  const fileOps: [FileOperation, number][] = [
    ['FileAccessed', n(RATE.accessed * sp)],
    ['FileDownloaded', n(RATE.downloaded * (user.heavySharePoint ? 3 : 1))],
    ['FileSyncDownloadedFull', n(RATE.synced * (user.heavySharePoint ? 2 : 1))],
    ['FileUploaded', n(RATE.uploaded)],
    ['FileModified', n(RATE.modified)],
    ['FileDeleted', n(RATE.deleted)],
    ['FileDeletedFirstStageRecycleBin', chance(random, RATE.recycled * a) ? 1 : 0],
  ];
  for (const [operation, count] of fileOps) {
    for (let i = 0; i < count; i++) {
      const { where, doc } = pickDocument(model, random, user, operation === 'FileAccessed' ? 0.2 : 0.35);
      fileOperation(sink, when(), operation, where, doc);
    }
  }

  for (let i = n(RATE.sharedInternally); i > 0; i--) {
    const { where, doc } = pickDocument(model, random, user, 0.5);
    sharingOperation(sink, when(), 'SharingInvitationCreated', where, doc, { upn: colleague(model, random, user).upn, type: 'Member' });
  }
  for (let i = poisson(random, (user.externalCollaborator ? RATE.sharedWithPartner : RATE.sharedWithPartner / 15) * a); i > 0; i--) {
    const { where, doc } = pickDocument(model, random, user, 0.3);
    sharingOperation(sink, when(), 'SharingInvitationCreated', where, doc, { upn: partnerAddress(random), type: 'Guest' });
  }
  for (let i = n(RATE.teamsChatShare); i > 0; i--) {
    // Sharing in a Teams chat puts the file in the sender's OneDrive and links it for the chat.
    const doc = { ...personalDocument(random), folder: 'Documents/Microsoft Teams Chat Files' };
    const outside = chance(random, user.externalCollaborator ? 0.1 : 0.005);
    const target = outside ? { upn: partnerAddress(random), type: 'Guest' as const } : { upn: colleague(model, random, user).upn, type: 'Member' as const };
    sharingOperation(sink, when(), 'SharingInvitationCreated', user.oneDrive, doc, target, 'Microsoft Teams');
  }
  for (let i = n(RATE.companyLink); i > 0; i--) {
    const { where, doc } = pickDocument(model, random, user, 0.5);
    sharingOperation(sink, when(), 'CompanyLinkCreated', where, doc);
  }
  if (chance(random, RATE.anonymousLink * a)) {
    const { where, doc } = pickDocument(model, random, user, 0.6);
    sharingOperation(sink, when(), 'AnonymousLinkCreated', where, doc);
  }
  if (chance(random, RATE.labelChange * a)) {
    const { where, doc } = pickDocument(model, random, user, 0.2);
    const from: LabelName = doc.label ?? 'General';
    // Mostly people raise a label when they notice what a document holds; a fifth lower one.
    const to: LabelName = random.next() < 0.8 ? (from === 'Highly Confidential' ? 'Highly Confidential' : 'Confidential') : 'General';
    if (to !== from) labelChange(sink, when(), where, doc, from, to);
  }

  for (let i = n(RATE.mail); i > 0; i--) ordinaryMail(model, random, sink, user, when());

  const printing = user.heavyPrinter ? RATE.heavyPrinting : RATE.printed;
  for (let i = n(printing); i > 0; i--) {
    const { doc } = pickDocument(model, random, user, 0.3);
    endpointActivity(sink, when(), 'FilePrinted', { path: localPath(user, 'Documents', doc.name), sizeBytes: doc.sizeBytes, label: doc.label }, { printer: random.pick(PRINTERS) });
  }
  if (user.usbUser && chance(random, 0.4)) {
    // Field work: a few files to the person's own stick, most days the same kind of files.
    const t = when();
    for (let i = random.int(1, 3); i > 0; i--) {
      const { doc } = pickDocument(model, random, user, 0.2);
      endpointActivity(sink, t + i * MINUTE_MS, 'FileCopiedToRemovableMedia', { path: localPath(user, 'Documents', doc.name), sizeBytes: doc.sizeBytes, label: doc.label }, { targetPath: `E:\\${doc.name}`, usb: user.index });
    }
  }
  if (chance(random, RATE.cloudUpload * a)) {
    const { doc } = pickDocument(model, random, user, 0.7);
    endpointActivity(sink, when(), 'FileUploadedToCloud', { path: localPath(user, 'Documents', doc.name), sizeBytes: doc.sizeBytes, label: doc.label }, { domain: random.pick(PERSONAL_CLOUD_DOMAINS) });
  }
  for (let i = n(RATE.networkShare); i > 0; i--) {
    const { doc } = pickDocument(model, random, user, 0.3);
    endpointActivity(sink, when(), 'FileCopiedToNetworkShare', { path: localPath(user, 'Documents', doc.name), sizeBytes: doc.sizeBytes, label: doc.label }, { targetPath: `\\\\fs01.contoso.com\\${user.department}\\${doc.name}` });
  }
  for (let i = n(RATE.renamed); i > 0; i--) {
    const doc = personalDocument(random);
    const renamed = doc.name.replace(/(\.[a-z]+)$/, ` (${random.pick(['final', 'reviewed', 'v2', 'old'])})$1`);
    endpointActivity(sink, when(), 'FileRenamed', { path: localPath(user, 'Documents', doc.name), sizeBytes: doc.sizeBytes }, { targetPath: localPath(user, 'Documents', renamed), previousFileName: doc.name });
  }
  if (chance(random, RATE.archived * a)) {
    const doc = personalDocument(random);
    endpointActivity(sink, when(), 'FileArchived', { path: localPath(user, 'Documents', doc.name), sizeBytes: doc.sizeBytes }, { targetPath: localPath(user, 'Documents', `${doc.name.replace(/\.[a-z]+$/, '')}.zip`) });
  }
  for (let i = n(RATE.deviceDeleted); i > 0; i--) {
    const doc = personalDocument(random);
    endpointActivity(sink, when(), 'FileDeleted', { path: localPath(user, random.pick(['Downloads', 'Desktop'] as const), doc.name), sizeBytes: doc.sizeBytes });
  }
  for (let i = n(RATE.created); i > 0; i--) {
    const doc = personalDocument(random);
    endpointActivity(sink, when(), 'FileCreated', { path: localPath(user, 'Documents', doc.name), sizeBytes: doc.sizeBytes });
  }
  if (chance(random, RATE.signIn)) userLoggedIn(sink, day.weekday ? day.startMs + Math.floor(user.hours.startHour * 3_600_000) : when());
  return sink.records;
}

/** Mostly the person's own department and the shared sites, sometimes their OneDrive. */
export function pickDocument(model: OrganizationModel, random: Random, user: SyntheticUser, oneDriveShare: number): { where: DocumentLocation; doc: SiteDocument } {
  if (random.next() < oneDriveShare) return { where: user.oneDrive, doc: personalDocument(random) };
  const roll = random.next();
  const siteName = roll < 0.7 ? user.department : roll < 0.92 ? random.pick(SHARED_SITES) : random.pick(model.sites).name;
  const site = model.siteByName.get(siteName) ?? model.siteByName.get('Intranet');
  if (site === undefined) throw new Error('the Intranet site is missing from the catalogue');
  return { where: { kind: 'site', site }, doc: random.pick(site.documents) };
}

export function colleague(model: OrganizationModel, random: Random, user: SyntheticUser): SyntheticUser {
  const users = model.people.users;
  if (random.next() < 0.3 && user.managerIndex !== undefined) return users[user.managerIndex];
  const team = model.people.byDepartment.get(user.department) ?? [];
  for (let tries = 0; tries < 4; tries++) {
    const other = users[random.next() < 0.8 && team.length > 1 ? random.pick(team) : random.int(0, users.length - 1)];
    if (other.index !== user.index) return other;
  }
  return users[(user.index + 1) % users.length];
}

const PARTNER_CONTACTS = ['j.miller', 'procurement', 'a.schulz', 'legal', 'k.yamada', 'accounts', 'r.dupont', 'm.ortega', 'support', 's.kowalczyk'];

export function partnerAddress(random: Random): string {
  return `${random.pick(PARTNER_CONTACTS)}@${random.pick(PARTNER_DOMAINS)}`;
}

const SUBJECTS = ['Re: weekly sync', 'Follow-up', 'Draft for review', 'FW: numbers', 'Agenda', 'Quick question', 'Notes from today', 'Updated version', 'Re: proposal', 'Invoice'];

function ordinaryMail(model: OrganizationModel, random: Random, sink: RecordSink, user: SyntheticUser, ms: number): void {
  const recipients: string[] = [];
  for (let i = random.int(1, 4); i > 0; i--) recipients.push(colleague(model, random, user).upn);
  const roll = random.next();
  // Partners get mail from the people who work with them; a rare note goes to a private address.
  if (roll < (user.externalCollaborator ? 0.3 : 0.04)) recipients.push(partnerAddress(random));
  else if (roll > 0.9985) recipients.push(user.personalEmail);
  const attachments: MailAttachment[] = [];
  if (random.next() < 0.3) {
    for (let i = random.int(1, 2); i > 0; i--) {
      const { doc } = pickDocument(model, random, user, 0.4);
      attachments.push({ name: doc.name, sizeBytes: doc.sizeBytes });
    }
  }
  mailSend(sink, ms, { subject: random.pick(SUBJECTS), recipients: [...new Set(recipients)], attachments });
}

/**
 * Ordinary badge events of one person-day: in through the front door or the garage on office
 * days, sometimes a wing door, and the odd misread badge that fails and then works.
 */
export function ordinaryBadgeDay(model: OrganizationModel, user: SyntheticUser, day: SimulatedDay): TimedBadge[] {
  const presence = dayPresence(model, user, day);
  if (!presence.inOffice) return [];
  const random = stream(model.seed, STREAM.badgeDay, day.index, user.index);
  const out: TimedBadge[] = [];
  const badge = (ms: number, assetIndex: number, status: 'Success' | 'Failed'): void => {
    const asset = PHYSICAL_ASSETS[assetIndex];
    out.push({ ms, event: { UserId: user.upn, AssetId: asset.id, AssetName: asset.name, EventTime: creationTime(ms), AccessStatus: status } });
  };
  const arrival = day.startMs + Math.floor((user.hours.startHour - 0.4 + random.next() * 0.3) * 3_600_000 / 1000) * 1000;
  badge(arrival, random.next() < 0.7 ? 0 : 1, 'Success');
  const wings = PHYSICAL_ASSETS.map((asset, index) => ({ asset, index })).filter(
    ({ asset }) => asset.departments !== 'all' && asset.departments.includes(user.department),
  );
  for (const { asset, index } of wings) {
    // Secure rooms are for the people who work in them, and only some days.
    const rate = asset.priority ? 0.15 : 0.35;
    if (random.next() >= rate) continue;
    const t = workTime(random, day, user.hours, 0);
    // A misread badge on an ordinary door; failures at secure rooms are left to the planted cases.
    if (!asset.priority && random.next() < 0.01) badge(t - 20_000, index, 'Failed');
    badge(t, index, 'Success');
  }
  return out;
}
