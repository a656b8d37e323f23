import { z } from 'zod';
import { ValidationError } from '../errors';
import {
  ConfirmedViolationSchema,
  USER_FACTS_ID,
  userFactsCollection,
  type StoredDirectoryFacts,
  type UserFacts,
} from '../persistence/collections';
import type { StoreTransaction } from '../ports/store';
import { issuesFromZod } from '../settings/validation-issues';
import { potentialHighImpactUser } from './boosters';
import { directoryHierarchy } from './directory-hierarchy';

/**
 * The `user-facts` documents: what scoring knows about a person beyond their activities. Several
 * writers share one document per user (HR's last working day, resolved cases, the directory
 * hierarchy), so every write here reads the document and changes only its own fields.
 */

/** Reads a user's facts at most once per unit of work; `undefined` when nothing is known. */
export type UserFactsReader = (userId: string) => Promise<UserFacts | undefined>;

export function createUserFactsReader(tx: StoreTransaction): UserFactsReader {
  const memo = new Map<string, Promise<UserFacts | undefined>>();
  return (userId) => {
    let facts = memo.get(userId);
    if (facts === undefined) {
      facts = tx
        .documents(userFactsCollection)
        .get(userId, USER_FACTS_ID)
        .then((d) => d?.value);
      memo.set(userId, facts);
    }
    return facts;
  };
}

/**
 * Applies `change` to the user's facts and writes them when something changed. `change` gets the
 * current facts (a fresh document when there are none) and returns the next ones, or the same
 * object for "nothing to do" — so repeating a write is free and never bumps the ETag.
 */
export async function updateUserFacts(tx: StoreTransaction, userId: string, change: (facts: UserFacts) => UserFacts): Promise<UserFacts> {
  const docs = tx.documents(userFactsCollection);
  const stored = await docs.get(userId, USER_FACTS_ID);
  const current = stored?.value ?? { userId };
  const next = change(current);
  if (next === current) return current;
  if (stored === undefined) await docs.create(userId, USER_FACTS_ID, next);
  else await docs.replace(userId, USER_FACTS_ID, next, stored.etag);
  return next;
}

const ConfirmedViolationInputSchema = z.object({
  userId: z
    .string()
    .trim()
    .toLowerCase()
    .regex(/^[^\s@]+@[^\s@]+$/, 'expected the user principal name of the case subject, such as ada@contoso.com'),
  caseId: ConfirmedViolationSchema.shape.caseId,
  resolvedAt: ConfirmedViolationSchema.shape.resolvedAt,
});

/**
 * Records that a case of this user was resolved as a confirmed policy violation, for the
 * previous-case booster: the user's activity after the earliest such resolution scores × 1.5
 * (docs/scoring.md §4). Called by the case service when it resolves a case that way.
 *
 * Idempotent: recording the same case again changes nothing (a case re-resolved later keeps its
 * first resolution, the moment the booster starts). Bad arguments → ValidationError naming each.
 * The booster shows from the next evaluation of the user (their next activity or scoping).
 */
export async function recordConfirmedViolation(tx: StoreTransaction, userId: string, caseId: string, resolvedAt: string): Promise<UserFacts> {
  const parsed = ConfirmedViolationInputSchema.safeParse({ userId, caseId, resolvedAt });
  if (!parsed.success) {
    const issues = issuesFromZod(parsed.error);
    throw new ValidationError(`cannot record a confirmed violation: ${issues.map((i) => `${i.field ?? ''}: ${i.reason}`).join('; ')}`, issues);
  }
  const input = parsed.data;
  const at = new Date(input.resolvedAt).toISOString();
  return updateUserFacts(tx, input.userId, (facts) => {
    const list = facts.confirmedViolations ?? [];
    const existing = list.find((v) => v.caseId === input.caseId);
    if (existing !== undefined && existing.resolvedAt <= at) return facts;
    const others = list.filter((v) => v.caseId !== input.caseId);
    const confirmedViolations = [...others, { caseId: input.caseId, resolvedAt: at }].sort((a, b) => (a.resolvedAt < b.resolvedAt ? -1 : a.resolvedAt > b.resolvedAt ? 1 : 0));
    return { ...facts, confirmedViolations };
  });
}

/** The earliest resolution of a confirmed violation, from which the previous-case booster applies. */
export function firstConfirmedViolationAt(facts: UserFacts | undefined): string | undefined {
  return facts?.confirmedViolations?.reduce<string | undefined>((m, v) => (m === undefined || v.resolvedAt < m ? v.resolvedAt : m), undefined);
}

export interface DirectoryFactsRefresh {
  readonly users: number;
  /** Documents written because a person's position or verdict changed. */
  readonly changed: number;
  readonly highImpact: number;
}

const PAGE = 1000;

function sameDirectoryFacts(a: StoredDirectoryFacts | undefined, b: StoredDirectoryFacts): boolean {
  return (
    a !== undefined &&
    a.directReports === b.directReports &&
    a.indirectReports === b.indirectReports &&
    a.hierarchyLevel === b.hierarchyLevel &&
    a.highImpactReasons.length === b.highImpactReasons.length &&
    a.highImpactReasons.every((r, i) => r === b.highImpactReasons[i])
  );
}

/**
 * Recomputes every person's place in the management chain and the potential-high-impact verdict
 * from the whole directory, and stores it in their facts. Run after each directory import (one
 * manager change moves the counts of everyone above) and by maintenance, so scoring reads one
 * small document per evaluated user instead of walking the directory in every unit of work.
 *
 * Cost: one scan of the directory, one read per person, writes only where something changed.
 * People with no reports and no high-impact criterion get no document (absent means exactly
 * that), unless one is already stored and must be corrected.
 */
export async function refreshDirectoryFacts(tx: StoreTransaction): Promise<DirectoryFactsRefresh> {
  const people: { upn: string; managerUpn?: string; jobTitle?: string }[] = [];
  let after: string | undefined;
  for (;;) {
    const page = await tx.users.list({ after, limit: PAGE });
    for (const u of page) people.push({ upn: u.upn, managerUpn: u.managerUpn, jobTitle: u.jobTitle });
    if (page.length < PAGE) break;
    after = page[page.length - 1].upn;
  }
  const positions = directoryHierarchy(people);
  const docs = tx.documents(userFactsCollection);
  let changed = 0;
  let highImpact = 0;
  for (const person of people) {
    const position = positions.get(person.upn) ?? { directReports: 0, indirectReports: 0 };
    const verdict = potentialHighImpactUser({ ...position, jobTitle: person.jobTitle });
    if (verdict.highImpact) highImpact++;
    const next: StoredDirectoryFacts = { ...position, highImpactReasons: [...verdict.reasons] };
    const stored = await docs.get(person.upn, USER_FACTS_ID);
    const current = stored?.value.directory;
    if (sameDirectoryFacts(current, next)) continue;
    if (current === undefined && next.directReports === 0 && !verdict.highImpact) continue;
    const value: UserFacts = { ...(stored?.value ?? { userId: person.upn }), directory: next };
    if (stored === undefined) await docs.create(person.upn, USER_FACTS_ID, value);
    else await docs.replace(person.upn, USER_FACTS_ID, value, stored.etag);
    changed++;
  }
  return { users: people.length, changed, highImpact };
}
