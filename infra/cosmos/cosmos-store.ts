/**
 * The Azure Cosmos DB (NoSQL API) adapter of the Store port.
 *
 * Containers and partitions (see also infra/cosmos/README.md)
 * ──────────────────────────────────────────────────────────
 * Every document has `id`, `pk` (the partition key value, container path `/pk`) and `type` (the
 * discriminator every query filters on). Ids are `<type>:<escaped domain key>`, so kinds that
 * share a partition never collide and keys may hold characters Cosmos forbids in ids.
 *
 * `subjects` — everything about one subject, partitioned by its lower-case UPN (or `system`):
 *   type `activity` (pk = activity.userId), type `event` (outbox; pk = event.subject, `system` for
 *   organization-wide events), type `document` (the port's generic collections: alerts, cases,
 *   aggregates, settings, policies, audit …; pk = the partition the caller names, a UPN or
 *   `system`, each document tagged with its `collection`). A state change and its events share a
 *   partition, so one transactional batch can write them together.
 *
 * `organization` — organization-wide documents:
 *   type `user`  pk = lower-case UPN (one partition per directory user: point reads by UPN)
 *   type `batch` pk = `batches` (one small partition; newest-first listing in one partition)
 *   type `seen`  pk = the document id (write-only insert-if-absent keys, spread evenly)
 *   These are high-volume or keyed by something other than a subject, with their own repository.
 *
 * Units of work: Cosmos has no cross-partition transactions. `transaction` runs the work against
 * the repositories and its writes go out as they are made; every write is idempotent
 * (deterministic ids, insert-if-absent creates, ETag-checked replaces, upserts by key), so a unit
 * that fails half-way is safe to run again. Errors are translated in cosmos-errors.ts.
 */
import type { Agent } from 'node:http';
import { CosmosClient, PartitionKeyDefinitionVersion, type ConnectionPolicy, type Container } from '@azure/cosmos';
import { UnexpectedError } from '../../core/errors';
import type { Store, StoreTransaction } from '../../core/ports/store';
import { createCosmosActivityRepository } from './activity.repository';
import { createCosmosDocumentCollection } from './document-collection.repository';
import { translateCosmosError } from './cosmos-errors';
import { DEFAULT_WRITE_SETTINGS, type WriteSettings } from './cosmos-writes';
import { createCosmosIngestionRepository } from './ingestion.repository';
import { createCosmosOutboxRepository } from './outbox.repository';
import { createCosmosUserRepository } from './user.repository';

export const SUBJECTS_CONTAINER = 'subjects';
export const ORGANIZATION_CONTAINER = 'organization';

export interface CosmosStoreOptions {
  /** Account URL, e.g. `https://myaccount.documents.azure.com:443/`. */
  readonly endpoint: string;
  /** Account key. */
  readonly key: string;
  readonly databaseId: string;
  /**
   * Merged over our defaults. Tests against the in-process server pass
   * `{ enableEndpointDiscovery: false }`; `retryOptions` is merged field by field.
   */
  readonly connectionPolicy?: ConnectionPolicy;
  /** HTTP(S) agent, e.g. to trust a test certificate. */
  readonly agent?: Agent;
  /** Overrides for point-write concurrency and the bulk threshold (see cosmos-writes.ts). */
  readonly writes?: Partial<WriteSettings>;
}

/**
 * How the SDK retries 429s before we see them: it waits what the service says
 * (`x-ms-retry-after-ms`) between attempts, up to this many attempts and this much total wait.
 * After that the 429 reaches us and becomes a ThrottledError carrying the last retry-after.
 * These are the SDK's documented defaults, stated here so they are a decision, not an accident.
 */
const DEFAULT_RETRY_OPTIONS = { maxRetryAttemptCount: 9, maxWaitTimeInSeconds: 30 } as const;

async function ensureContainers(client: CosmosClient, databaseId: string): Promise<{ subjects: Container; organization: Container }> {
  // Throughput is not set here: it belongs to the account (serverless) or to the deployment
  // (infra/deploy), not to code that runs on every start.
  const { database } = await raceSafe(() => client.databases.createIfNotExists({ id: databaseId }));
  const partitionKey = { paths: ['/pk'], version: PartitionKeyDefinitionVersion.V2 };
  const [subjects, organization] = await Promise.all([
    raceSafe(() => database.containers.createIfNotExists({ id: SUBJECTS_CONTAINER, partitionKey })),
    raceSafe(() => database.containers.createIfNotExists({ id: ORGANIZATION_CONTAINER, partitionKey })),
  ]);
  return { subjects: subjects.container, organization: organization.container };
}

/**
 * Connects, creates the database and containers when they are missing, and returns the Store.
 * Fails with OperationalError when the account is unreachable or refuses the key.
 */
export async function createCosmosStore(options: CosmosStoreOptions): Promise<Store> {
  const client = new CosmosClient({
    endpoint: options.endpoint,
    key: options.key,
    userAgentSuffix: 'teams-insider-risk',
    ...(options.agent === undefined ? {} : { agent: options.agent }),
    connectionPolicy: {
      ...options.connectionPolicy,
      retryOptions: { ...DEFAULT_RETRY_OPTIONS, ...options.connectionPolicy?.retryOptions },
    },
  });
  let containers: { subjects: Container; organization: Container };
  try {
    containers = await ensureContainers(client, options.databaseId);
  } catch (error) {
    client.dispose();
    throw translateCosmosError(error, { action: 'open database', container: options.databaseId });
  }

  const writes: WriteSettings = { ...DEFAULT_WRITE_SETTINGS, ...options.writes };
  // The repositories hold no per-unit state, so one set serves every unit of work.
  const tx: StoreTransaction = {
    users: createCosmosUserRepository(containers.organization, writes),
    activities: createCosmosActivityRepository(containers.subjects, writes),
    ingestion: createCosmosIngestionRepository(containers.organization, writes),
    outbox: createCosmosOutboxRepository(containers.subjects, writes),
    documents: (collection) => createCosmosDocumentCollection(containers.subjects, collection),
  };
  let closed = false;

  return {
    kind: 'cosmos',
    async transaction<T>(work: (tx: StoreTransaction) => Promise<T>): Promise<T> {
      if (closed) throw new UnexpectedError('the Cosmos DB store was used after close()');
      // No rollback to do: writes are already durable and idempotent (see the header). The work's
      // error, already translated by the repositories, propagates unchanged.
      return work(tx);
    },
    close(): Promise<void> {
      if (!closed) {
        closed = true;
        client.dispose();
      }
      return Promise.resolve();
    },
  };
}

/**
 * `createIfNotExists` reads, then creates: two processes starting together on a new account
 * both find nothing and one create loses with 409. The loser asks again and finds the winner's.
 */
async function raceSafe<T>(create: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await create();
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      if ((code !== 409 && code !== '409') || attempt >= 3) throw error;
    }
  }
}
