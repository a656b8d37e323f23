// What every benchmark script shares: a throwaway SQLite store, and a main that exits non-zero on error.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createSqliteStore, type SqliteStore } from '../../infra/sqlite/sqlite-store';

/** Runs `work` on a fresh SQLite store in a temporary folder (also given, for other files), then removes both. */
export async function withBenchStore<T>(prefix: string, work: (store: SqliteStore, dir: string) => Promise<T>): Promise<T> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `irm-${prefix}-`));
  const store = await createSqliteStore({ path: path.join(dir, 'irm.db') });
  try {
    return await work(store, dir);
  } finally {
    await store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Collects the previous phase's garbage (with --expose-gc, as the npm scripts run it) so no phase pays for another's. */
export function settleHeap(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

export function runBench(main: () => Promise<void>): void {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
