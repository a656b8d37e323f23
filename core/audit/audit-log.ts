import { ConflictError, ValidationError } from '../errors';
import type { Clock } from '../ports/clock';
import type { DocumentCollection, DocumentQuery } from '../ports/document-collection';
import type { Hasher } from '../ports/hasher';
import type { StoreTransaction, Versioned } from '../ports/store';
import { issuesFromZod, validationFailure } from '../settings/validation-issues';
import {
  AUDIT_ANCHOR_ID,
  AUDIT_HEAD_ID,
  AUDIT_PARTITION,
  type AuditAnchor,
  type AuditHead,
  MAX_PURGE_RECORDS,
  auditAnchorCollection,
  auditEntriesCollection,
  auditEntriesUncheckedCollection,
  auditHeadCollection,
} from './audit-collections';
import {
  type AuditCategory,
  type AuditEntry,
  AuditEntrySchema,
  type AuditInput,
  AuditInputSchema,
  GENESIS_HASH,
  type UnsignedAuditEntry,
  auditEntryHash,
  auditEntryId,
} from './audit-entry';
import { canonicalJson } from './canonical-json';

export { auditCsv } from './audit-csv';

/**
 * The audit log over the Store's document collections (audit-collections.ts).
 *
 * Appending and concurrency
 * ─────────────────────────
 * The head document holds the last sequence and its hash. An append reads the head, creates
 * entry `head + 1` with `prevHash = head.hash` using `create` (which fails with ConflictError
 * when that id exists), then moves the head with an ETag-checked `replace`. Two writers can
 * therefore never both store entry N: the second `create` fails, and that writer re-reads the
 * head and tries again with N + 1, up to APPEND_ATTEMPTS times before giving up with
 * ConflictError. On SQLite the whole append runs inside the caller's transaction, which is
 * serialized, so no conflict arises there; the same code is what keeps Cosmos DB (no
 * transactions) correct.
 *
 * A writer can stop between creating its entry and moving the head (a crash, or losing the head
 * race to a writer that moved it for it). The head then lags the entries by one. Every append
 * first looks for entry `head + 1`; when it exists, the append moves the head onto it and starts
 * over, so the log heals itself on the next write and the lag is never more than one.
 *
 * Entries are written in the caller's unit of work, so on SQLite an audited change and its
 * entry commit or roll back together. On Cosmos DB writes are durable as they are made: callers
 * make the change first and append after it, so a failure in between can lose an entry but never
 * record a change that did not happen.
 */

/** What audit functions need of a unit of work; any StoreTransaction is one. */
export type AuditTransaction = Pick<StoreTransaction, 'documents'>;

/** How long entries are kept (irm-reference §9.3). */
export const AUDIT_RETENTION_DAYS = 180;
const DAY_MS = 24 * 60 * 60 * 1000;

/** Reads and re-reads of the head before an append gives up on a contended log. */
export const APPEND_ATTEMPTS = 10;

export const DEFAULT_AUDIT_LIMIT = 100;
export const MAX_AUDIT_LIMIT = 10_000;
/** Entries per query when scanning (verification, purge, filters the store cannot apply). */
const PAGE_SIZE = 1000;

export interface AppendAuditOptions {
  /** Attempts before ConflictError; default APPEND_ATTEMPTS. */
  readonly maxAttempts?: number;
}

/**
 * What appendAudit takes: an AuditInput whose `details` may be any JSON-shaped object (readonly
 * arrays, members left `undefined`). It is checked when appended: undefined members are dropped,
 * anything without a JSON form is refused with a ValidationError naming the field.
 */
export type AuditAppendInput = Omit<AuditInput, 'details'> & { readonly details?: Readonly<Record<string, unknown>> };

/** Validates input; `details` is first reduced to plain JSON so that what is hashed is what is stored. */
function parseInput(input: AuditAppendInput): AuditInput {
  const details = input.details === undefined ? undefined : (JSON.parse(canonicalJson(input.details, 'details')) as unknown);
  const parsed = AuditInputSchema.safeParse({ ...input, details });
  if (!parsed.success) throw validationFailure('the audit entry', issuesFromZod(parsed.error));
  const { category, activity, actor, target } = parsed.data;
  // Rebuilt field by field so an absent optional is absent, not `undefined`.
  return {
    category,
    activity,
    actor: actor.name === undefined ? { id: actor.id } : { id: actor.id, name: actor.name },
    ...(target === undefined ? {} : { target }),
    ...(parsed.data.details === undefined ? {} : { details: parsed.data.details }),
  };
}

