// Scoring benchmark on a synthetic organization's history: users × days streamed file by file
// through the real ingest path with scoring on, then resident memory and alerts are printed.
// Usage: npm run bench:history [-- USERS DAYS]   (default 2,000 users × 90 days; the issue's
// figure is 20,000 × 90, which takes a long time on a 2-core machine at current throughput)
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { alertsCollection } from '../core/persistence/collections';
import { systemClock } from '../core/ports/clock';
import { prepareScoring } from '../core/scoring/engine/prepare-scoring';
import { ingestText } from '../infra/connectors/ingest-text';
import { createSqliteStore } from '../infra/sqlite/sqlite-store';
import { createOrganization } from '../test/support/synthetic/organization/organization.generator';

async function main(): Promise<void> {
  const users = Number(process.argv[2] ?? 2000);
  const days = Number(process.argv[3] ?? 90);
  const org = createOrganization({ seed: 7, users, days });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'irm-history-'));
  const store = await createSqliteStore({ path: path.join(dir, 'irm.db') });
  let peakRss = 0;
  const sample = (): void => {
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
  };
  try {
    await prepareScoring(store, new Date('2026-03-01T00:00:00Z'));
    let records = 0;
    const t0 = process.hrtime.bigint();
    // The generator yields files in ingestion order (directory, HR, alerts, then day by day),
    // one at a time, so memory holds one day's file at most.
    for (const file of org.files()) {
      const report = await ingestText({ store, clock: systemClock, internalDomains: ['contoso.com'] }, { text: file.content, file: file.name, format: file.format });
      records += report.records;
      sample();
    }
    const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
    const alerts = await store.transaction((tx) => tx.documents(alertsCollection).count());
    const insiders = new Set(org.manifest.insiders.map((i) => i.upn));
    const alerted = new Set((await store.transaction((tx) => tx.documents(alertsCollection).query({ limit: 10_000 }))).map((d) => d.value.userId));
    console.log(`organization:        ${users.toLocaleString('en-US')} users × ${days} days, ${records.toLocaleString('en-US')} records`);
    console.log(`ingest + scoring:    ${Math.round(records / seconds).toLocaleString('en-US')} records/s (${seconds.toFixed(1)} s)`);
    console.log(`peak resident memory: ${Math.round(peakRss / 1024 / 1024)} MB (target < 512 MB for 20,000 × 90)`);
    console.log(`alerts:              ${alerts} (insiders alerted ${[...insiders].filter((u) => alerted.has(u)).length}/${insiders.size}, ordinary people alerted ${[...alerted].filter((u) => !insiders.has(u)).length})`);
  } finally {
    await store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
