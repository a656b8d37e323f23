import { z } from 'zod';
import type { Activity, ActivityKind, ExternalSeverity } from '../ingest/activity';
import { defenderAlertClass, type DefenderAlertClass } from './defender-alert-class';

/**
 * Every indicator our activity kinds can express, with Purview's internal id and UI label, and the
 * defaults we publish for it (Purview does not publish its own). docs/scoring.md carries the same
 * table and a test keeps the two equal.
 */

/** Purview's indicator groups, which decide whether boosters apply (Office and Device only). */
export const INDICATOR_CATEGORIES = ['office', 'device', 'physicalAccess', 'dlpAlert', 'defenderForEndpoint'] as const;
export type IndicatorCategory = (typeof INDICATOR_CATEGORIES)[number];

export const INDICATOR_FAMILIES = ['collection', 'exfiltration', 'obfuscation', 'deletion', 'access', 'security', 'physical', 'dlp'] as const;
export type IndicatorFamily = (typeof INDICATOR_FAMILIES)[number];

/** The step an indicator can play in a sequence (docs/scoring.md, "Sequences"). */
export const SEQUENCE_ROLES = ['download', 'archive', 'label', 'thirdPartyDownload', 'unallowedDownload', 'obfuscate', 'exfiltrate', 'delete', 'none'] as const;
export type SequenceRole = (typeof SEQUENCE_ROLES)[number];

/** Channels compared by cumulative exfiltration; one unit per channel so totals are comparable. */
export const EXFILTRATION_CHANNELS = ['usb', 'print', 'personalCloud', 'networkShare', 'remoteDesktop', 'email', 'externalSharing', 'teams'] as const;
export type ExfiltrationChannel = (typeof EXFILTRATION_CHANNELS)[number];

/** Facts about an activity that are not in the activity itself: they come from the lists and HR. */
export interface IndicatorContext {
  /** A target domain is on the third-party domain list (classify-activity). */
  readonly thirdPartyDomain?: boolean;
  /** A target domain is on the unallowed domain list (classify-activity). */
  readonly unallowedDomain?: boolean;
  /** The content (or physical asset) is priority content (classify-activity). */
  readonly priorityContent?: boolean;
  /** The activity happened after the user's last working day (the engine knows HR dates). */
  readonly afterTermination?: boolean;
}
export type IndicatorContextFlag = keyof IndicatorContext;

/**
 * One test on an activity. Matching is data so the documentation can show it and a policy editor
 * could one day list it; the evaluator below is the only code that reads it.
 */
export type MatchCondition =
  | { readonly on: 'workload'; readonly oneOf: readonly string[] }
  | { readonly on: 'workload'; readonly noneOf: readonly string[] }
  | { readonly on: 'severity'; readonly oneOf: readonly ExternalSeverity[] }
  | { readonly on: 'accessStatus'; readonly oneOf: readonly ('Success' | 'Failed')[] }
  /** A value in `details` (e.g. the endpoint record's `hidden` flag). */
  | { readonly on: 'detail'; readonly key: string; readonly equals: string | number | boolean }
  /** The item carries a sensitivity label or sensitive info type, or is priority content. */
  | { readonly on: 'sensitiveContent' }
  | { readonly on: 'context'; readonly flag: IndicatorContextFlag }
  | { readonly on: 'defenderClass'; readonly is: DefenderAlertClass };

export interface ActivityMatch {
  readonly kinds: readonly ActivityKind[];
  /** Alternatives (any may hold), each a list of conditions that must all hold. Absent: the kind suffices. */
  readonly when?: readonly (readonly MatchCondition[])[];
}

export const IndicatorThresholdsSchema = z
  .object({ low: z.number().int().min(1), medium: z.number().int().min(1), high: z.number().int().min(1) })
  .refine((t) => t.low <= t.medium && t.medium <= t.high, { message: 'thresholds must satisfy low ≤ medium ≤ high' });
/** Daily event counts at which an indicator reaches the low, medium and high level. */
export type IndicatorThresholds = z.infer<typeof IndicatorThresholdsSchema>;