/** The head, created at sequence 0 on the first append. Losing that creation race is fine. */
async function readHead(heads: DocumentCollection<AuditHead>, time: string): Promise<Versioned<AuditHead>> {
  const stored = await heads.get(AUDIT_PARTITION, AUDIT_HEAD_ID);
  if (stored !== undefined) return stored;
  try {
    return await heads.create(AUDIT_PARTITION, AUDIT_HEAD_ID, { sequence: 0, hash: GENESIS_HASH, updatedAt: time });
  } catch (error) {
    if (!(error instanceof ConflictError)) throw error;
    const winner = await heads.get(AUDIT_PARTITION, AUDIT_HEAD_ID);
    if (winner === undefined) throw error;
    return winner;
  }
}

function moveHead(heads: DocumentCollection<AuditHead>, head: Versioned<AuditHead>, entry: AuditEntry, time: string): Promise<Versioned<AuditHead>> {
  return heads.replace(AUDIT_PARTITION, AUDIT_HEAD_ID, { sequence: entry.sequence, hash: entry.hash, updatedAt: time }, head.etag);
}

/**
 * Appends one entry, stamped with the clock's time, and returns it as stored.
 * ValidationError when the input is not a valid entry (each issue names the field);
 * ConflictError when other writers took the next sequence `maxAttempts` times in a row.
 */
export async function appendAudit(tx: AuditTransaction, hasher: Hasher, clock: Clock, input: AuditAppendInput, options: AppendAuditOptions = {}): Promise<AuditEntry> {
  const fields = parseInput(input);
  const time = clock.now().toISOString();
  const entries = tx.documents(auditEntriesCollection);
  const heads = tx.documents(auditHeadCollection);
  const attempts = options.maxAttempts ?? APPEND_ATTEMPTS;
  let conflict: ConflictError | undefined;
  for (let attempt = 0; attempt < attempts; attempt++) {
    const head = await readHead(heads, time);
    const sequence = head.value.sequence + 1;
    const id = auditEntryId(sequence);
    const orphan = await entries.get(AUDIT_PARTITION, id);
    if (orphan !== undefined) {
      // Its writer stopped before moving the head (see the header): move it, then start over.
      try {
        await moveHead(heads, head, orphan.value, time);
      } catch (error) {
        if (!(error instanceof ConflictError)) throw error;
        conflict = error;
      }
      continue;
    }
    const unsigned: UnsignedAuditEntry = { ...fields, sequence, time, prevHash: head.value.hash };
    const entry: AuditEntry = { ...unsigned, hash: auditEntryHash(hasher, unsigned) };
    try {
      await entries.create(AUDIT_PARTITION, id, entry);
    } catch (error) {
      if (!(error instanceof ConflictError)) throw error;
      conflict = error;
      continue;
    }
    try {
      await moveHead(heads, head, entry, time);
    } catch (error) {
      // Only a writer that found this entry moves the head off `head`: it already points here.
      if (!(error instanceof ConflictError)) throw error;
    }
    return entry;
  }
  throw new ConflictError(`the audit log is busy: another writer took the next sequence ${attempts} times in a row; try again`, { cause: conflict });
}

/** Appends entries in order, each with its own sequence (one appendAudit per input). */
export async function appendAuditMany(
  tx: AuditTransaction,
  hasher: Hasher,
  clock: Clock,
  inputs: readonly AuditAppendInput[],
  options: AppendAuditOptions = {},
): Promise<AuditEntry[]> {
  const appended: AuditEntry[] = [];
  for (const input of inputs) appended.push(await appendAudit(tx, hasher, clock, input, options));
  return appended;
}

export interface AuditFilters {
  readonly category?: AuditCategory;
  /** The actor's id exactly (an Entra object id, `cli:<user>` or `system`). */
  readonly actorId?: string;
  /** Entries with `from <= time < to`; ISO 8601, any offset. */
  readonly from?: string;
  readonly to?: string;
  /** Default 100, at most 10,000. */
  readonly limit?: number;
}

function isoBound(value: string | undefined, field: 'from' | 'to'): string | undefined {
  if (value === undefined) return undefined;
  const time = Date.parse(value);
  if (Number.isNaN(time)) throw new ValidationError(`${field} is not a date: '${value}'`, [{ field, reason: 'must be an ISO 8601 date or time' }]);
  // Stored times are toISOString() text; the same form compares as the instants do.
  return new Date(time).toISOString();
}

/**
 * Entries matching every given filter, newest (highest sequence) first.
 *
 * Category and time go to the store. The actor is a nested field the store cannot filter on, so
 * with an actor filter the log is read newest first a page at a time until `limit` matches are
 * found or the log ends; that is a scan of the log, fine for an admin's query over 180 days.
 */
