import type { z } from 'zod';
import { isUpnLike } from '../../directory/upn';
import type { Activity, ExternalSeverity } from '../activity';
import { parseIsoDateTime } from '../iso-date';
import {
  GraphAlertSchema,
  GraphEvidenceSchema,
  MdeAlertSchema,
  MdeEvidenceSchema,
  type GraphAlert,
  type MdeAlert,
} from './alert.schema';

export type AlertSource = 'dlp' | 'defender';

export type AlertResult =
  | { readonly type: 'activity'; readonly activity: Activity }
  /** An alert of another product (Defender for Identity, for Office 365 …): valid, not scored. */
  | { readonly type: 'unscored'; readonly key: string; readonly operation: string }
  | { readonly type: 'rejected'; readonly field: string; readonly reason: string };

/**
 * Triage status as Defender for Endpoint names it (the MDATPTriageStatus filter of Purview's
 * import: Unknown, New, In progress, Resolved). Graph spells the same values in camelCase.
 */
export type AlertStatus = 'New' | 'InProgress' | 'Resolved' | 'Unknown';

const SEVERITY: ReadonlyMap<string, ExternalSeverity | null> = new Map([
  ['informational', 'Informational'],
  ['low', 'Low'],
  ['medium', 'Medium'],
  ['high', 'High'],
  // Documented "no severity" values: the activity simply carries none.
  ['unknown', null],
  ['unspecified', null],
  ['unknownfuturevalue', null],
]);

const STATUS: ReadonlyMap<string, AlertStatus> = new Map([
  ['new', 'New'],
  ['inprogress', 'InProgress'],
  ['resolved', 'Resolved'],
  ['unknown', 'Unknown'],
  ['unknownfuturevalue', 'Unknown'],
]);

type Field<T> = { ok: true; value: T } | { ok: false; reason: string };

function severityOf(raw: unknown): Field<ExternalSeverity | undefined> {
  if (raw === undefined || raw === null) return { ok: true, value: undefined };
  if (typeof raw !== 'string') return { ok: false, reason: `expected a string, got ${typeof raw}` };
  const mapped = SEVERITY.get(raw.trim().toLowerCase());
  if (mapped === undefined) {
    return { ok: false, reason: `'${raw}' is not an alert severity; expected informational, low, medium or high (or unknown)` };
  }
  return { ok: true, value: mapped ?? undefined };
}

function statusOf(raw: unknown): Field<AlertStatus> {
  if (raw === undefined || raw === null) return { ok: true, value: 'Unknown' };
  if (typeof raw !== 'string') return { ok: false, reason: `expected a string, got ${typeof raw}` };
  const mapped = STATUS.get(raw.replace(/[\s_]/g, '').toLowerCase());
  if (mapped === undefined) {
    return { ok: false, reason: `'${raw}' is not an alert status; expected new, inProgress, resolved or unknown` };
  }
  return { ok: true, value: mapped };
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function firstIssue(error: z.ZodError): { field: string; reason: string } {
  const issue = error.issues[0];
  return { field: issue.path.map(String).join('.') || 'alert', reason: issue.message };
}

function compact(details: Record<string, string | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(details)) if (value !== undefined && value !== '') out[key] = value;
  return out;
}

/**
 * The idempotency key of an alert *in one triage status*. The alert id alone would store an alert
 * once and never see it resolved; the last-update time would make every comment or reassignment
 * a new activity. Keying on the status imports each status change as one more activity, as
 * Purview does with Defender for Endpoint alerts, while a re-import of an unchanged alert (or one
 * changed in other ways) is a duplicate.
 */
export function alertActivityId(source: AlertSource, alertId: string, status: AlertStatus): string {
  return `${source}:${alertId}|${status.toLowerCase()}`;
}

interface CommonAlert {
  readonly source: AlertSource;
  readonly id: string;
  readonly title: string;
  readonly category?: string;
  readonly createdField: string;
  readonly created: string;
  readonly severity: unknown;
  readonly status: unknown;
  readonly userId: string;
  readonly deviceName?: string;
  readonly details: Record<string, string>;
}

