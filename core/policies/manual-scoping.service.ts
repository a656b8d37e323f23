import { ValidationError, type ValidationIssue } from '../errors';
import type { DomainEvent } from '../events/domain-event';
import { policyScopesCollection, type PolicyScope } from '../persistence/collections';
import type { StoreTransaction } from '../ports/store';
import { writeAlert, type AlertChange } from '../scoring/engine/alert-writer';
import { createCumulativeNorms } from '../scoring/engine/cumulative-norms';
import { evaluateScope } from '../scoring/engine/evaluate-scope';
import { loadScoringContext } from '../scoring/engine/scoring-context';
import { createUserFactsReader } from '../scoring/user-facts.repository';
import { parseUserPrincipalName, quote } from '../settings/setting-values';
import { validationFailure } from '../settings/validation-issues';
import { listPolicies } from './policy.repository';
import { MANUAL_SCOPING_CSV_HEADER, createManualScopes, mergeScopeWindows, parseManualScopingCsv, type ScopeWindow } from './scoping';

/**
 * "Start scoring activity for users": an admin brings users into policies by hand, for 5–30 days,
 * with a reason. Each user gets a window per policy reaching 90 days back, so their past activity
 * is scored at once and an alert appears now when it warrants one, instead of waiting for the
 * next import that touches them. The pure rules (limits, CSV format, the window) live in
 * scoping.ts; this service checks the request against the store and applies it.
 */

export interface ManualScopingRequest {
  /** Policy ids or names (any case). */
  readonly policies: readonly string[];
  /** UPNs typed by the admin. Give these or `csv`, not both. */
  readonly users?: readonly string[];
  /** The manual-scoping CSV: the header `user principal name`, then one UPN per line. */
  readonly csv?: { readonly file: string; readonly text: string };
  /** Shown on the user's timeline and in the alert's triggering event. */
  readonly reason: string;
  /** 5 to 30; anything else is reported as a validation problem, not thrown as a type error. */
  readonly durationDays: unknown;
}

export interface ManualScopingActor {
  /** Wall time of the admin's action: the window ends `durationDays` from it. */
  readonly now: Date;
  readonly actor: string;
}

export interface ScopedUser {
  readonly policyId: string;
  readonly policyName: string;
  readonly userId: string;
  /** The user's window in this policy after the change (merged with any it already had). */
  readonly from: string;
  readonly to: string;
}

export interface ManualScopingResult {
  /** Users whose scope was added or extended, one entry per user and policy. */
  readonly scoped: readonly ScopedUser[];
  /** Users already in scope of the policy for every day asked for: nothing was added for them. */
  readonly unchanged: readonly { readonly policyId: string; readonly userId: string }[];
  /** Alerts the back-scoring created or updated. */
  readonly alerts: readonly AlertChange[];
}

const UTC_DAY = 10;

/**
 * Scoring works on whole UTC days, so a window adds something only when it reaches a day the
 * user's windows do not cover yet. This is what makes the request idempotent: the same request
 * again (the same day) is covered by what the first one stored and adds no window, no event.
 */
function covered(window: ScopeWindow, existing: readonly ScopeWindow[]): boolean {
  const from = window.from.slice(0, UTC_DAY);
  const to = window.to.slice(0, UTC_DAY);
  return existing.some((w) => w.from.slice(0, UTC_DAY) <= from && w.to.slice(0, UTC_DAY) >= to);
}

/** Where a user named in the request came from, so a problem names its row or field. */
interface NamedUser {
  readonly upn: string;
  readonly at: Pick<ValidationIssue, 'file' | 'row' | 'field'>;
}

/**
 * Applies a manual-scoping request in the caller's unit of work: merges the windows into each
 * user's `policy-scopes` document, appends `user.scoped` (reason `manual`) per user and policy,
 * and scores the users' past activity with the same evaluation and alert writer as ingestion.
 *
 * All or nothing: every problem — an unknown or turned-off policy, a user not in the directory or
 * excluded from a policy, a bad CSV row, a reason or duration out of range — is collected and
 * thrown as one ValidationError naming its field or row, before anything is written. A list is
 * never half applied, and running it again after the fix is harmless.
 */