export async function listAudit(tx: AuditTransaction, filters: AuditFilters = {}): Promise<AuditEntry[]> {
  const limit = Math.min(Math.max(1, Math.floor(filters.limit ?? DEFAULT_AUDIT_LIMIT)), MAX_AUDIT_LIMIT);
  const from = isoBound(filters.from, 'from');
  const to = isoBound(filters.to, 'to');
  const entries = tx.documents(auditEntriesCollection);
  const where: Record<string, string> = filters.category === undefined ? {} : { category: filters.category };
  const newestFirst = { field: 'sequence', direction: 'desc' } as const;
  const actorId = filters.actorId;
  if (actorId === undefined) {
    const range = from === undefined && to === undefined ? undefined : { field: 'time', from, to };
    const found = await entries.query({ partition: AUDIT_PARTITION, where, ...(range === undefined ? {} : { range }), orderBy: newestFirst, limit });
    return found.map((e) => e.value);
  }
  const matches: AuditEntry[] = [];
  let below: number | undefined;
  for (;;) {
    const query: DocumentQuery = {
      partition: AUDIT_PARTITION,
      where,
      ...(below === undefined ? {} : { range: { field: 'sequence', to: below } }),
      orderBy: newestFirst,
      limit: PAGE_SIZE,
    };
    const page = (await entries.query(query)).map((e) => e.value);
    for (const entry of page) {
      if (entry.actor.id !== actorId) continue;
      if ((from !== undefined && entry.time < from) || (to !== undefined && entry.time >= to)) continue;
      matches.push(entry);
      if (matches.length === limit) return matches;
    }
    if (page.length < PAGE_SIZE) return matches;
    below = page[page.length - 1].sequence;
  }
}

/** Entries after `afterSequence`, oldest first, at most `limit`: for exports, page by page. */
export async function readAuditPage(tx: AuditTransaction, afterSequence: number, limit: number = PAGE_SIZE): Promise<AuditEntry[]> {
  const found = await tx.documents(auditEntriesCollection).query({
    partition: AUDIT_PARTITION,
    range: { field: 'sequence', from: afterSequence + 1 },
    orderBy: { field: 'sequence', direction: 'asc' },
    limit: Math.min(Math.max(1, Math.floor(limit)), MAX_AUDIT_LIMIT),
  });
  return found.map((e) => e.value);
}

export interface AuditChainProblem {
  /** Where the chain breaks: the entry that is missing, altered or out of place. */
  readonly sequence: number;
  readonly reason: string;
}

export interface AuditChainReport {
  readonly intact: boolean;
  /** Entries checked (those after the anchor, i.e. not removed by retention). */
  readonly entries: number;
  readonly firstSequence?: number;
  readonly lastSequence?: number;
  /** The last entry's hash: kept somewhere else, it also exposes a rewrite of the whole chain. */
  readonly lastHash?: string;
  /** Entries up to this sequence were removed by retention; verification started after it. */
  readonly purgedThrough?: number;
  readonly problem?: AuditChainProblem;
}

/** A ValidationError's issues as one line, for a problem's reason. */
function describeIssues(error: unknown): string {
  if (error instanceof ValidationError && error.issues.length > 0) return error.issues.map((i) => `${i.field ?? ''}: ${i.reason}`).join('; ');
  return error instanceof Error ? error.message : String(error);
}

async function readChecked<T>(collection: DocumentCollection<T>, id: string): Promise<{ value?: Versioned<T>; invalid?: string }> {
  try {
    const value = await collection.get(AUDIT_PARTITION, id);
    return value === undefined ? {} : { value };
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    return { invalid: describeIssues(error) };
  }
}

/** What sits where entry `expected` belongs, for the message: another entry (reordered) or nothing. */
async function misplaced(tx: AuditTransaction, expected: number, found: number): Promise<string> {
  const atPlace = await tx.documents(auditEntriesUncheckedCollection).get(AUDIT_PARTITION, auditEntryId(expected));
  if (atPlace === undefined) return `entry ${expected} is missing (the next stored entry is ${found})`;
  const parsed = AuditEntrySchema.safeParse(atPlace.value);
  const holds = parsed.success ? `entry ${parsed.data.sequence}` : 'something else';
  return `entries are out of order: the document of entry ${expected} holds ${holds}`;
}

