// What every benchmark script shares: a throwaway SQLite store, and a main that exits non-zero on error.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PerformanceObserver } from 'node:perf_hooks';
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

/** Milliseconds the collector paused the main thread between start and `stop()`. */
export function gcTimer(): { stop(): Promise<number> } {
  let ms = 0;
  let counting = true;
  const observer = new PerformanceObserver((list) => {
    if (!counting) return;
    for (const entry of list.getEntries()) ms += entry.duration;
  });
  observer.observe({ entryTypes: ['gc'] });
  return {
    async stop() {
      // GC entries are delivered asynchronously; let the last ones of the measured phase arrive.
      await new Promise((resolve) => setTimeout(resolve, 20));
      counting = false;
      observer.disconnect();
      return ms;
    },
  };
}

export function runBench(main: () => Promise<void>): void {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
