// Streaming benchmark: the same day of audit records imported with scoring as one file of N, and
// as N / BATCH files imported one after the other into one store — as a subscription to the
// Office 365 Management Activity API delivers them, a content blob every few minutes. It prints
// the rate of each, and of the first and last eighth of the batches: a rate that falls as the
// day fills up is work per batch that grows with the day, not with the batch.
// Usage: npm run bench:stream [-- N BATCH]     (defaults 100000 2500)
import { systemClock } from '../core/ports/clock';
import { prepareScoring } from '../core/scoring/engine/prepare-scoring';
import { ingestText } from '../infra/connectors/ingest-text';
import { generateAuditRecords } from '../test/support/synthetic/audit-records';
import { runBench, settleHeap, withBenchStore } from './support/bench-run';

async function importAll(files: readonly Buffer[]): Promise<{ seconds: number; perBatch: number[] }> {
  return withBenchStore('stream', async (store) => {
    await prepareScoring(store, new Date('2026-03-01T00:00:00Z'));
    const deps = { store, clock: systemClock, internalDomains: ['contoso.com'] };
    settleHeap();
    const perBatch: number[] = [];
    const t0 = process.hrtime.bigint();
    for (const [i, bytes] of files.entries()) {
      const t = process.hrtime.bigint();
      const report = await ingestText(deps, { bytes, file: `blob-${i}.json`, format: 'audit-json' });
      if (report.rejected.length > 0) throw new Error(`blob ${i}: ${report.rejected.length} records rejected`);
      perBatch.push(Number(process.hrtime.bigint() - t) / 1e9);
    }
    return { seconds: Number(process.hrtime.bigint() - t0) / 1e9, perBatch };
  });
}

async function main(): Promise<void> {
  const n = Number(process.argv[2] ?? 100_000);
  const batch = Number(process.argv[3] ?? 2_500);
  const records = [...generateAuditRecords(n, { seed: 7 })];
  const whole = [Buffer.from(JSON.stringify(records), 'utf8')];
  const blobs: Buffer[] = [];
  for (let i = 0; i < n; i += batch) blobs.push(Buffer.from(JSON.stringify(records.slice(i, i + batch)), 'utf8'));
  records.length = 0;

  const rate = (count: number, s: number): string => `${Math.round(count / s).toLocaleString('en-US')} records/s`;
  const one = await importAll(whole);
  const many = await importAll(blobs);
  const eighth = Math.max(1, Math.floor(blobs.length / 8));
  const sum = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0);
  const first = many.perBatch.slice(0, eighth);
  const last = many.perBatch.slice(-eighth);
  console.log(`records:                 ${n.toLocaleString('en-US')} of 500 users over one day, with scoring (SQLite)`);
  console.log(`one file:                ${rate(n, one.seconds)} (${one.seconds.toFixed(2)} s)`);
  console.log(`${blobs.length} files of ${batch.toLocaleString('en-US')}:${' '.repeat(Math.max(1, 12 - String(blobs.length).length - String(batch).length))}${rate(n, many.seconds)} (${many.seconds.toFixed(2)} s)`);
  console.log(`  first ${eighth} files:         ${rate(first.length * batch, sum(first))}`);
  console.log(`  last ${eighth} files:          ${rate(last.length * batch, sum(last))}`);
}

runBench(main);
