import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Store } from '../../core/ports/store';
import { createSqliteStore } from '../../infra/sqlite/sqlite-store';
import { describeStoreContract } from './store.contract';

// Each test gets its own database file (WAL and all) in its own temporary folder, so the suite
// exercises the same file-backed path the app uses, not just ':memory:'.
const folders = new Map<Store, string>();

describeStoreContract('sqlite', {
  open: async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'irm-sqlite-contract-'));
    const store = await createSqliteStore({ path: path.join(dir, 'irm.db') });
    folders.set(store, dir);
    return store;
  },
  dispose: async (store) => {
    await store.close();
    const dir = folders.get(store);
    folders.delete(store);
    if (dir !== undefined) fs.rmSync(dir, { recursive: true, force: true });
  },
});
