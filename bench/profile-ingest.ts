// Profiles one import of N synthetic audit records (the bench:ingest full path), and only that:
// the CPU profile starts after the records are generated and the store opened, so its figures
// are the measured path's own. Writes a .cpuprofile (open it in Chrome DevTools or speedscope).
// Usage: npm run bench:profile -- [N] [out.cpuprofile]     (BENCH_SCORING=1 to score as well)
import fs from 'node:fs';
import inspector from 'node:inspector';
import os from 'node:os';
import path from 'node:path';
import { systemClock } from '../core/ports/clock';
import { prepareScoring } from '../core/scoring/engine/prepare-scoring';
import { ingestText } from '../infra/connectors/ingest-text';
import { generateAuditRecords } from '../test/support/synthetic/audit-records';
import { runBench, withBenchStore } from './support/bench-run';

function post<T>(session: inspector.Session, method: string): Promise<T> {
  return new Promise((resolve, reject) => {
    session.post(method, (error: Error | null, result?: object) => (error ? reject(error) : resolve(result as T)));
  });
}

async function main(): Promise<void> {
  const n = Number(process.argv[2] ?? 100_000);
  const out = process.argv[3] ?? path.join(os.tmpdir(), `irm-ingest-${Date.now()}.cpuprofile`);
  const bytes = Buffer.from(JSON.stringify([...generateAuditRecords(n, { seed: 7 })]), 'utf8');
  const scoring = process.env.BENCH_SCORING === '1';
  await withBenchStore('profile', async (store) => {
    if (scoring) await prepareScoring(store, new Date('2026-03-01T00:00:00Z'));
    const session = new inspector.Session();
    session.connect();
    await post(session, 'Profiler.enable');
    await post(session, 'Profiler.start');
    const t0 = process.hrtime.bigint();
    await ingestText({ store, clock: systemClock, internalDomains: ['contoso.com'], scoring }, { bytes, file: 'profile.json', format: 'audit-json' });
    const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
    const { profile } = await post<{ profile: object }>(session, 'Profiler.stop');
    session.disconnect();
    fs.writeFileSync(out, JSON.stringify(profile));
    console.log(`${n.toLocaleString('en-US')} records${scoring ? ' with scoring' : ''} in ${seconds.toFixed(2)} s (${Math.round(n / seconds).toLocaleString('en-US')} records/s, profiler on)`);
    console.log(`profile: ${out}`);
  });
}

runBench(main);
