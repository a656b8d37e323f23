import Database from 'better-sqlite3';
import {
  ConflictError,
  OperationalError,
  ThrottledError,
  UnexpectedError,
  ValidationError,
} from '../../core/errors';

/** The primary result codes that mean "the file or the machine is in trouble", not "we have a bug". */
const OPERATIONAL_CODES: ReadonlySet<string> = new Set([
  'SQLITE_IOERR',
  'SQLITE_FULL',
  'SQLITE_CANTOPEN',
  'SQLITE_READONLY',
  'SQLITE_CORRUPT',
  'SQLITE_NOTADB',
  'SQLITE_PROTOCOL',
  'SQLITE_NOLFS',
  'SQLITE_PERM',
  'SQLITE_AUTH',
  'SQLITE_NOMEM',
  'SQLITE_INTERRUPT',
]);

function isSqliteError(error: unknown): error is Error & { code: string } {
  if (error instanceof Database.SqliteError) return true;
  // The native addon keeps the SqliteError class of the first copy of the module loaded in the
  // process; a test runner that loads the module again per test file (each in its own realm, with
  // its own Error) gets errors of that first class. Recognize them by shape.
  if (typeof error !== 'object' || error === null) return false;
  const { name, code } = error as { name?: unknown; code?: unknown };
  return name === 'SqliteError' && typeof code === 'string' && code.startsWith('SQLITE_');
}

/** Extended codes look like `SQLITE_CONSTRAINT_UNIQUE`; the primary part is what we branch on first. */
function primaryCode(code: string): string {
  const match = /^SQLITE_[A-Z]+/.exec(code);
  return match ? match[0] : code;
}

/**
 * Translates a better-sqlite3 error into the port's taxonomy; anything else (our own AppErrors,
 * errors thrown by the caller's unit of work) is returned unchanged so it keeps its class.
 * `doing` says what the store was doing, for the message.
 */
export function translateSqliteError(error: unknown, doing: string): unknown {
  if (!isSqliteError(error)) return error;
  const code = error.code;
  const message = `SQLite, ${doing}: ${error.message} (${code})`;
  switch (primaryCode(code)) {
    case 'SQLITE_BUSY':
    case 'SQLITE_LOCKED':
      // Another connection (usually another process on the same file) held the write lock for
      // longer than busy_timeout. Waiting and retrying is the cure.
      return new ThrottledError(message, undefined, { cause: error });
    case 'SQLITE_CONSTRAINT':
      if (
        code === 'SQLITE_CONSTRAINT_PRIMARYKEY' ||
        code === 'SQLITE_CONSTRAINT_UNIQUE' ||
        code === 'SQLITE_CONSTRAINT_FOREIGNKEY'
      ) {
        return new ConflictError(message, { cause: error });
      }
      // NOT NULL, CHECK, datatype: a value the schema refuses.
      return new ValidationError(message, [{ reason: error.message }], { cause: error });
    default:
      if (OPERATIONAL_CODES.has(primaryCode(code))) return new OperationalError(message, { cause: error });
      // Syntax errors, misuse, range errors: our bug.
      return new UnexpectedError(message, { cause: error });
  }
}
