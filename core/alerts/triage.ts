import { ConflictError, ValidationError } from '../errors';
import type { DomainEvent } from '../events/domain-event';
import { type Case, CASE_NAME_MAX, CASE_NOTE_MAX, casesCollection, MAX_ACTIVE_CASES, type Person } from '../cases/case';
import { countActiveCases } from '../cases/case.repository';
import { alertsCollection } from '../persistence/collections';
import { ensureReference } from '../persistence/references';
import type { RecordAudit } from '../ports/audit-trail';
import type { StoreTransaction, Versioned } from '../ports/store';
import type { Pseudonymizer } from '../privacy/pseudonymizer';
import { type Alert, DISMISS_REASONS, isOpen } from './alert';

/**
 * Triage: what an analyst decides about an alert (irm-reference §4.2). Each function is one
 * unit of work's worth: it reads the alert, decides, writes the alert, the case and their events
 * (outbox) and the audit entry. An alert that someone else already triaged is not an error: the
 * caller gets `alreadyTriaged` with who did what and when, so the second of two analysts clicking
 * at once sees the first one's decision instead of a second case.
 */

export interface TriageDeps {
  readonly pseudonymizer: Pseudonymizer;
  readonly audit: RecordAudit;
}

export type TriageOutcome =
  | { readonly kind: 'confirmed'; readonly alert: Alert; readonly case: Case; readonly caseCreated: boolean }
  | { readonly kind: 'dismissed'; readonly alert: Alert }
  | { readonly kind: 'alreadyTriaged'; readonly alert: Alert };

export interface TriageInput {
  readonly alert: Versioned<Alert>;
  readonly actor: Person;
  /** Wall time of the decision (ISO). */
  readonly now: string;
}

export function checkCaseName(name: string): string {
  const trimmed = name.trim();
  if (trimmed === '' || trimmed.length > CASE_NAME_MAX) {
    throw new ValidationError(`case name: expected 1 to ${CASE_NAME_MAX} characters, got ${trimmed.length}`, [
      { field: 'caseName', reason: `expected 1 to ${CASE_NAME_MAX} characters` },
    ]);
  }
  return trimmed;
}

function checkNote(text: string | undefined, field: string): string | undefined {
  const trimmed = text?.trim();
  if (trimmed === undefined || trimmed === '') return undefined;
  if (trimmed.length > CASE_NOTE_MAX) {
    throw new ValidationError(`${field}: at most ${CASE_NOTE_MAX} characters, got ${trimmed.length}`, [{ field, reason: `at most ${CASE_NOTE_MAX} characters` }]);
  }
  return trimmed;
}

/**
 * Runs a write that lost a race when it throws ConflictError (a stale ETag, an id taken): if the
 * alert has been triaged meanwhile, that is the answer (`alreadyTriaged`), after `undo` takes
 * back what this attempt had written; any other conflict is rethrown.
 */
async function orAlreadyTriaged(tx: StoreTransaction, alert: Alert, write: () => Promise<unknown>, undo?: () => Promise<void>): Promise<TriageOutcome | undefined> {
  try {
    await write();
    return undefined;
  } catch (error) {
    if (!(error instanceof ConflictError)) throw error;
    await undo?.();
    const latest = await tx.documents(alertsCollection).get(alert.userId, alert.id);
    if (latest !== undefined && !isOpen(latest.value)) return { kind: 'alreadyTriaged', alert: latest.value };
    throw error;
  }
}