export interface IndicatorDefinition {
  readonly id: IndicatorId;
  readonly label: string;
  readonly category: IndicatorCategory;
  readonly family: IndicatorFamily;
  readonly match: ActivityMatch;
  readonly thresholds: IndicatorThresholds;
  /** The score at level 1 (× 1); for alert indicators, the score of an alert of unknown severity. */
  readonly baseScore: number;
  /** Alert indicators: the base score by the source alert's severity (see baseScoreFor). */
  readonly baseScoreBySeverity?: Readonly<Record<ExternalSeverity, number>>;
  readonly sequenceRole: SequenceRole;
  /** Set when the indicator's events count towards cumulative exfiltration on that channel. */
  readonly exfiltrationChannel?: ExfiltrationChannel;
}

/**
 * Base score by family (docs/scoring.md explains the order). Defender alerts take Elastic's default
 * risk score of a medium alert (47) when they carry no severity and their own severity otherwise;
 * DLP alerts count only at high severity, so their family scores as a high alert (73).
 */
export const FAMILY_BASE_SCORE: Readonly<Record<IndicatorFamily, number>> = {
  collection: 15,
  exfiltration: 30,
  obfuscation: 20,
  deletion: 10,
  access: 10,
  security: 47,
  physical: 25,
  dlp: 73,
};

/**
 * An imported alert scores by its own severity, with Elastic's default rule risk scores (low 21,
 * medium 47, high 73): one high-severity alert alone then reaches the Low band at the Default
 * alert volume (73 ÷ ζ(1.5) ≈ 27.9), while a low-severity one (a blocked unwanted program) does not.
 * Informational counts as low.
 */
export const SEVERITY_BASE_SCORE: Readonly<Record<ExternalSeverity, number>> = { Informational: 21, Low: 21, Medium: 47, High: 73 };

export const INDICATOR_IDS = [
  'SpoDownload',
  'OdbDownload',
  'SpoSyncDownload',
  'OdbSyncDownload',
  'SpoFileAccessed',
  'SpoFileSharing',
  'SpoFolderSharing',
  'SpoSiteSharing',
  'SpoFileLabelDowngraded',
  'SpoFileLabelRemoved',
  'SpoFileDeleted',
  'SpoFileDeletedFromFirstStageRecycleBin',
  'SpoFileDeletedFromSecondStageRecycleBin',
  'SpoFolderDeleted',
  'SpoFolderDeletedFromFirstStageRecycleBin',
  'SpoFolderDeletedFromSecondStageRecycleBin',
  'EmailExternal',
  'TeamsChatFileSharedExternal',
  'CopyToUSB',
  'Print',
  'CopyToPersonalCloud',
  'EpoCopyToNetworkShare',
  'EpoFileCopiedToRemoteDesktopSession',
  'EpoCopyToClipboardFromSensitiveFile',
  'EpoFileRenamed',
  'EpoFileArchived',
  'EpoFileDeleted',
  'EpoSensitiveFileRead',
  'EpoFileStagedToCentralLocation',
  'EpoHiddenFileCreated',
  'EpoFileDownloadedFromEnterpriseDomain',
  'EpoFileDownloadedFromBlacklistedDomain',
  'PhysicalAccess',
  'HighSeverityDlpRuleMatch',
  'SecurityAlertDefenseEvasion',
  'SecurityAlertUnwantedSoftware',
] as const;
export type IndicatorId = (typeof INDICATOR_IDS)[number];
export const IndicatorIdSchema = z.enum(INDICATOR_IDS);

const t = (low: number, medium: number, high: number): IndicatorThresholds => ({ low, medium, high });

// OneDrive for Business is SharePoint underneath; Purview splits only downloads and syncs by it.
const ONEDRIVE = ['OneDrive'] as const;
const notOneDrive: readonly MatchCondition[] = [{ on: 'workload', noneOf: ONEDRIVE }];
const onOneDrive: readonly MatchCondition[] = [{ on: 'workload', oneOf: ONEDRIVE }];

type Draft = Omit<IndicatorDefinition, 'baseScore'> & { readonly baseScore?: number };

const BY_SEVERITY = { baseScoreBySeverity: SEVERITY_BASE_SCORE } as const;

