import { systemClock, type Clock } from '../core/ports/clock';
import type { Hasher } from '../core/ports/hasher';
import type { Store } from '../core/ports/store';
import type { AppConfig } from './config';
import { nodeHasher } from './crypto/node-hasher';
import { createCosmosStore } from './cosmos/cosmos-store';
import { createSqliteStore } from './sqlite/sqlite-store';

/** The composition root's product: every adapter the entry points need, built from config. */
export interface Container {
  readonly config: AppConfig;
  readonly store: Store;
  readonly clock: Clock;
  /** SHA-256 and HMAC for core (the audit chain, pseudonyms). */
  readonly hasher: Hasher;
  close(): Promise<void>;
}

export async function createContainer(config: AppConfig): Promise<Container> {
  const store: Store =
    config.store.kind === 'cosmos'
      ? await createCosmosStore({ endpoint: config.store.endpoint, key: config.store.key, databaseId: config.store.databaseId })
      : await createSqliteStore({ path: config.store.path });
  return {
    config,
    store,
    clock: systemClock,
    hasher: nodeHasher,
    close: () => store.close(),
  };
}