/** "Confirm alert and create case": the comment becomes the case's first note. */
export async function confirmAlertIntoNewCase(
  tx: StoreTransaction,
  deps: TriageDeps,
  input: TriageInput & { readonly caseName: string; readonly comment?: string },
): Promise<TriageOutcome> {
  const { alert: stored, actor, now } = input;
  if (!isOpen(stored.value)) return { kind: 'alreadyTriaged', alert: stored.value };
  const name = checkCaseName(input.caseName);
  const comment = checkNote(input.comment, 'comment');
  const active = await countActiveCases(tx);
  if (active >= MAX_ACTIVE_CASES) {
    throw new ConflictError(`there are already ${active} active cases, the most allowed (${MAX_ACTIVE_CASES}); resolve a case first, or add this alert to the user's existing case`);
  }
  const alert = stored.value;
  // The case id is a keyed hash of the alert id: two analysts confirming at once (on a store
  // without transactions) both try to create the same case, and the store lets only one win.
  const caseId = deps.pseudonymizer.reference('case', alert.id);
  const created: Case = {
    id: caseId,
    name,
    userId: alert.userId,
    status: 'Active',
    alertIds: [alert.id],
    createdAt: now,
    createdBy: actor,
    updatedAt: now,
    updatedBy: actor,
    notes: comment === undefined ? [] : [{ id: `${caseId}:n1`, time: now, author: actor, kind: 'comment', text: comment }],
    contributors: [],
  };
  const cases = tx.documents(casesCollection);
  const lostCase = await orAlreadyTriaged(tx, alert, () => cases.create(alert.userId, caseId, created));
  if (lostCase !== undefined) return lostCase;
  const confirmed: Alert = { ...alert, status: 'Confirmed', caseId, triage: { by: actor.name ?? actor.id, at: now, ...(comment === undefined ? {} : { notes: comment }) } };
  // Someone triaged the alert between our read and our write (Cosmos): take our case back.
  const lostAlert = await orAlreadyTriaged(tx, alert, () => tx.documents(alertsCollection).replace(alert.userId, alert.id, confirmed, stored.etag), () => cases.delete(alert.userId, caseId));
  if (lostAlert !== undefined) return lostAlert;
  await ensureReference(tx, deps.pseudonymizer, { kind: 'case', userId: alert.userId, id: caseId });
  await tx.outbox.append([
    triagedEvent(confirmed, actor, now),
    { id: `case.created:${caseId}`, type: 'case.created', subject: alert.userId, time: now, data: { caseId, userId: alert.userId, alertIds: [alert.id], createdBy: actor.id } },
  ]);
  await deps.audit(tx, { category: 'Alerts', activity: 'Confirmed alert', actor, target: deps.pseudonymizer.reference('alert', alert.id), details: { caseId, policy: alert.policyName, severity: alert.severity } });
  await deps.audit(tx, { category: 'Cases', activity: 'Created case', actor, target: caseId, details: { name, alerts: 1 } });
  return { kind: 'confirmed', alert: confirmed, case: created, caseCreated: true };
}

