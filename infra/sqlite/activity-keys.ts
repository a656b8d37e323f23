import type Database from 'better-sqlite3';
import { ValidationError } from '../../core/errors';

/**
 * The compact integer keys the activities indexes are built on: user and time (migration 2),
 * and the id (migration 3, see ID_SLOTS). An index entry of
 * (user_id, time, id) text was ~90 bytes and its inserts the costliest part of storing an
 * activity; (user_key, time_ms) is two integers. Measured with 150,000 1 KB activities of 500
 * users in 25,000-row units of work: 14–15 µs per insert with the text index, 11 µs with the
 * integer one, 7–8 µs with it on 16 KiB pages (infra/sqlite/README.md).
 */

/** A 53-bit hash of a text (two 32-bit FNV-1a lanes). Persisted in two columns: never change it. */
function hash53(text: string): number {
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ text.length;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995);
    b ^= b >>> 13;
  }
  // 32 bits of one lane and 21 of the other: exact in a double, and in SQLite's INTEGER.
  return (a >>> 0) * 0x200000 + ((b >>> 0) & 0x1fffff);
}

/**
 * A 53-bit hash of the user id. Persisted: never change it without a migration that recomputes
 * the column. Collisions only make the index range wider; every query also compares user_id, so
 * a collision costs a row read, never a wrong answer.
 */
export function userKeyOf(userId: string): number {
  return hash53(userId);
}

/**
 * Keys per bucket of the activity id index (migration 3). An activity's `id_key` is its bucket
 * (the id's hash with the low three bits cleared, so a multiple of 8) plus a slot 0–7: ids
 * whose hashes agree in the upper 50 bits share a bucket and take its slots in turn. The unique
 * index on this integer replaced the primary key on the ~42-character id text, which measured
 * ~1 µs cheaper per insert (infra/sqlite/README.md); lookups compare `id` itself, so a shared
 * bucket costs a row read, never a wrong answer.
 */
export const ID_SLOTS = 8;

/** The first key of an activity id's bucket (persisted: never change it). */
export function idBucketOf(id: string): number {
  const h = hash53(id);
  return h - (h % ID_SLOTS);
}

/**
 * Epoch milliseconds of a stored activity's time. Activity times are canonical
 * (`2026-01-02T03:04:05.000Z`, core/ingest/iso-date.ts), so ordering by this number and then id
 * is the order of the port (by time, then id).
 */
export function timeMsOf(time: string): number {
  const ms = Date.parse(time);
  if (Number.isNaN(ms)) throw new ValidationError(`activity time '${time}' is not an ISO 8601 date-time`, [{ field: 'time', reason: 'expected ISO 8601' }]);
  return ms;
}

/** A listing bound as epoch ms; the field names which bound was bad. */
export function boundMsOf(bound: string, field: 'from' | 'to'): number {
  const ms = Date.parse(bound);
  if (Number.isNaN(ms)) {
    throw new ValidationError(`activities ${field} '${bound}' is not an ISO 8601 date or date-time`, [{ field, reason: 'expected ISO 8601, e.g. 2026-03-01T00:00:00Z' }]);
  }
  return ms;
}

/** The SQL functions migrations 2 and 3 fill the new columns of existing rows with. */
export function registerActivityKeyFunctions(db: Database.Database): void {
  db.function('irm_user_key', { deterministic: true }, (userId: unknown) => userKeyOf(String(userId)));
  db.function('irm_id_bucket', { deterministic: true }, (id: unknown) => idBucketOf(String(id)));
  db.function('irm_time_ms', { deterministic: true }, (time: unknown) => timeMsOf(String(time)));
}