const DRAFTS: readonly Draft[] = [
  // ---- Office: collection
  { id: 'SpoDownload', label: 'Downloading content from SharePoint', category: 'office', family: 'collection',
    match: { kinds: ['file.downloaded'], when: [notOneDrive] }, thresholds: t(10, 20, 30), sequenceRole: 'download' },
  { id: 'OdbDownload', label: 'Downloading content from OneDrive', category: 'office', family: 'collection',
    match: { kinds: ['file.downloaded'], when: [onOneDrive] }, thresholds: t(15, 30, 45), sequenceRole: 'download' },
  { id: 'SpoSyncDownload', label: 'Syncing content from SharePoint', category: 'office', family: 'collection',
    match: { kinds: ['file.synced'], when: [notOneDrive] }, thresholds: t(50, 100, 200), sequenceRole: 'download' },
  { id: 'OdbSyncDownload', label: 'Syncing content from OneDrive', category: 'office', family: 'collection',
    match: { kinds: ['file.synced'], when: [onOneDrive] }, thresholds: t(100, 200, 400), sequenceRole: 'download' },
  { id: 'SpoFileAccessed', label: 'Accessing sensitive SharePoint files', category: 'office', family: 'access',
    match: { kinds: ['file.accessed'], when: [[...notOneDrive, { on: 'sensitiveContent' }]] }, thresholds: t(20, 40, 80), sequenceRole: 'none' },
  // ---- Office: exfiltration
  { id: 'SpoFileSharing', label: 'Sharing SharePoint files with people outside the organization', category: 'office', family: 'exfiltration',
    match: { kinds: ['file.shared.external'] }, thresholds: t(5, 10, 20), sequenceRole: 'exfiltrate', exfiltrationChannel: 'externalSharing' },
  { id: 'SpoFolderSharing', label: 'Sharing SharePoint folders with people outside the organization', category: 'office', family: 'exfiltration',
    match: { kinds: ['folder.shared.external'] }, thresholds: t(2, 4, 8), sequenceRole: 'none', exfiltrationChannel: 'externalSharing' },
  { id: 'SpoSiteSharing', label: 'Sharing SharePoint sites with people outside the organization', category: 'office', family: 'exfiltration',
    match: { kinds: ['site.shared.external'] }, thresholds: t(1, 2, 4), sequenceRole: 'none', exfiltrationChannel: 'externalSharing' },
  { id: 'EmailExternal', label: 'Sending email with attachments to recipients outside the organization', category: 'office', family: 'exfiltration',
    match: { kinds: ['email.sent.external-attachment'] }, thresholds: t(10, 20, 30), sequenceRole: 'exfiltrate', exfiltrationChannel: 'email' },
  { id: 'TeamsChatFileSharedExternal', label: 'Sharing file links with people outside the organization in a Teams chat', category: 'office', family: 'exfiltration',
    match: { kinds: ['teams.file.shared.external'] }, thresholds: t(5, 10, 20), sequenceRole: 'exfiltrate', exfiltrationChannel: 'teams' },
  // ---- Office: obfuscation
  { id: 'SpoFileLabelDowngraded', label: 'Downgrading sensitivity labels applied to files', category: 'office', family: 'obfuscation',
    match: { kinds: ['label.downgraded'] }, thresholds: t(3, 6, 12), sequenceRole: 'label' },
  { id: 'SpoFileLabelRemoved', label: 'Removing sensitivity labels from files', category: 'office', family: 'obfuscation',
    match: { kinds: ['label.removed'] }, thresholds: t(3, 6, 12), sequenceRole: 'label' },
  // ---- Office: deletion
  { id: 'SpoFileDeleted', label: 'Deleting SharePoint files', category: 'office', family: 'deletion',
    match: { kinds: ['file.deleted'] }, thresholds: t(20, 40, 80), sequenceRole: 'delete' },
  { id: 'SpoFileDeletedFromFirstStageRecycleBin', label: 'Deleting SharePoint files from first-stage recycle bin', category: 'office', family: 'deletion',
    match: { kinds: ['file.deleted.first-stage-recycle-bin'] }, thresholds: t(10, 20, 40), sequenceRole: 'delete' },
  { id: 'SpoFileDeletedFromSecondStageRecycleBin', label: 'Deleting SharePoint files from second-stage recycle bin', category: 'office', family: 'deletion',
    match: { kinds: ['file.deleted.second-stage-recycle-bin'] }, thresholds: t(5, 10, 20), sequenceRole: 'delete' },
  { id: 'SpoFolderDeleted', label: 'Deleting SharePoint folders', category: 'office', family: 'deletion',
    match: { kinds: ['folder.deleted'] }, thresholds: t(5, 10, 20), sequenceRole: 'none' },
  { id: 'SpoFolderDeletedFromFirstStageRecycleBin', label: 'Deleting SharePoint folders from first-stage recycle bin', category: 'office', family: 'deletion',
    match: { kinds: ['folder.deleted.first-stage-recycle-bin'] }, thresholds: t(3, 6, 12), sequenceRole: 'none' },
  { id: 'SpoFolderDeletedFromSecondStageRecycleBin', label: 'Deleting SharePoint folders from second-stage recycle bin', category: 'office', family: 'deletion',
    match: { kinds: ['folder.deleted.second-stage-recycle-bin'] }, thresholds: t(2, 4, 8), sequenceRole: 'none' },
  // ---- Device: exfiltration
  { id: 'CopyToUSB', label: 'Creating or copying files to USB', category: 'device', family: 'exfiltration',
    match: { kinds: ['device.copied-to-usb'] }, thresholds: t(5, 10, 20), sequenceRole: 'exfiltrate', exfiltrationChannel: 'usb' },
  { id: 'Print', label: 'Printing files', category: 'device', family: 'exfiltration',
    match: { kinds: ['device.printed'] }, thresholds: t(10, 20, 40), sequenceRole: 'exfiltrate', exfiltrationChannel: 'print' },
  { id: 'CopyToPersonalCloud', label: 'Using a browser to upload files to the web', category: 'device', family: 'exfiltration',
    match: { kinds: ['device.uploaded-to-cloud'] }, thresholds: t(5, 10, 20), sequenceRole: 'exfiltrate', exfiltrationChannel: 'personalCloud' },
  { id: 'EpoCopyToNetworkShare', label: 'Creating or transferring files to a network share', category: 'device', family: 'exfiltration',
    match: { kinds: ['device.copied-to-network-share'] }, thresholds: t(10, 20, 40), sequenceRole: 'exfiltrate', exfiltrationChannel: 'networkShare' },
  { id: 'EpoFileCopiedToRemoteDesktopSession', label: 'File copied to remote desktop session', category: 'device', family: 'exfiltration',
    match: { kinds: ['device.copied-to-remote-desktop'] }, thresholds: t(5, 10, 20), sequenceRole: 'exfiltrate', exfiltrationChannel: 'remoteDesktop' },
  // ---- Device: collection, obfuscation, deletion, access
  { id: 'EpoCopyToClipboardFromSensitiveFile', label: 'Copying sensitive or priority content to the clipboard', category: 'device', family: 'collection',
    match: { kinds: ['device.copied-to-clipboard'], when: [[{ on: 'sensitiveContent' }]] }, thresholds: t(10, 20, 40), sequenceRole: 'none' },
  { id: 'EpoFileArchived', label: 'Archiving files on a device', category: 'device', family: 'collection',
    match: { kinds: ['device.file.archived'] }, thresholds: t(5, 10, 20), sequenceRole: 'archive' },
  { id: 'EpoFileStagedToCentralLocation', label: 'Creating sensitive files on a device', category: 'device', family: 'collection',
    match: { kinds: ['device.file.created'], when: [[{ on: 'sensitiveContent' }]] }, thresholds: t(10, 20, 40), sequenceRole: 'none' },
  { id: 'EpoFileDownloadedFromEnterpriseDomain', label: 'Using a browser to download content from a third-party site', category: 'device', family: 'collection',
    match: { kinds: ['device.downloaded-by-browser'], when: [[{ on: 'context', flag: 'thirdPartyDomain' }]] }, thresholds: t(10, 20, 30), sequenceRole: 'thirdPartyDownload' },
  { id: 'EpoFileDownloadedFromBlacklistedDomain', label: 'Using a browser to download content from an unallowed domain', category: 'device', family: 'collection',
    match: { kinds: ['device.downloaded-by-browser'], when: [[{ on: 'context', flag: 'unallowedDomain' }]] }, thresholds: t(3, 6, 10), sequenceRole: 'unallowedDownload' },
  { id: 'EpoFileRenamed', label: 'Renaming files on device', category: 'device', family: 'obfuscation',
    match: { kinds: ['device.file.renamed'] }, thresholds: t(20, 40, 80), sequenceRole: 'obfuscate' },
  { id: 'EpoHiddenFileCreated', label: 'Creating hidden files on a device', category: 'device', family: 'obfuscation',
    match: { kinds: ['device.file.created'], when: [[{ on: 'detail', key: 'hidden', equals: true }]] }, thresholds: t(5, 10, 20), sequenceRole: 'none' },
  { id: 'EpoFileDeleted', label: 'Deleting files from a device', category: 'device', family: 'deletion',
    match: { kinds: ['device.file.deleted'] }, thresholds: t(20, 40, 80), sequenceRole: 'delete' },
  { id: 'EpoSensitiveFileRead', label: 'Reading sensitive files on a device', category: 'device', family: 'access',
    match: { kinds: ['device.file.read'], when: [[{ on: 'sensitiveContent' }]] }, thresholds: t(20, 40, 80), sequenceRole: 'none' },
  // ---- Physical access, DLP, Defender for Endpoint
  { id: 'PhysicalAccess', label: 'Physical access after termination or failed access to sensitive asset', category: 'physicalAccess', family: 'physical',
    match: { kinds: ['physical.access'], when: [[{ on: 'context', flag: 'afterTermination' }], [{ on: 'accessStatus', oneOf: ['Failed'] }, { on: 'context', flag: 'priorityContent' }]] },
    thresholds: t(1, 3, 5), sequenceRole: 'none' },
  { id: 'HighSeverityDlpRuleMatch', label: 'Generating alerts from selected DLP policies', category: 'dlpAlert', family: 'dlp',
    match: { kinds: ['dlp.alert'], when: [[{ on: 'severity', oneOf: ['High'] }]] }, thresholds: t(1, 2, 3), sequenceRole: 'none' },
  { id: 'SecurityAlertDefenseEvasion', label: 'Defense evasion – Attempt to bypass security controls', category: 'defenderForEndpoint', family: 'security',
    match: { kinds: ['defender.alert'], when: [[{ on: 'defenderClass', is: 'defenseEvasion' }]] }, thresholds: t(1, 2, 3), sequenceRole: 'none', ...BY_SEVERITY },
  { id: 'SecurityAlertUnwantedSoftware', label: 'Unwanted software – Unapproved or malicious software', category: 'defenderForEndpoint', family: 'security',
    match: { kinds: ['defender.alert'], when: [[{ on: 'defenderClass', is: 'unwantedSoftware' }]] }, thresholds: t(1, 3, 5), sequenceRole: 'none', ...BY_SEVERITY },
];