/** "Confirm and add to existing case": the case must be active and about the same user. */
export async function confirmAlertIntoCase(
  tx: StoreTransaction,
  deps: TriageDeps,
  input: TriageInput & { readonly caseId: string; readonly comment?: string },
): Promise<TriageOutcome> {
  const { alert: stored, actor, now } = input;
  if (!isOpen(stored.value)) return { kind: 'alreadyTriaged', alert: stored.value };
  const alert = stored.value;
  const comment = checkNote(input.comment, 'comment');
  const cases = tx.documents(casesCollection);
  const current = await cases.get(alert.userId, input.caseId);
  if (current === undefined || current.value.userId !== alert.userId) {
    throw new ValidationError(`case ${input.caseId} is not a case of this alert's user; pick one of the user's active cases`, [
      { field: 'caseId', reason: "expected one of the user's active cases" },
    ]);
  }
  if (current.value.status !== 'Active') {
    throw new ConflictError(`case ${input.caseId} is closed; alerts can be added to active cases only`);
  }
  const confirmed: Alert = { ...alert, status: 'Confirmed', caseId: current.value.id, triage: { by: actor.name ?? actor.id, at: now, ...(comment === undefined ? {} : { notes: comment }) } };
  const lost = await orAlreadyTriaged(tx, alert, () => tx.documents(alertsCollection).replace(alert.userId, alert.id, confirmed, stored.etag));
  if (lost !== undefined) return lost;
  const notes = current.value.notes;
  const updated: Case = {
    ...current.value,
    alertIds: current.value.alertIds.includes(alert.id) ? current.value.alertIds : [...current.value.alertIds, alert.id],
    updatedAt: now,
    updatedBy: actor,
    notes:
      comment === undefined
        ? notes
        : [...notes, { id: `${current.value.id}:n${notes.length + 1}`, time: now, author: actor, kind: 'comment', text: comment }],
  };
  await cases.replace(alert.userId, current.value.id, updated, current.etag);
  await tx.outbox.append([
    triagedEvent(confirmed, actor, now),
    { id: `case.updated:${updated.id}:alert:${alert.id}`, type: 'case.updated', subject: alert.userId, time: now, data: { caseId: updated.id, userId: alert.userId, change: 'alertAdded', alertId: alert.id } },
  ]);
  await deps.audit(tx, { category: 'Alerts', activity: 'Confirmed alert', actor, target: deps.pseudonymizer.reference('alert', alert.id), details: { caseId: updated.id, addedToExistingCase: true } });
  return { kind: 'confirmed', alert: confirmed, case: updated, caseCreated: false };
}

export function parseDismissReason(text: string): (typeof DISMISS_REASONS)[number] {
  const wanted = text.trim().toLowerCase();
  const byNumber = /^[1-3]$/.test(wanted) ? DISMISS_REASONS[Number(wanted) - 1] : undefined;
  const found = byNumber ?? DISMISS_REASONS.find((r) => r.toLowerCase() === wanted || r.toLowerCase().startsWith(wanted) && wanted.length >= 8);
  if (found === undefined) {
    throw new ValidationError(`dismiss reason: expected one of ${DISMISS_REASONS.map((r, i) => `${i + 1} "${r}"`).join(', ')}; got '${text.trim()}'`, [
      { field: 'reason', reason: 'expected one of the three documented reasons (1, 2 or 3)' },
    ]);
  }
  return found;
}

export async function dismissAlert(
  tx: StoreTransaction,
  deps: TriageDeps,
  input: TriageInput & { readonly reason: string; readonly notes?: string },
): Promise<TriageOutcome> {
  const { alert: stored, actor, now } = input;
  if (!isOpen(stored.value)) return { kind: 'alreadyTriaged', alert: stored.value };
  const reason = parseDismissReason(input.reason);
  const notes = checkNote(input.notes, 'notes');
  const dismissed: Alert = { ...stored.value, status: 'Dismissed', triage: { by: actor.name ?? actor.id, at: now, reason, ...(notes === undefined ? {} : { notes }) } };
  const lost = await orAlreadyTriaged(tx, dismissed, () => tx.documents(alertsCollection).replace(dismissed.userId, dismissed.id, dismissed, stored.etag));
  if (lost !== undefined) return lost;
  await tx.outbox.append([triagedEvent(dismissed, actor, now)]);
  await deps.audit(tx, { category: 'Alerts', activity: 'Dismissed alert', actor, target: deps.pseudonymizer.reference('alert', dismissed.id), details: { reason, ...(notes === undefined ? {} : { notes }) } });
  return { kind: 'dismissed', alert: dismissed };
}

function triagedEvent(alert: Alert, actor: Person, now: string): DomainEvent {
  return {
    id: `alert.triaged:${alert.id}:${alert.status}`,
    type: 'alert.triaged',
    subject: alert.userId,
    time: now,
    data: { alertId: alert.id, userId: alert.userId, status: alert.status, by: actor.id, ...(alert.caseId === undefined ? {} : { caseId: alert.caseId }), ...(alert.triage?.reason === undefined ? {} : { reason: alert.triage.reason }) },
  };
}