async function verifyOnce(tx: AuditTransaction, hasher: Hasher): Promise<{ report: AuditChainReport; anchorEtag?: string }> {
  const broken = (sequence: number, reason: string, counted: Omit<AuditChainReport, 'intact'> = { entries: 0 }): AuditChainReport => ({
    intact: false,
    ...counted,
    problem: { sequence, reason },
  });
  // The head is read first: entries are created before the head moves onto them, so every entry
  // up to the head must be found below, even while others append.
  const head = await readChecked(tx.documents(auditHeadCollection), AUDIT_HEAD_ID);
  if (head.invalid !== undefined) return { report: broken(0, `the head document is not valid: ${head.invalid}`) };
  const anchor = await readChecked(tx.documents(auditAnchorCollection), AUDIT_ANCHOR_ID);
  if (anchor.invalid !== undefined) return { report: broken(0, `the anchor document is not valid: ${anchor.invalid}`) };
  const anchorEtag = anchor.value?.etag;
  const purgedThrough = anchor.value?.value.sequence;
  const startHash = anchor.value?.value.hash ?? GENESIS_HASH;

  let expected = (purgedThrough ?? 0) + 1;
  let prevHash = startHash;
  let entries = 0;
  let firstSequence: number | undefined;
  const raw = tx.documents(auditEntriesUncheckedCollection);
  const headSequence = head.value?.value.sequence;
  let hashAtHead: string | undefined;
  const counted = (): Omit<AuditChainReport, 'intact'> => ({
    entries,
    ...(firstSequence === undefined ? {} : { firstSequence, lastSequence: expected - 1, lastHash: prevHash }),
    ...(purgedThrough === undefined ? {} : { purgedThrough }),
  });
  const fail = (sequence: number, reason: string): { report: AuditChainReport; anchorEtag?: string } => ({
    report: broken(sequence, reason, counted()),
    ...(anchorEtag === undefined ? {} : { anchorEtag }),
  });

  for (;;) {
    // Default order is by document id, which is the zero-padded sequence: the stored order. A
    // document whose content was moved to another id shows up as out of sequence here.
    const page = await raw.query({ partition: AUDIT_PARTITION, range: { field: 'sequence', from: expected }, limit: PAGE_SIZE });
    for (const document of page) {
      const parsed = AuditEntrySchema.safeParse(document.value);
      if (!parsed.success) {
        return fail(expected, `entry ${expected} is not a valid audit entry: ${issuesFromZod(parsed.error).map((i) => `${i.field}: ${i.reason}`).join('; ')}`);
      }
      const entry = parsed.data;
      if (entry.sequence !== expected) return fail(expected, await misplaced(tx, expected, entry.sequence));
      const { hash, ...unsigned } = entry;
      if (auditEntryHash(hasher, unsigned) !== hash) return fail(expected, `entry ${expected} was altered: its content no longer matches its hash`);
      if (entry.prevHash !== prevHash) {
        const before =
          expected === 1 ? 'the start of the log' : purgedThrough === expected - 1 ? `the last purged entry (${expected - 1})` : `entry ${expected - 1}`;
        return fail(expected, `the chain is broken before entry ${expected}: its previous hash is not the hash of ${before}`);
      }
      if (entry.sequence === headSequence) hashAtHead = hash;
      firstSequence ??= expected;
      entries++;
      prevHash = hash;
      expected++;
    }
    if (page.length < PAGE_SIZE) break;
  }

  const last = expected - 1;
  if (head.value === undefined) {
    if (last > 0) return fail(last, 'the head document is missing');
  } else {
    const recorded = head.value.value;
    if (recorded.sequence > last) {
      return fail(last + 1, `entry ${last + 1} is missing: the head records ${recorded.sequence} entries but the log ends at ${last}`);
    }
    if (recorded.sequence < (purgedThrough ?? 0)) {
      return fail(recorded.sequence, `the head (${recorded.sequence}) is behind the purged entries (through ${purgedThrough})`);
    }
    const expectedHash = recorded.sequence === (purgedThrough ?? 0) ? startHash : hashAtHead;
    if (expectedHash !== recorded.hash) return fail(recorded.sequence, `the head's hash is not the hash of entry ${recorded.sequence}`);
  }
  return { report: { intact: true, ...counted() }, ...(anchorEtag === undefined ? {} : { anchorEtag }) };
}

/**
 * Recomputes every retained entry's hash and checks that each entry's `prevHash` is the previous
 * entry's hash (the anchor's for the first one after a purge, 64 zeros for entry 1), that the
 * sequences run without gaps in stored order, and that the head points at the last entry. It
 * stops at the first problem. A purge running at the same moment can make entries vanish
 * mid-scan; a failed check is therefore repeated once when the anchor moved meanwhile.
 */