/** The catalogue in INDICATOR_IDS order. Frozen: definitions are shared by every evaluation. */
export const INDICATOR_CATALOGUE: readonly IndicatorDefinition[] = Object.freeze(
  INDICATOR_IDS.map((id) => {
    const draft = DRAFTS.find((d) => d.id === id);
    if (draft === undefined) throw new Error(`indicator ${id} has no definition`);
    return Object.freeze({ ...draft, baseScore: draft.baseScore ?? FAMILY_BASE_SCORE[draft.family] });
  }),
);

const BY_ID: ReadonlyMap<IndicatorId, IndicatorDefinition> = new Map(INDICATOR_CATALOGUE.map((d) => [d.id, d]));

export function indicatorDefinition(id: IndicatorId): IndicatorDefinition {
  const definition = BY_ID.get(id);
  if (definition === undefined) throw new Error(`unknown indicator ${id}`);
  return definition;
}

/**
 * The base score of one indicator-day insight: the catalogue's base, or for alert indicators the
 * highest severity among the day's alerts (an alert without a severity counts as medium).
 */
export function baseScoreFor(definition: IndicatorDefinition, severities: readonly (ExternalSeverity | undefined)[] = []): number {
  const bySeverity = definition.baseScoreBySeverity;
  if (bySeverity === undefined || severities.length === 0) return definition.baseScore;
  let best = 0;
  for (const severity of severities) best = Math.max(best, severity === undefined ? definition.baseScore : bySeverity[severity]);
  return best;
}

