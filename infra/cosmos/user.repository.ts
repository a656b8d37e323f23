import type { Container } from '@azure/cosmos';
import { DirectoryUserSchema, type DirectoryUser } from '../../core/directory/directory-user';
import type { UserRepository, Versioned } from '../../core/ports/store';
import {
  asRecord,
  canonicalJson,
  documentId,
  parseForWrite,
  parseStored,
  rawDocumentId,
  storedEtag,
  stripSystemProperties,
  type CosmosDocument,
} from './cosmos-documents';
import { cosmosStatus, translateCosmosError } from './cosmos-errors';
import { queryCount, queryDocuments, topOf } from './cosmos-queries';
import { forEachLimited, writeAll, type WriteSettings } from './cosmos-writes';

/**
 * Directory users in the organization container, one logical partition per user (`pk` = the
 * lower-case UPN): point reads and writes by UPN cost 1 read unit and never contend; listing and
 * counting are cross-partition queries, which the directory's size (thousands, not millions)
 * keeps cheap.
 */
type UserDocument = DirectoryUser & CosmosDocument & { readonly type: 'user' };

const DEFAULT_LIST_LIMIT = 100;
/** UPNs per `IN` list, well under the service's limits on parameters and query length. */
const UPNS_PER_QUERY = 100;
/** Directory look-ups run a few queries at once; each already fans out across partitions. */
const QUERIES_IN_FLIGHT = 4;

function toDocument(user: DirectoryUser): UserDocument {
  const upn = user.upn.toLowerCase();
  const value = parseForWrite(DirectoryUserSchema, { ...user, upn }, `directory user ${upn}`);
  return { ...value, id: documentId('user', upn), pk: upn, type: 'user' };
}

export function createCosmosUserRepository(container: Container, settings: WriteSettings): UserRepository {
  const source = (id: string): { container: string; id: string } => ({ container: container.id, id });

  const fromDocument = (document: unknown): Versioned<DirectoryUser> => {
    const id = rawDocumentId(document);
    const record = asRecord(document, source(id));
    const value = parseStored(DirectoryUserSchema, stripSystemProperties(record, ['id']), source(id));
    return { value, etag: storedEtag(record, source(id)) };
  };

  /** Stored users among `upns` (lower-case), by UPN, with their ETags. */
  const readMany = async (upns: readonly string[]): Promise<Map<string, Versioned<DirectoryUser>>> => {
    const found = new Map<string, Versioned<DirectoryUser>>();
    const slices: string[][] = [];
    for (let start = 0; start < upns.length; start += UPNS_PER_QUERY) slices.push(upns.slice(start, start + UPNS_PER_QUERY));
    await forEachLimited(slices, QUERIES_IN_FLIGHT, async (slice) => {
      const names = slice.map((_, i) => `@p${i}`);
      // `c.pk IN (...)` lets Azure route the query to the owning partitions only.
      const documents = await queryDocuments(
        container,
        {
          query: `SELECT * FROM c WHERE c.pk IN (${names.join(', ')}) AND c.type = @type`,
          parameters: [{ name: '@type', value: 'user' }, ...slice.map((upn, i) => ({ name: names[i], value: upn }))],
        },
        { action: 'read users' },
      );
      for (const document of documents) {
        const versioned = fromDocument(document);
        found.set(versioned.value.upn, versioned);
      }
    });
    return found;
  };

  return {
    async upsertMany(users) {
      const documents = users.map(toDocument);
      const stored = await readMany([...new Set(documents.map((d) => d.pk))]);
      // Counted as if applied one after another, so a UPN repeated within the call is compared
      // with its previous occurrence, not only with what was stored.
      const current = new Map<string, string>();
      for (const [upn, versioned] of stored) current.set(upn, canonicalJson(versioned.value));
      const latest = new Map<string, UserDocument>();
      let created = 0;
      let updated = 0;
      let unchanged = 0;
      for (const document of documents) {
        const content = canonicalJson(stripSystemProperties({ ...document }, ['id']));
        const previous = current.get(document.pk);
        if (previous === undefined) created++;
        else if (previous !== content) updated++;
        else unchanged++;
        current.set(document.pk, content);
        latest.set(document.pk, document);
      }
      const changed = [...latest.values()].filter((document) => {
        const before = stored.get(document.pk);
        return before === undefined || canonicalJson(before.value) !== current.get(document.pk);
      });
      // Unconditional upserts: the directory source is the authority over our copy.
      await writeAll(
        container,
        changed.map((document) => ({ kind: 'upsert', document })),
        settings,
        'upsert users',
      );
      return { created, updated, unchanged };
    },

    async get(upn) {
      const key = upn.toLowerCase();
      const id = documentId('user', key);
      try {
        const response = await container.item(id, key).read();
        if (response.statusCode === 404 || response.resource === undefined) return undefined;
        return fromDocument(response.resource);
      } catch (error) {
        if (cosmosStatus(error) === 404) return undefined;
        throw translateCosmosError(error, { action: 'read user', container: container.id, id });
      }
    },

    async getMany(upns) {
      const keys = [...new Set(upns.map((upn) => upn.toLowerCase()))];
      const stored = await readMany(keys);
      const result = new Map<string, DirectoryUser>();
      for (const key of keys) {
        const found = stored.get(key);
        if (found) result.set(key, found.value);
      }
      return result;
    },

    async replace(user, etag) {
      const document = toDocument(user);
      try {
        const response = await container
          .item(document.id, document.pk)
          .replace<UserDocument>(document, { accessCondition: { type: 'IfMatch', condition: etag } });
        return fromDocument(response.resource);
      } catch (error) {
        throw translateCosmosError(error, { action: 'replace user', container: container.id, id: document.id });
      }
    },

    async list(options = {}) {
      const limit = topOf(options.limit ?? DEFAULT_LIST_LIMIT);
      if (limit === 0) return [];
      const after = options.after;
      const documents = await queryDocuments(
        container,
        {
          query: `SELECT TOP @limit * FROM c WHERE c.type = @type${after === undefined ? '' : ' AND c.upn > @after'} ORDER BY c.upn`,
          parameters: [
            { name: '@limit', value: limit },
            { name: '@type', value: 'user' },
            ...(after === undefined ? [] : [{ name: '@after', value: after }]),
          ],
        },
        { action: 'list users', limit },
      );
      return documents.map((document) => fromDocument(document).value);
    },

    async count() {
      return queryCount(
        container,
        { query: 'SELECT VALUE COUNT(1) FROM c WHERE c.type = @type', parameters: [{ name: '@type', value: 'user' }] },
        { action: 'count users' },
      );
    },
  };
}
