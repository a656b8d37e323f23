import Database from 'better-sqlite3';
import { ConflictError, OperationalError, ThrottledError, UnexpectedError, ValidationError } from '../../../../core/errors';
import { translateSqliteError } from '../../../../infra/sqlite/sqlite-errors';

const sqlite = (code: string): Error => new Database.SqliteError(`failed with ${code}`, code);

describe('translateSqliteError', () => {
  it.each([
    ['SQLITE_BUSY', ThrottledError],
    ['SQLITE_BUSY_SNAPSHOT', ThrottledError],
    ['SQLITE_LOCKED', ThrottledError],
    ['SQLITE_CONSTRAINT_PRIMARYKEY', ConflictError],
    ['SQLITE_CONSTRAINT_UNIQUE', ConflictError],
    ['SQLITE_CONSTRAINT_FOREIGNKEY', ConflictError],
    ['SQLITE_CONSTRAINT_NOTNULL', ValidationError],
    ['SQLITE_CONSTRAINT_CHECK', ValidationError],
    ['SQLITE_FULL', OperationalError],
    ['SQLITE_IOERR_WRITE', OperationalError],
    ['SQLITE_CORRUPT', OperationalError],
    ['SQLITE_READONLY', OperationalError],
    ['SQLITE_ERROR', UnexpectedError],
    ['SQLITE_MISUSE', UnexpectedError],
  ])('maps %s to %p, keeping the SQLite error as cause', (code, expected) => {
    const original = sqlite(code);
    const translated = translateSqliteError(original, 'testing');
    expect(translated).toBeInstanceOf(expected);
    expect((translated as Error).cause).toBe(original);
    expect((translated as Error).message).toContain(code);
  });

  it('returns errors that are not from SQLite unchanged', () => {
    const mine = new ConflictError('mine');
    expect(translateSqliteError(mine, 'testing')).toBe(mine);
    const plain = new Error('plain');
    expect(translateSqliteError(plain, 'testing')).toBe(plain);
  });
});