export function isIndicatorId(value: string): value is IndicatorId {
  return BY_ID.has(value as IndicatorId);
}

// ---------------------------------------------------------------------------------------------
// Matching

function holds(condition: MatchCondition, activity: Activity, context: IndicatorContext): boolean {
  switch (condition.on) {
    case 'workload':
      // An activity without a workload is not OneDrive: it counts under the SharePoint indicator.
      if ('oneOf' in condition) return activity.workload !== undefined && condition.oneOf.includes(activity.workload);
      return activity.workload === undefined || !condition.noneOf.includes(activity.workload);
    case 'severity':
      return activity.severity !== undefined && condition.oneOf.includes(activity.severity);
    case 'accessStatus':
      return activity.accessStatus !== undefined && condition.oneOf.includes(activity.accessStatus);
    case 'detail':
      return activity.details !== undefined && activity.details[condition.key] === condition.equals;
    case 'sensitiveContent':
      return (
        context.priorityContent === true ||
        (activity.sensitivityLabel !== undefined && activity.sensitivityLabel !== '') ||
        (activity.sensitiveInfoTypes !== undefined && activity.sensitiveInfoTypes.length > 0)
      );
    case 'context':
      return context[condition.flag] === true;
    case 'defenderClass':
      return defenderAlertClass(activity) === condition.is;
  }
}

