import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { generateAuditRecords } from '../support/synthetic/audit-records';

// A real process, killed with SIGKILL in the middle of a file, then run again: every record must
// end up stored exactly once. This is the durability promise of chunked, idempotent ingestion.
const ROOT = path.resolve(__dirname, '../..');
const RECORDS = 120_000;

function runIngest(dbPath: string, file: string): ChildProcess {
  return spawn(process.execPath, ['-r', path.join(ROOT, 'test/support/register-ts.cjs'), path.join(ROOT, 'infra/cli/irm.ts'), 'ingest', file, '--json'], {
    cwd: ROOT,
    env: { ...process.env, IRM_SQLITE_PATH: dbPath, IRM_INTERNAL_DOMAINS: 'contoso.com' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

function countActivities(dbPath: string): number {
  if (!fs.existsSync(dbPath)) return 0;
  const db = new Database(dbPath, { readonly: true, fileMustExist: true });
  try {
    const hasTable = db.prepare("SELECT 1 FROM sqlite_master WHERE type='table' AND name='activities'").get();
    if (!hasTable) return 0;
    return (db.prepare('SELECT count(*) AS n FROM activities').get() as { n: number }).n;
  } catch {
    // The writer may hold the schema mid-migration; try again on the next poll.
    return 0;
  } finally {
    db.close();
  }
}

describe('ingestion killed mid-file', () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'irm-kill-'));
  });
  afterAll(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('stores every record exactly once after kill -9 and a second run', async () => {
    const file = path.join(dir, 'audit.json');
    fs.writeFileSync(file, JSON.stringify([...generateAuditRecords(RECORDS, { seed: 11 })]));
    const dbPath = path.join(dir, 'irm.db');

    const child = runIngest(dbPath, file);
    const exited = new Promise<NodeJS.Signals | number | null>((resolve) => child.on('exit', (code, signal) => resolve(signal ?? code)));
    let atKill = 0;
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline) {
      atKill = countActivities(dbPath);
      if (atKill > 0) break;
      await new Promise((r) => setTimeout(r, 5));
    }
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');
    const afterKill = countActivities(dbPath);
    expect(afterKill).toBeGreaterThan(0);
    // If this fails the machine outran the poll: the run finished before it could be killed.
    expect(afterKill).toBeLessThan(RECORDS);

    const rerun = runIngest(dbPath, file);
    let stdout = '';
    rerun.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    let stderr = '';
    rerun.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => rerun.on('exit', (c) => resolve(c)));
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    const report = JSON.parse(stdout) as { records: number; accepted: number; duplicates: number; unscoredOperations: Record<string, number> };
    const unscored = Object.values(report.unscoredOperations).reduce((a, b) => a + b, 0);
    expect(report.records).toBe(RECORDS);
    expect(report.duplicates).toBe(afterKill);
    expect(report.accepted + report.duplicates + unscored).toBe(RECORDS);

    const db = new Database(dbPath, { readonly: true });
    try {
      const { n, uniq } = db.prepare('SELECT count(*) AS n, count(DISTINCT id) AS uniq FROM activities').get() as { n: number; uniq: number };
      expect(n).toBe(report.accepted + report.duplicates);
      expect(uniq).toBe(n);
    } finally {
      db.close();
    }
  }, 120_000);
});