export async function verifyAuditChain(tx: AuditTransaction, hasher: Hasher): Promise<AuditChainReport> {
  const first = await verifyOnce(tx, hasher);
  if (first.report.intact) return first.report;
  const anchorNow = await readChecked(tx.documents(auditAnchorCollection), AUDIT_ANCHOR_ID);
  if (anchorNow.value?.etag === first.anchorEtag) return first.report;
  return (await verifyOnce(tx, hasher)).report;
}

/** Entries recorded before this instant (ISO) have outlived retention at `now`. */
export function auditRetentionCutoff(now: Date, retentionDays: number = AUDIT_RETENTION_DAYS): string {
  return new Date(now.getTime() - retentionDays * DAY_MS).toISOString();
}

/**
 * Removes entries older than the retention period (180 days before `now`) from the oldest end,
 * and returns how many documents it removed.
 *
 * Only a run of consecutive entries from the anchor on is removed, stopping at the first entry
 * that is recent enough (or at a gap), so what is left is still a verifiable chain. Before it
 * deletes, the purge moves the anchor onto the last entry it is about to remove, recording the
 * purge in the anchor: verification then starts from the anchor's hash. A purge interrupted
 * after moving the anchor left entries at or below it; the next purge removes them first.
 * Concurrent purges are kept apart by the anchor's ETag (the loser re-reads and continues).
 */
export async function purgeExpiredAudit(tx: AuditTransaction, now: Date, options: { readonly retentionDays?: number } = {}): Promise<number> {
  const cutoff = auditRetentionCutoff(now, options.retentionDays);
  const at = now.toISOString();
  const entries = tx.documents(auditEntriesCollection);
  const anchors = tx.documents(auditAnchorCollection);
  let removed = 0;
  let conflicts = 0;
  for (;;) {
    const anchor = await anchors.get(AUDIT_PARTITION, AUDIT_ANCHOR_ID);
    const through = anchor?.value.sequence ?? 0;
    removed += await removeThrough(entries, through);

    const page = await entries.query({
      partition: AUDIT_PARTITION,
      range: { field: 'sequence', from: through + 1 },
      orderBy: { field: 'sequence', direction: 'asc' },
      limit: PAGE_SIZE,
    });
    const expired: AuditEntry[] = [];
    for (const entry of page) {
      if (entry.value.sequence !== through + expired.length + 1 || entry.value.time >= cutoff) break;
      expired.push(entry.value);
    }
    if (expired.length === 0) return removed;

    const last = expired[expired.length - 1];
    const next: AuditAnchor = {
      sequence: last.sequence,
      hash: last.hash,
      time: last.time,
      totalRemoved: (anchor?.value.totalRemoved ?? 0) + expired.length,
      purges: recordPurge(anchor?.value.purges ?? [], { at, cutoff, throughSequence: last.sequence, removed: expired.length }),
    };
    try {
      if (anchor === undefined) await anchors.create(AUDIT_PARTITION, AUDIT_ANCHOR_ID, next);
      else await anchors.replace(AUDIT_PARTITION, AUDIT_ANCHOR_ID, next, anchor.etag);
    } catch (error) {
      if (!(error instanceof ConflictError) || ++conflicts >= APPEND_ATTEMPTS) throw error;
      continue;
    }
    for (const entry of expired) await entries.delete(AUDIT_PARTITION, auditEntryId(entry.sequence));
    removed += expired.length;
    // A page cut short by a recent entry means the purge is done; a full page may have more behind it.
    if (expired.length < page.length || page.length < PAGE_SIZE) return removed;
  }
}

/** One purge run is one record, even when it moved the anchor page by page. */
function recordPurge(purges: AuditAnchor['purges'], purge: AuditAnchor['purges'][number]): AuditAnchor['purges'] {
  const previous = purges[purges.length - 1];
  if (previous?.at === purge.at) {
    return [...purges.slice(0, -1), { ...purge, removed: previous.removed + purge.removed }];
  }
  return [...purges, purge].slice(-MAX_PURGE_RECORDS);
}

/** Deletes entries at or below `through` left by an interrupted purge; returns how many. */
async function removeThrough(entries: DocumentCollection<AuditEntry>, through: number): Promise<number> {
  if (through === 0) return 0;
  let removed = 0;
  for (;;) {
    const left = await entries.query({ partition: AUDIT_PARTITION, range: { field: 'sequence', to: through + 1 }, limit: PAGE_SIZE });
    for (const entry of left) await entries.delete(AUDIT_PARTITION, auditEntryId(entry.value.sequence));
    removed += left.length;
    if (left.length < PAGE_SIZE) return removed;
  }
}
