import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { CosmosClient } from '@azure/cosmos';
import { createHttpServer } from '@vercel/cosmosdb-server';
import type { Store } from '../../core/ports/store';
import { createCosmosStore } from '../../infra/cosmos/cosmos-store';
import { describeStoreContract } from './store.contract';

// One in-process Cosmos-protocol server for the whole file; each test gets its own database, and
// the database is dropped afterwards so the server's memory does not grow across tests.
let server: Server;
let endpoint: string;
let admin: CosmosClient;
const databases = new Map<Store, string>();
let opened = 0;

// Plain HTTP; endpoint discovery off, or the SDK follows the https address the server advertises.
const connectionPolicy = { enableEndpointDiscovery: false };

beforeAll(async () => {
  server = createHttpServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  admin = new CosmosClient({ endpoint, key: 'any-key', connectionPolicy });
});

afterAll(async () => {
  admin.dispose();
  await new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
});

describeStoreContract('cosmos', {
  async open() {
    const databaseId = `contract-${++opened}`;
    const store = await createCosmosStore({ endpoint, key: 'any-key', databaseId, connectionPolicy });
    databases.set(store, databaseId);
    return store;
  },
  async dispose(store) {
    await store.close();
    const databaseId = databases.get(store);
    databases.delete(store);
    if (databaseId !== undefined) await admin.database(databaseId).delete();
  },
});
