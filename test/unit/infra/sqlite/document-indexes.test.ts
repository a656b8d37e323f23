import Database from 'better-sqlite3';
import { z } from 'zod';
import { ValidationError } from '../../../../core/errors';
import type { CollectionDefinition } from '../../../../core/ports/document-collection';
import { createSqliteStore } from '../../../../infra/sqlite/sqlite-store';
import { useTempDir } from '../../../support/temp-dir';

const DaySchema = z.object({ userId: z.string(), day: z.string(), n: z.number() });
type Day = z.infer<typeof DaySchema>;
const days: CollectionDefinition<Day> = { name: 'test-days', schema: DaySchema, indexed: ['day', 'n'], idField: 'day' };
const nested: CollectionDefinition<Day> = { name: 'test-days.archive', schema: DaySchema, indexed: ['n'] };

function indexesOf(file: string): string[] {
  const db = new Database(file, { readonly: true });
  try {
    return db.prepare<[], string>("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'documents' AND sql IS NOT NULL ORDER BY name").pluck().all();
  } finally {
    db.close();
  }
}

describe('SQLite document indexes', () => {
  const temp = useTempDir('irm-doc-indexes');
  let file: string;
  beforeEach(() => {
    file = temp.file('irm.db');
  });

  it('answers a range on the id field from the primary key, in order, with no index of its own', async () => {
    const store = await createSqliteStore({ path: file });
    try {
      await store.transaction(async (tx) => {
        const docs = tx.documents(days);
        for (const day of ['2026-03-03', '2026-03-01', '2026-03-02', '2026-03-04']) await docs.upsert('ann', day, { userId: 'ann', day, n: 1 });
        await docs.upsert('bob', '2026-03-02', { userId: 'bob', day: '2026-03-02', n: 2 });
      });
      const asc = await store.transaction((tx) => tx.documents(days).query({ partition: 'ann', range: { field: 'day', from: '2026-03-02', to: '2026-03-04' }, orderBy: { field: 'day' } }));
      expect(asc.map((d) => d.value.day)).toEqual(['2026-03-02', '2026-03-03']);
      const desc = await store.transaction((tx) => tx.documents(days).query({ range: { field: 'day', from: '2026-03-02' }, orderBy: { field: 'day', direction: 'desc' } }));
      expect(desc.map((d) => `${d.value.userId} ${d.value.day}`)).toEqual(['ann 2026-03-04', 'ann 2026-03-03', 'ann 2026-03-02', 'bob 2026-03-02']);
      const equal = await store.transaction((tx) => tx.documents(days).query({ where: { day: '2026-03-02' } }));
      expect(equal.map((d) => d.value.userId)).toEqual(['ann', 'bob']);
    } finally {
      await store.close();
    }
    expect(indexesOf(file)).toEqual(['documents.test-days.n']);
  });

  it('makes the indexes again after the unit of work that first made them rolled back', async () => {
    const store = await createSqliteStore({ path: file });
    try {
      const failed = store.transaction(async (tx) => {
        const docs = tx.documents(nested);
        await docs.upsert('ann', 'a', { userId: 'ann', day: '2026-03-01', n: 1 });
        await docs.upsert('ann', 'b', { userId: 'ann', day: '2026-03-02', n: 2 });
        throw new Error('abandoned');
      });
      await expect(failed).rejects.toThrow('abandoned');
      await store.transaction((tx) => tx.documents(nested).upsert('ann', 'c', { userId: 'ann', day: '2026-03-03', n: 3 }));
      const found = await store.transaction((tx) => tx.documents(nested).query({ where: { n: 3 } }));
      expect(found.map((d) => d.value.day)).toEqual(['2026-03-03']);
    } finally {
      await store.close();
    }
    expect(indexesOf(file)).toEqual(['documents.test-days.archive.n']);
  });

  it('refuses a document whose id field differs from its id, and stores nothing', async () => {
    const store = await createSqliteStore({ path: file });
    try {
      const error: unknown = await store
        .transaction((tx) => tx.documents(days).upsert('ann', '2026-03-01', { userId: 'ann', day: '2026-03-02', n: 1 }))
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).message).toBe(`test-days 2026-03-01: day must equal the document id '2026-03-01', got "2026-03-02"`);
      expect(await store.transaction((tx) => tx.documents(days).count())).toBe(0);
    } finally {
      await store.close();
    }
  });

  it('drops an index the collection no longer declares, and leaves other collections alone', async () => {
    const first = await createSqliteStore({ path: file });
    await first.transaction((tx) => tx.documents(nested).count());
    await first.close();
    // What an older build made for the id field: a json_extract index, costly on every write.
    const db = new Database(file);
    db.exec(`CREATE INDEX "documents.test-days.day" ON documents (json_extract(body, '$.day'), id, partition) WHERE collection = 'test-days'`);
    db.close();
    expect(indexesOf(file)).toEqual(['documents.test-days.archive.n', 'documents.test-days.day']);

    const second = await createSqliteStore({ path: file });
    try {
      await second.transaction((tx) => tx.documents(days).count());
    } finally {
      await second.close();
    }
    expect(indexesOf(file)).toEqual(['documents.test-days.archive.n', 'documents.test-days.n']);
  });
});