export async function applyManualScoping(tx: StoreTransaction, request: ManualScopingRequest, context: ManualScopingActor): Promise<ManualScopingResult> {
  const issues: ValidationIssue[] = [];
  const named: NamedUser[] = [];
  let rawUsers: readonly string[];
  if (request.csv !== undefined && request.users !== undefined) {
    throw new ValidationError('manual scoping takes users or a CSV file, not both', [{ field: 'users', reason: 'give either a list of users or a CSV file, not both' }]);
  }
  if (request.csv !== undefined) {
    // File-level problems (empty, wrong header, too many rows) throw here with the file named.
    const parsed = parseManualScopingCsv(request.csv.text, request.csv.file);
    issues.push(...parsed.rejected);
    parsed.userPrincipalNames.forEach((upn, i) => named.push({ upn, at: { file: request.csv?.file, row: parsed.rows[i], field: MANUAL_SCOPING_CSV_HEADER } }));
    rawUsers = parsed.userPrincipalNames;
  } else {
    rawUsers = request.users ?? [];
    // Malformed entries are reported by createManualScopes (users[i]); only good ones are looked up.
    rawUsers.forEach((raw, i) => {
      const parsed = parseUserPrincipalName(raw);
      if (parsed.ok) named.push({ upn: parsed.value, at: { field: `users[${i}]` } });
    });
  }

  const policies = (await listPolicies(tx)).map((p) => p.value);
  let windows: ScopeWindow[] = [];
  try {
    windows = createManualScopes(
      { policies: request.policies, users: rawUsers, reason: request.reason, durationDays: request.durationDays },
      { policies, now: context.now, actor: context.actor },
    );
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    issues.push(...error.issues);
  }

  const known = await tx.users.getMany([...new Set(named.map((n) => n.upn))]);
  // The policies that were found, even when the request has other problems, so the exclusions
  // below are reported in the same round.
  const chosen = new Set(
    request.policies.flatMap((ref) => {
      const wanted = String(ref).trim().toLowerCase();
      return policies.filter((p) => p.id === wanted || p.name.toLowerCase() === wanted).map((p) => p.id);
    }),
  );
  for (const user of named) {
    if (!known.has(user.upn)) {
      issues.push({ ...user.at, reason: `${user.upn} is not in the directory; import the directory (users) first or check the spelling` });
      continue;
    }
    for (const policy of policies) {
      // An admin who excluded someone from a policy decided they are not scored by it.
      if (chosen.has(policy.id) && policy.scope.excludedUsers.includes(user.upn)) {
        issues.push({ ...user.at, reason: `${user.upn} is excluded from policy ${quote(policy.name)}; remove the exclusion first` });
      }
    }
  }
  if (issues.length > 0) throw validationFailure('manual scoping', issues);

  const ctx = await loadScoringContext(tx, context.now);
  const cumulativeNorms = createCumulativeNorms(tx);
  const userFacts = createUserFactsReader(tx);
  const docs = tx.documents(policyScopesCollection);
  const scoped: ScopedUser[] = [];
  const unchanged: { policyId: string; userId: string }[] = [];
  const alerts: AlertChange[] = [];
  for (const window of windows) {
    const entry = ctx.policies.find((p) => p.policy.id === window.policyId);
    // createManualScopes refuses turned-off policies, and loadScoringContext holds every enabled one.
    if (entry === undefined) continue;
    const { policy, template } = entry;
    const stored = await docs.get(window.userId, policy.id);
    const before: PolicyScope = stored?.value ?? { userId: window.userId, policyId: policy.id, windows: [], alerts: 0, triaged: {} };
    if (covered(window, before.windows)) {
      unchanged.push({ policyId: policy.id, userId: window.userId });
      continue;
    }
    const scope: PolicyScope = { ...before, windows: mergeScopeWindows([...before.windows, window]) };
    const merged = scope.windows.find((w) => w.from <= window.from && w.to >= window.to) ?? window;
    const addedToScope = !before.windows.some((w) => w.from < window.to && window.from < w.to);
    await tx.outbox.append([scopedEvent(policy.id, policy.name, window, context.now, addedToScope)]);
    scoped.push({ policyId: policy.id, policyName: policy.name, userId: window.userId, from: merged.from, to: merged.to });

    const evaluation = await evaluateScope(tx, ctx, policy, template, scope, { cumulativeNorms, userFacts: await userFacts(window.userId) });
    // The writer stores the scope document too (with the alert it opened, if any).
    const change = await writeAlert(tx, ctx, policy, stored, scope, evaluation);
    if (change !== undefined) alerts.push(change);
  }
  return { scoped, unchanged, alerts };
}

/** The same event the trigger path writes, with `reason: 'manual'`, the admin and their reason. */
function scopedEvent(policyId: string, policyName: string, window: ScopeWindow, now: Date, addedToScope: boolean): DomainEvent {
  return {
    id: `user.scoped:${policyId}:${window.userId}:manual:${window.triggeredAt}`,
    type: 'user.scoped',
    subject: window.userId,
    time: now.toISOString(),
    data: {
      policyId,
      policyName,
      userId: window.userId,
      from: window.from,
      to: window.to,
      reason: 'manual',
      trigger: 'manual',
      manualReason: window.manualReason,
      addedBy: window.addedBy,
      addedToScope,
    },
  };
}
