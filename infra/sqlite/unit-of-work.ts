import type Database from 'better-sqlite3';
import { OperationalError, UnexpectedError } from '../../core/errors';
import { translateSqliteError } from './sqlite-errors';

/**
 * One running transaction, as the repositories see it. Every repository call goes through
 * `step`, which is where three things that must hold for every call are enforced once:
 *
 * - the repository is used inside its own unit of work (a `tx` kept past the end of its
 *   `transaction` callback would otherwise write in autocommit mode, outside any transaction);
 * - SQLite has not rolled the transaction back by itself (it does so on some I/O, full-disk and
 *   busy errors; continuing would again run statements in autocommit mode);
 * - SQLite errors come out as the port's error classes, and as rejected promises, never as
 *   synchronous throws from a method that returns a promise.
 */
export class UnitOfWork {
  private open = true;
  private readonly committed: (() => void)[] = [];
  private readonly done = new Set<string>();

  constructor(private readonly db: Database.Database) {}

  get isOpen(): boolean {
    return this.open;
  }

  /** Runs one synchronous SQLite step of this unit of work. `doing` names it in error messages. */
  step<T>(doing: string, fn: () => T): Promise<T> {
    if (!this.open) {
      return Promise.reject(
        new UnexpectedError(
          `${doing}: this transaction has already ended; use the tx handed to the current store.transaction() callback`,
        ),
      );
    }
    if (!this.db.inTransaction) {
      return Promise.reject(
        new OperationalError(`${doing}: SQLite rolled this transaction back after an earlier error; run the unit of work again`),
      );
    }
    try {
      return Promise.resolve(fn());
    } catch (error) {
      const translated = translateSqliteError(error, doing);
      return Promise.reject(translated instanceof Error ? translated : new UnexpectedError(`${doing}: ${String(translated)}`));
    }
  }

  /**
   * True the first time `key` is named in this unit of work, false after: for work that needs
   * doing once per unit until it commits (creating a collection's indexes), which a hot path
   * would otherwise repeat on every call of the unit.
   */
  firstInUnit(key: string): boolean {
    if (this.done.has(key)) return false;
    this.done.add(key);
    return true;
  }

  /** Runs `action` once this unit of work has committed (state kept outside the database). */
  afterCommit(action: () => void): void {
    this.committed.push(action);
  }

  /** Called by the store after COMMIT succeeded. */
  commit(): void {
    this.open = false;
    for (const action of this.committed) action();
  }

  end(): void {
    this.open = false;
  }
}
