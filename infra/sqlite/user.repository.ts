import type Database from 'better-sqlite3';
import { ConflictError, NotFoundError, ValidationError } from '../../core/errors';
import { DirectoryUserSchema, type DirectoryUser } from '../../core/directory/directory-user';
import type { UserRepository, Versioned } from '../../core/ports/store';
import { checkStoredKey, pageLimit, parseStoredRow } from './row-codec';
import type { UnitOfWork } from './unit-of-work';

const TABLE = 'users';

interface UserRow {
  readonly upn: string;
  readonly version: number;
  readonly body: string;
}

export interface UserStatements {
  readonly get: Database.Statement<[string], Omit<UserRow, 'upn'>>;
  readonly insert: Database.Statement<[string, string]>;
  readonly update: Database.Statement<[string, string]>;
  readonly replace: Database.Statement<[string, string, number], { version: number }>;
  readonly getMany: Database.Statement<[string], Omit<UserRow, 'version'>>;
  readonly list: Database.Statement<[string, number], Omit<UserRow, 'version'>>;
  readonly count: Database.Statement<[], number>;
}

export function prepareUserStatements(db: Database.Database): UserStatements {
  return {
    get: db.prepare('SELECT version, body FROM users WHERE upn = ?'),
    insert: db.prepare('INSERT INTO users (upn, version, body) VALUES (?, 1, ?)'),
    update: db.prepare('UPDATE users SET version = version + 1, body = ? WHERE upn = ?'),
    replace: db.prepare('UPDATE users SET version = version + 1, body = ? WHERE upn = ? AND version = ? RETURNING version'),
    // One statement for any number of keys: the list travels as a JSON array.
    getMany: db.prepare('SELECT upn, body FROM users WHERE upn IN (SELECT value FROM json_each(?))'),
    list: db.prepare('SELECT upn, body FROM users WHERE upn > ? ORDER BY upn LIMIT ?'),
    count: db.prepare<[], number>('SELECT count(*) FROM users').pluck(),
  };
}

/**
 * The stored form of a user: checked, keyed by lower-case UPN, and serialized with the schema's
 * key order, so the same content always gives the same text and upsertMany can compare strings.
 */
function normalize(user: DirectoryUser, row?: number): { readonly upn: string; readonly value: DirectoryUser; readonly body: string } {
  const upn = user.upn.toLowerCase();
  const parsed = DirectoryUserSchema.safeParse({ ...user, upn });
  if (!parsed.success) {
    const issues = parsed.error.issues.map((issue) => ({
      row,
      field: issue.path.map(String).join('.') || undefined,
      reason: issue.message,
    }));
    throw new ValidationError(`user ${upn} is not a valid directory user: ${issues.map((i) => `${i.field ?? ''} ${i.reason}`).join('; ')}`, issues);
  }
  return { upn, value: parsed.data, body: JSON.stringify(parsed.data) };
}

function readUser(upn: string, body: string): DirectoryUser {
  const user = parseStoredRow(DirectoryUserSchema, TABLE, upn, body);
  checkStoredKey(TABLE, upn, 'upn', user.upn);
  return user;
}

/** ETags are decimal strings of `version`; anything else cannot be current. */
function versionOf(etag: string): number {
  return /^[0-9]{1,15}$/.test(etag) ? Number(etag) : -1;
}

export function createUserRepository(s: UserStatements, unit: UnitOfWork): UserRepository {
  return {
    upsertMany(users) {
      return unit.step('upserting users', () => {
        let created = 0;
        let updated = 0;
        let unchanged = 0;
        // All checked before the first write, so an invalid user leaves nothing half-written even
        // if the caller catches the error and commits.
        const normalized = users.map((user, index) => normalize(user, index + 1));
        for (const next of normalized) {
          const stored = s.get.get(next.upn);
          if (stored === undefined) {
            s.insert.run(next.upn, next.body);
            created++;
          } else if (stored.body !== next.body) {
            s.update.run(next.body, next.upn);
            updated++;
          } else {
            unchanged++;
          }
        }
        return { created, updated, unchanged };
      });
    },

    get(upn) {
      return unit.step('reading a user', (): Versioned<DirectoryUser> | undefined => {
        const key = upn.toLowerCase();
        const row = s.get.get(key);
        return row === undefined ? undefined : { value: readUser(key, row.body), etag: String(row.version) };
      });
    },

    getMany(upns) {
      return unit.step('reading users', () => {
        const found = new Map<string, DirectoryUser>();
        if (upns.length === 0) return found;
        const keys = [...new Set(upns.map((u) => u.toLowerCase()))];
        for (const row of s.getMany.all(JSON.stringify(keys))) found.set(row.upn, readUser(row.upn, row.body));
        return found;
      });
    },

    replace(user, etag) {
      return unit.step('replacing a user', (): Versioned<DirectoryUser> => {
        const next = normalize(user);
        const replaced = s.replace.get(next.body, next.upn, versionOf(etag));
        if (replaced !== undefined) return { value: next.value, etag: String(replaced.version) };
        if (s.get.get(next.upn) === undefined) throw new NotFoundError(`user ${next.upn} does not exist`);
        throw new ConflictError(`user ${next.upn} was changed by someone else since it was read (ETag ${etag} is stale)`);
      });
    },

    list(options = {}) {
      return unit.step('listing users', () => {
        const limit = pageLimit(options.limit, 100);
        // Every UPN sorts after the empty string, so "no cursor" needs no second statement.
        const after = options.after?.toLowerCase() ?? '';
        return s.list.all(after, limit).map((row) => readUser(row.upn, row.body));
      });
    },

    count() {
      return unit.step('counting users', () => s.count.get() ?? 0);
    },
  };
}
