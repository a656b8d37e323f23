import { ConflictError, PermissionDeniedError, ValidationError } from '../errors';
import type { Alert } from '../alerts/alert';
import { alertsCollection } from '../persistence/collections';
import type { RecordAudit } from '../ports/audit-trail';
import type { StoreTransaction, Versioned } from '../ports/store';
import { recordConfirmedViolation } from '../scoring/user-facts.repository';
import { type Case, CASE_NOTE_MAX, type CaseNote, casesCollection, type Person } from './case';

/**
 * The case workflow after triage (irm-reference §5): permanent notes, contributors, resolution.
 * Each function is one unit of work's worth — the case, its alerts, the outbox events and the
 * audit entries change together — and refuses to touch a closed case.
 */

export interface CaseServiceDeps {
  readonly audit: RecordAudit;
}

/** How the caller relates to the case: role-group members work it fully; named contributors with restricted rights. */
export type CaseAccess = 'full' | 'contributor';

export const RESOLUTIONS = ['Benign', 'ConfirmedPolicyViolation'] as const;
export type Resolution = (typeof RESOLUTIONS)[number];

export function parseResolution(text: string): Resolution {
  const t = text.trim().toLowerCase().replace(/[\s_-]/g, '');
  if (t === 'benign') return 'Benign';
  if (t === 'confirmed' || t === 'confirmedpolicyviolation' || t === 'violation') return 'ConfirmedPolicyViolation';
  throw new ValidationError(`resolve as: expected benign or confirmed (a confirmed policy violation); got '${text.trim()}'`, [{ field: 'as', reason: 'expected benign or confirmed' }]);
}

function requireActive(current: Case): void {
  if (current.status !== 'Active') throw new ConflictError(`case ${current.id} is closed (${current.resolution?.as ?? 'resolved'}); closed cases cannot change`);
}

function checkText(text: string, field: string, max = CASE_NOTE_MAX): string {
  const trimmed = text.trim();
  if (trimmed === '' || trimmed.length > max) {
    throw new ValidationError(`${field}: expected 1 to ${max} characters, got ${trimmed.length}`, [{ field, reason: `expected 1 to ${max} characters` }]);
  }
  return trimmed;
}

/** Appends a note (system notes: notices, flow results, resolutions). Never edits or removes one. */
export function withNote(current: Case, author: Person, text: string, kind: CaseNote['kind'], now: string): Case {
  const note: CaseNote = { id: `${current.id}:n${current.notes.length + 1}`, time: now, author, kind, text };
  return { ...current, notes: [...current.notes, note], updatedAt: now, updatedBy: author };
}

export async function addCaseNote(
  tx: StoreTransaction,
  deps: CaseServiceDeps,
  input: { readonly case: Versioned<Case>; readonly author: Person; readonly text: string; readonly now: string; readonly kind?: CaseNote['kind'] },
): Promise<Case> {
  const current = input.case.value;
  requireActive(current);
  const text = checkText(input.text, 'note');
  const next = withNote(current, input.author, text, input.kind ?? 'comment', input.now);
  await tx.documents(casesCollection).replace(current.userId, current.id, next, input.case.etag);
  const noteId = next.notes[next.notes.length - 1].id;
  await tx.outbox.append([{ id: `case.updated:${noteId}`, type: 'case.updated', subject: current.userId, time: input.now, data: { caseId: current.id, userId: current.userId, change: 'note', noteId, by: input.author.id } }]);
  await deps.audit(tx, { category: 'Cases', activity: 'Added case note', actor: input.author, target: current.id, details: { noteId, kind: input.kind ?? 'comment' } });
  return next;
}

export async function addCaseContributor(
  tx: StoreTransaction,
  deps: CaseServiceDeps,
  input: { readonly case: Versioned<Case>; readonly by: Person; readonly access: CaseAccess; readonly contributor: Person; readonly now: string },
): Promise<{ case: Case; changed: boolean }> {
  const current = input.case.value;
  requireActive(current);
  if (input.access !== 'full') throw new PermissionDeniedError('case contributors cannot change who contributes to a case');
  if (current.contributors.some((c) => c.id === input.contributor.id)) return { case: current, changed: false };
  const next: Case = {
    ...current,
    contributors: [...current.contributors, { ...input.contributor, addedBy: input.by.id, addedAt: input.now }],
    updatedAt: input.now,
    updatedBy: input.by,
  };
  await tx.documents(casesCollection).replace(current.userId, current.id, next, input.case.etag);
  await tx.outbox.append([
    { id: `case.updated:${current.id}:contributor+:${input.contributor.id}:${next.contributors.length}`, type: 'case.updated', subject: current.userId, time: input.now, data: { caseId: current.id, userId: current.userId, change: 'contributorAdded', contributor: input.contributor.id } },
  ]);
  await deps.audit(tx, { category: 'Cases', activity: 'Added case contributor', actor: input.by, target: current.id, details: { contributor: input.contributor.id, ...(input.contributor.name === undefined ? {} : { name: input.contributor.name }) } });
  return { case: next, changed: true };
}