function toActivity(alert: CommonAlert): AlertResult {
  const time = parseIsoDateTime(alert.created);
  if (!time.ok) return { type: 'rejected', field: alert.createdField, reason: time.reason };
  const severity = severityOf(alert.severity);
  if (!severity.ok) return { type: 'rejected', field: 'severity', reason: severity.reason };
  const status = statusOf(alert.status);
  if (!status.ok) return { type: 'rejected', field: 'status', reason: status.reason };
  const activity: Activity = {
    id: alertActivityId(alert.source, alert.id, status.value),
    source: alert.source,
    kind: alert.source === 'dlp' ? 'dlp.alert' : 'defender.alert',
    userId: alert.userId,
    time: time.value,
    operation: alert.title,
    title: alert.title,
    status: status.value,
    ...(severity.value === undefined ? {} : { severity: severity.value }),
    ...(alert.category === undefined ? {} : { category: alert.category }),
    ...(alert.deviceName === undefined ? {} : { deviceName: alert.deviceName }),
    details: alert.details,
  };
  return { type: 'activity', activity };
}

/** Which product a Graph alert comes from; undefined when it says nothing usable. */
function graphSource(serviceSource: string | undefined): AlertSource | 'other' | undefined {
  switch (serviceSource?.toLowerCase()) {
    case undefined:
    case 'unknown':
    case 'unknownfuturevalue':
      return undefined;
    case 'microsoftdefenderforendpoint':
      return 'defender';
    // The serviceSource enum says dataLossPrevention; microsoftDataLossPrevention is the
    // detectionSource value, which some exports put here.
    case 'datalossprevention':
    case 'microsoftdatalossprevention':
      return 'dlp';
    default:
      return 'other';
  }
}

function graphUser(alert: GraphAlert): Field<string> {
  const evidence = (alert.evidence ?? []).flatMap((item) => {
    const parsed = GraphEvidenceSchema.safeParse(item);
    return parsed.success ? [parsed.data] : [];
  });
  // The user evidence is the alert's subject; other evidence (a process's account, a mailbox)
  // names a user only incidentally, so it is the fallback.
  const isUserEvidence = (e: (typeof evidence)[number]): boolean => (e['@odata.type'] ?? '').toLowerCase().endsWith('userevidence');
  const ordered = [...evidence.filter(isUserEvidence), ...evidence.filter((e) => !isUserEvidence(e))];
  const seen: string[] = [];
  for (const e of ordered) {
    const upn = e.userAccount?.userPrincipalName;
    if (upn === undefined) continue;
    if (isUpnLike(upn)) return { ok: true, value: upn.toLowerCase() };
    seen.push(upn);
  }
  return {
    ok: false,
    reason:
      (seen.length > 0 ? `userPrincipalName ${seen.map((s) => `'${s}'`).join(', ')} is not a UPN; ` : '') +
      'no evidence names a user: expected a userEvidence with userAccount.userPrincipalName',
  };
}

function normalizeGraphAlert(input: Record<string, unknown>, fallback: AlertSource): AlertResult {
  const parsed = GraphAlertSchema.safeParse(input);
  if (!parsed.success) return { type: 'rejected', ...firstIssue(parsed.error) };
  const alert = parsed.data;
  const source = graphSource(alert.serviceSource) ?? fallback;
  if (source === 'other') {
    return { type: 'unscored', key: `alert:${alert.serviceSource ?? 'unknown'}:${alert.id}`, operation: `${alert.serviceSource} alert` };
  }
  const user = graphUser(alert);
  if (!user.ok) return { type: 'rejected', field: 'evidence', reason: user.reason };
  const device = (alert.evidence ?? []).flatMap((item) => {
    const e = GraphEvidenceSchema.safeParse(item);
    return e.success && e.data.deviceDnsName !== undefined ? [e.data.deviceDnsName] : [];
  })[0];
  return toActivity({
    source,
    id: alert.id,
    title: alert.title,
    category: alert.category,
    createdField: 'createdDateTime',
    created: alert.createdDateTime,
    severity: alert.severity,
    status: alert.status,
    userId: user.value,
    deviceName: device,
    details: compact({
      alertId: alert.id,
      providerAlertId: alert.providerAlertId,
      incidentId: alert.incidentId,
      serviceSource: alert.serviceSource,
      detectionSource: alert.detectionSource,
      classification: alert.classification,
      determination: alert.determination,
      mitreTechniques: alert.mitreTechniques.join(','),
      alertWebUrl: alert.alertWebUrl,
      lastUpdateDateTime: alert.lastUpdateDateTime,
      resolvedDateTime: alert.resolvedDateTime,
    }),
  });
}

