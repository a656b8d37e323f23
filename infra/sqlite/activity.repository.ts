import type Database from 'better-sqlite3';
import { ActivitySchema, type Activity } from '../../core/ingest/activity';
import type { ActivityRepository } from '../../core/ports/store';
import { OperationalError } from '../../core/errors';
import { boundMsOf, ID_SLOTS, idBucketOf, timeMsOf, userKeyOf } from './activity-keys';
import { checkStoredKey, pageLimit, parseStoredRow } from './row-codec';
import type { UnitOfWork } from './unit-of-work';

const TABLE = 'activities';

/**
 * Bounds for a listing without `from` / `to`: beyond any representable date, so one statement
 * with a plain range serves every combination of bounds and keeps the index usable.
 */
const BEFORE_ALL_TIMES = -Number.MAX_SAFE_INTEGER;
const AFTER_ALL_TIMES = Number.MAX_SAFE_INTEGER;

export interface ActivityStatements {
  readonly insert: Database.Statement<[number, string, string, number, number, string, string]>;
  readonly findKey: Database.Statement<[number, number, string], number>;
  readonly get: Database.Statement<[number, number, string, string], string>;
  readonly listByUser: Database.Statement<[number, string, number, number, number], { id: string; body: string }>;
  readonly count: Database.Statement<[], number>;
  readonly countByUser: Database.Statement<[number, string], number>;
}

export function prepareActivityStatements(db: Database.Database): ActivityStatements {
  return {
    insert: db.prepare(
      'INSERT OR IGNORE INTO activities (id_key, id, user_id, user_key, time_ms, kind, body) VALUES (?, ?, ?, ?, ?, ?, ?)',
    ),
    // A bucket's keys are consecutive, so "where is this id" is a short range of the unique index.
    findKey: db.prepare<[number, number, string], number>('SELECT id_key FROM activities WHERE id_key BETWEEN ? AND ? AND id = ?').pluck(),
    get: db
      .prepare<[number, number, string, string], string>('SELECT body FROM activities WHERE id_key BETWEEN ? AND ? AND id = ? AND user_id = ?')
      .pluck(),
    // user_key narrows the index range; user_id settles a hash collision.
    listByUser: db.prepare(
      `SELECT id, body FROM activities
       WHERE user_key = ? AND user_id = ? AND time_ms >= ? AND time_ms < ?
       ORDER BY time_ms, id LIMIT ?`,
    ),
    count: db.prepare<[], number>('SELECT count(*) FROM activities').pluck(),
    countByUser: db.prepare<[number, string], number>('SELECT count(*) FROM activities WHERE user_key = ? AND user_id = ?').pluck(),
  };
}

function readActivity(id: string, userId: string, body: string): Activity {
  const activity = parseStoredRow(ActivitySchema, TABLE, id, body);
  checkStoredKey(TABLE, id, 'id', activity.id);
  checkStoredKey(TABLE, userId, 'userId', activity.userId);
  return activity;
}

export function createActivityRepository(s: ActivityStatements, unit: UnitOfWork): ActivityRepository {
  return {
    /**
     * The ingestion hot path. Activities are not re-validated here: they come out of the
     * normalizers, which build them from zod-checked records, and a second parse would cost more
     * than the insert; they are validated again on read. One prepared INSERT OR IGNORE per new
     * activity into the first slot of its id's bucket (activity-keys.ts). When that slot is
     * taken, by this very activity (a duplicate: the common case of a re-ingest) or by another id
     * of the same bucket, one range read tells which, and a new id takes the next free slot.
     * This relies on activities never being deleted: a freed slot 0 would let a duplicate stored
     * in a later slot in again. The body is the whole activity: stripping the columns stored
     * beside it measured no faster (the copy costs what the shorter text saves).
     */
    insertMany(activities) {
      return unit.step('storing activities', () => {
        const inserted: Activity[] = [];
        let duplicates = 0;
        for (const a of activities) {
          const bucket = idBucketOf(a.id);
          const userKey = userKeyOf(a.userId);
          const timeMs = timeMsOf(a.time);
          const body = JSON.stringify(a);
          if (s.insert.run(bucket, a.id, a.userId, userKey, timeMs, a.kind, body).changes === 1) {
            inserted.push(a);
            continue;
          }
          if (s.findKey.get(bucket, bucket + ID_SLOTS - 1, a.id) !== undefined) {
            duplicates++;
            continue;
          }
          let slot = 1;
          while (slot < ID_SLOTS && s.insert.run(bucket + slot, a.id, a.userId, userKey, timeMs, a.kind, body).changes === 0) slot++;
          if (slot === ID_SLOTS) {
            // Eight other ids agreeing in 50 bits of hash: not expected in the life of any store.
            throw new OperationalError(`cannot store activity ${a.id}: all ${ID_SLOTS} keys of its id bucket ${bucket} are taken by other ids`);
          }
          inserted.push(a);
        }
        return { inserted, duplicates };
      });
    },

    get(userId, id) {
      return unit.step('reading an activity', () => {
        const bucket = idBucketOf(id);
        const body = s.get.get(bucket, bucket + ID_SLOTS - 1, id, userId);
        return body === undefined ? undefined : readActivity(id, userId, body);
      });
    },

    listByUser(userId, options = {}) {
      return unit.step('listing activities', () => {
        const limit = pageLimit(options.limit, 1000);
        const from = options.from === undefined || options.from === '' ? BEFORE_ALL_TIMES : boundMsOf(options.from, 'from');
        const to = options.to === undefined ? AFTER_ALL_TIMES : boundMsOf(options.to, 'to');
        return s.listByUser
          .all(userKeyOf(userId), userId, from, to, limit)
          .map((row) => readActivity(row.id, userId, row.body));
      });
    },

    count(userId) {
      return unit.step('counting activities', () =>
        (userId === undefined ? s.count.get() : s.countByUser.get(userKeyOf(userId), userId)) ?? 0,
      );
    },
  };
}