export async function removeCaseContributor(
  tx: StoreTransaction,
  deps: CaseServiceDeps,
  input: { readonly case: Versioned<Case>; readonly by: Person; readonly access: CaseAccess; readonly contributorId: string; readonly now: string },
): Promise<Case> {
  const current = input.case.value;
  requireActive(current);
  if (input.access !== 'full') throw new PermissionDeniedError('case contributors cannot change who contributes to a case');
  const id = input.contributorId.toLowerCase();
  if (!current.contributors.some((c) => c.id === id)) throw new ValidationError(`${input.contributorId} is not a contributor of case ${current.id}`, [{ field: 'contributor', reason: 'not a contributor' }]);
  const next: Case = { ...current, contributors: current.contributors.filter((c) => c.id !== id), updatedAt: input.now, updatedBy: input.by };
  await tx.documents(casesCollection).replace(current.userId, current.id, next, input.case.etag);
  await tx.outbox.append([
    { id: `case.updated:${current.id}:contributor-:${id}:${current.notes.length}:${input.now}`, type: 'case.updated', subject: current.userId, time: input.now, data: { caseId: current.id, userId: current.userId, change: 'contributorRemoved', contributor: id } },
  ]);
  await deps.audit(tx, { category: 'Cases', activity: 'Removed case contributor', actor: input.by, target: current.id, details: { contributor: id } });
  return next;
}

/**
 * Resolves a case as Benign or Confirmed policy violation with the action taken: the case
 * closes, every alert in it becomes Resolved, the resolution is added to the notes, and a
 * confirmed violation is remembered for the user's "previous case" booster.
 */
export async function resolveCase(
  tx: StoreTransaction,
  deps: CaseServiceDeps,
  input: { readonly case: Versioned<Case>; readonly by: Person; readonly access: CaseAccess; readonly as: Resolution; readonly actionTaken: string; readonly now: string },
): Promise<{ case: Case; alertsResolved: number }> {
  const current = input.case.value;
  requireActive(current);
  if (input.access !== 'full') throw new PermissionDeniedError('case contributors cannot resolve a case; an analyst or investigator does');
  const actionTaken = checkText(input.actionTaken, 'action taken', 1_000);
  const label = input.as === 'Benign' ? 'Benign' : 'Confirmed policy violation';
  const noted = withNote(current, input.by, `Resolved as ${label}. Action taken: ${actionTaken}`, 'system', input.now);
  const next: Case = { ...noted, status: 'Closed', resolution: { as: input.as, actionTaken, by: input.by, at: input.now } };
  await tx.documents(casesCollection).replace(current.userId, current.id, next, input.case.etag);
  const alerts = tx.documents(alertsCollection);
  let alertsResolved = 0;
  for (const alertId of current.alertIds) {
    const stored = await alerts.get(current.userId, alertId);
    if (stored === undefined || stored.value.status === 'Resolved') continue;
    const resolved: Alert = { ...stored.value, status: 'Resolved' };
    await alerts.replace(current.userId, alertId, resolved, stored.etag);
    await tx.outbox.append([{ id: `alert.triaged:${alertId}:Resolved`, type: 'alert.triaged', subject: current.userId, time: input.now, data: { alertId, userId: current.userId, status: 'Resolved', caseId: current.id, by: input.by.id } }]);
    alertsResolved++;
  }
  if (input.as === 'ConfirmedPolicyViolation') await recordConfirmedViolation(tx, current.userId, current.id, input.now);
  await tx.outbox.append([{ id: `case.resolved:${current.id}`, type: 'case.resolved', subject: current.userId, time: input.now, data: { caseId: current.id, userId: current.userId, resolution: input.as, by: input.by.id } }]);
  await deps.audit(tx, { category: 'Cases', activity: 'Resolved case', actor: input.by, target: current.id, details: { resolution: input.as, actionTaken, alertsResolved } });
  return { case: next, alertsResolved };
}