/** Whether `definition` matches the activity (its kind and any of its condition alternatives). */
export function indicatorMatches(definition: IndicatorDefinition, activity: Activity, context: IndicatorContext = {}): boolean {
  if (!definition.match.kinds.includes(activity.kind)) return false;
  const alternatives = definition.match.when;
  if (alternatives === undefined) return true;
  for (const conditions of alternatives) {
    let all = true;
    for (const condition of conditions) {
      if (!holds(condition, activity, context)) {
        all = false;
        break;
      }
    }
    if (all) return true;
  }
  return false;
}

interface KindEntry {
  /** Set when the kind always yields the same indicators: returned as is, nothing allocated. */
  readonly always?: readonly IndicatorId[];
  readonly conditional: readonly IndicatorDefinition[];
}

const NONE: readonly IndicatorId[] = Object.freeze([]);

// Built once: indicatorsFor runs for every stored activity, so it must not scan the catalogue.
const BY_KIND: ReadonlyMap<ActivityKind, KindEntry> = (() => {
  const grouped = new Map<ActivityKind, IndicatorDefinition[]>();
  for (const definition of INDICATOR_CATALOGUE) {
    for (const kind of definition.match.kinds) {
      const list = grouped.get(kind) ?? [];
      list.push(definition);
      grouped.set(kind, list);
    }
  }
  const entries = new Map<ActivityKind, KindEntry>();
  for (const [kind, definitions] of grouped) {
    const unconditional = definitions.every((d) => d.match.when === undefined);
    entries.set(
      kind,
      unconditional ? { always: Object.freeze(definitions.map((d) => d.id)), conditional: [] } : { conditional: definitions },
    );
  }
  return entries;
})();

/**
 * The indicators an activity counts towards. HR records, uploads to our own sites and other kinds
 * without an indicator give none (HR records are triggers, handled by the engine). Domain-based
 * and termination-based indicators need `context`; without it they do not match.
 */
export function indicatorsFor(activity: Activity, context: IndicatorContext = {}): readonly IndicatorId[] {
  const entry = BY_KIND.get(activity.kind);
  if (entry === undefined) return NONE;
  if (entry.always !== undefined) return entry.always;
  let result: IndicatorId[] | undefined;
  for (const definition of entry.conditional) {
    if (indicatorMatches(definition, activity, context)) (result ??= []).push(definition.id);
  }
  return result ?? NONE;
}

/**
 * What one occurrence of an activity is, for daily counts. Alerts are imported once per triage
 * status (New, In progress, Resolved), so counting activities would count one alert up to three
 * times; they count once per alert id. Everything else counts once per activity.
 */
export function occurrenceKey(activity: Pick<Activity, 'id' | 'kind' | 'source' | 'details'>): string {
  if (activity.kind === 'dlp.alert' || activity.kind === 'defender.alert') {
    const alertId = activity.details?.alertId;
    if (typeof alertId === 'string' && alertId !== '') return `${activity.source}:${alertId}`;
  }
  return activity.id;
}