function mdeUser(alert: MdeAlert): Field<string> {
  for (const item of alert.evidence ?? []) {
    const e = MdeEvidenceSchema.safeParse(item);
    if (!e.success || e.data.entityType?.toLowerCase() !== 'user') continue;
    const upn = e.data.userPrincipalName;
    if (upn !== undefined && isUpnLike(upn)) return { ok: true, value: upn.toLowerCase() };
  }
  const related = alert.relatedUser;
  const name = related?.userName;
  if (name !== undefined && isUpnLike(name)) return { ok: true, value: name.toLowerCase() };
  // A Windows account (DOMAIN\user) is not a UPN, and guessing one from it could blame the
  // wrong person, so the alert is refused with the way to get the UPN.
  const account = name === undefined ? undefined : related?.domainName === undefined ? name : `${related.domainName}\\${name}`;
  return {
    ok: false,
    reason:
      (account === undefined ? 'missing; the alert names no user' : `'${account}' is a Windows account, not a user principal name`) +
      ', and no User evidence has a userPrincipalName (list alerts with $expand=evidence)',
  };
}

function normalizeMdeAlert(input: Record<string, unknown>): AlertResult {
  const parsed = MdeAlertSchema.safeParse(input);
  if (!parsed.success) return { type: 'rejected', ...firstIssue(parsed.error) };
  const alert = parsed.data;
  const user = mdeUser(alert);
  if (!user.ok) return { type: 'rejected', field: 'relatedUser', reason: user.reason };
  return toActivity({
    source: 'defender',
    id: alert.id,
    title: alert.title,
    category: alert.category,
    createdField: 'alertCreationTime',
    created: alert.alertCreationTime,
    severity: alert.severity,
    status: alert.status,
    userId: user.value,
    deviceName: alert.computerDnsName,
    details: compact({
      alertId: alert.id,
      incidentId: alert.incidentId,
      detectionSource: alert.detectionSource,
      machineId: alert.machineId,
      threatFamilyName: alert.threatFamilyName,
      classification: alert.classification,
      determination: alert.determination,
      mitreTechniques: alert.mitreTechniques.join(','),
      lastUpdateTime: alert.lastUpdateTime,
      resolvedTime: alert.resolvedTime,
    }),
  });
}

/**
 * One alert into a `dlp.alert` or `defender.alert` activity. The shape decides how it is read:
 * `createdDateTime` marks a Graph alerts_v2 alert, `alertCreationTime` a Defender for Endpoint API
 * alert. A Graph list can mix products, so its `serviceSource` decides the kind; `fallback` (the
 * format the caller chose) applies only when the alert does not say.
 */
export function normalizeAlert(input: unknown, fallback: AlertSource): AlertResult {
  if (!isPlainObject(input)) {
    return { type: 'rejected', field: 'alert', reason: `expected a JSON object (one alert), got ${input === null ? 'null' : Array.isArray(input) ? 'an array' : `a ${typeof input}`}` };
  }
  if ('createdDateTime' in input) return normalizeGraphAlert(input, fallback);
  if ('alertCreationTime' in input) return normalizeMdeAlert(input);
  return {
    type: 'rejected',
    field: 'createdDateTime',
    reason:
      'missing; expected a Microsoft Graph alerts_v2 alert (with createdDateTime) ' +
      'or a Defender for Endpoint API alert (with alertCreationTime)',
  };
}
