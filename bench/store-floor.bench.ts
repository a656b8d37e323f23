// The floor under the ingestion figure: what storing alone costs. The same synthetic audit
// records as bench:ingest are normalized up front; then only the durable store is timed —
// insertMany in slices of 100 inside units of work of 25,000, as the import does (id and user
// hashing, JSON.stringify of each activity, the SQLite inserts, the commits) — and, beside it,
// JSON.parse of each record's text and JSON.stringify of each activity on their own; and, under
// that, bare better-sqlite3 tables with less and less of what the store needs (no id key; no
// user/time index either): the cost of durable rows as such, stringify included.
// Usage: npm run bench:store [-- N]     (default N = 200000)
import Database from 'better-sqlite3';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Activity } from '../core/ingest/activity';
import { normalizeAuditRecord } from '../core/ingest/audit/audit.normalizer';
import { generateAuditRecords } from '../test/support/synthetic/audit-records';
import { runBench, settleHeap, withBenchStore } from './support/bench-run';

const UNIT = 25_000;
const SLICE = 100;

/** Bare tables: what each inserts, beyond the store's own (id key + user/time index + body). */
const BARE: readonly { readonly name: string; readonly ddl: string; readonly insert: string; readonly row: (a: Activity, body: string) => unknown[] }[] = [
  { name: 'body only (rowid)', ddl: 'CREATE TABLE a (body TEXT NOT NULL)', insert: 'INSERT INTO a (body) VALUES (?)', row: (_a, body) => [body] },
  {
    name: '+ user/time index',
    ddl: 'CREATE TABLE a (user TEXT NOT NULL, t INTEGER NOT NULL, body TEXT NOT NULL); CREATE INDEX a_user ON a (user, t)',
    insert: 'INSERT INTO a (user, t, body) VALUES (?, ?, ?)',
    row: (a, body) => [a.userId, Date.parse(a.time), body],
  },
];

function bareInsert(activities: readonly Activity[], table: (typeof BARE)[number]): number {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'irm-store-floor-bare-'));
  const db = new Database(path.join(dir, 'bare.db'));
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.exec(table.ddl);
    const insert = db.prepare(table.insert);
    settleHeap();
    const start = process.hrtime.bigint();
    for (let i = 0; i < activities.length; i += UNIT) {
      db.transaction(() => {
        for (let j = i; j < Math.min(i + UNIT, activities.length); j++) insert.run(...table.row(activities[j], JSON.stringify(activities[j])));
      })();
    }
    return microsPer(activities.length, start);
  } finally {
    db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function microsPer(count: number, t0: bigint): number {
  return Number(process.hrtime.bigint() - t0) / 1e3 / count;
}

async function main(): Promise<void> {
  const n = Number(process.argv[2] ?? 200_000);
  const records = [...generateAuditRecords(n, { seed: 7 })];
  const context = { internalDomains: new Set(['contoso.com']) };
  const activities: Activity[] = [];
  records.forEach((record, i) => {
    const outcome = normalizeAuditRecord(record, i + 1, context);
    if (outcome.type === 'activity') activities.push(outcome.activity);
  });
  const texts = records.map((r) => JSON.stringify(r));
  records.length = 0;

  let parse = Infinity;
  let stringify = Infinity;
  let store = Infinity;
  const bare = BARE.map(() => Infinity);
  for (let run = 0; run < 3; run++) {
    settleHeap();
    let t0 = process.hrtime.bigint();
    for (const text of texts) JSON.parse(text);
    parse = Math.min(parse, microsPer(texts.length, t0));
    t0 = process.hrtime.bigint();
    for (const a of activities) JSON.stringify(a);
    stringify = Math.min(stringify, microsPer(activities.length, t0));
    await withBenchStore('store-floor', async (s) => {
      settleHeap();
      const start = process.hrtime.bigint();
      for (let i = 0; i < activities.length; i += UNIT) {
        await s.transaction(async (tx) => {
          for (let j = i; j < Math.min(i + UNIT, activities.length); j += SLICE) await tx.activities.insertMany(activities.slice(j, Math.min(j + SLICE, i + UNIT)));
        });
      }
      store = Math.min(store, microsPer(activities.length, start));
    });
    BARE.forEach((table, i) => (bare[i] = Math.min(bare[i], bareInsert(activities, table))));
  }
  const budget = (n / 150_000 / activities.length) * 1e6;
  console.log(`records:                 ${n.toLocaleString('en-US')} (${activities.length.toLocaleString('en-US')} activities stored)`);
  console.log(`JSON.parse of a record:  ${parse.toFixed(2)} µs (best of 3)`);
  console.log(`JSON.stringify of one:   ${stringify.toFixed(2)} µs`);
  console.log(`storing (SQLite, WAL):   ${store.toFixed(2)} µs per activity, ${Math.round(1e6 / store).toLocaleString('en-US')} activities/s`);
  BARE.forEach((table, i) => console.log(`  bare table, ${table.name}:${' '.repeat(Math.max(1, 20 - table.name.length))}${bare[i].toFixed(2)} µs (stringify included)`));
  console.log(`150,000 records/s allows ${budget.toFixed(2)} µs per stored activity for everything`);
}

runBench(main);
