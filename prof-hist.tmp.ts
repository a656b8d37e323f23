import fs from 'node:fs';
import inspector from 'node:inspector';
import os from 'node:os';
import path from 'node:path';
import { systemClock } from './core/ports/clock';
import { prepareScoring } from './core/scoring/engine/prepare-scoring';
import { ingestText } from './infra/connectors/ingest-text';
import { createSqliteStore } from './infra/sqlite/sqlite-store';
import { createOrganization } from './test/support/synthetic/organization/organization.generator';
async function main(): Promise<void> {
  const org = createOrganization({ seed: 7, users: Number(process.argv[2]), days: Number(process.argv[3]) });
  const files = [...org.files()];
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ph-'));
  const store = await createSqliteStore({ path: path.join(dir, 'irm.db') });
  await prepareScoring(store, new Date('2026-03-01T00:00:00Z'));
  const session = new inspector.Session(); session.connect();
  const post = (m: string) => new Promise<unknown>((res, rej) => session.post(m, (e: Error | null, r?: object) => (e ? rej(e) : res(r))));
  await post('Profiler.enable'); await post('Profiler.start');
  const t0 = Date.now(); let n = 0;
  for (const f of files) n += (await ingestText({ store, clock: systemClock, internalDomains: ['contoso.com'] }, { text: f.content, file: f.name, format: f.format })).records;
  const s = (Date.now() - t0) / 1000;
  const { profile } = (await post('Profiler.stop')) as { profile: object };
  fs.writeFileSync('/tmp/prof/hist.cpuprofile', JSON.stringify(profile));
  console.log(n, 'records', s, 's', Math.round(n / s), '/s');
  await store.close(); fs.rmSync(dir, { recursive: true, force: true });
}
void main();
