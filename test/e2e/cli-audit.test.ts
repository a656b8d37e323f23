import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { irm } from '../support/cli/run-irm';

// `irm audit` as an operator runs it: the real CLI in a child process against a fresh SQLite file,
// the audited admin commands writing the entries, and a tamperer editing the file directly.


describe('irm audit', () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'irm-audit-e2e-'));
  });
  afterAll(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('records admin changes, verifies the chain, exports it, and reports a tampered entry as broken', async () => {
    const db = path.join(dir, 'audit.db');

    const set = await irm(db, 'settings', 'set', 'timeframes.activationWindowDays', '14');
    expect({ code: set.code, stderr: set.stderr }).toEqual({ code: 0, stderr: '' });
    // The same value again is no change, and no entry.
    expect((await irm(db, 'settings', 'set', 'timeframes.activationWindowDays', '14')).stdout).toContain('(unchanged)');
    const policyFile = path.join(dir, 'policy.json');
    fs.writeFileSync(policyFile, JSON.stringify({ name: 'Leaks to competitors', template: 'LeakOfInformation', indicators: ['SpoDownload'] }));
    expect((await irm(db, 'policy', 'create', '--file', policyFile)).code).toBe(0);

    const intact = await irm(db, 'audit', 'verify');
    expect({ code: intact.code, stderr: intact.stderr }).toEqual({ code: 0, stderr: '' });
    expect(intact.stdout.split('\n')[0]).toBe('audit log intact: 2 entries (sequence 1–2)');
    expect(intact.stdout.split('\n')[1]).toMatch(/^last hash: [0-9a-f]{64}$/);

    const list = await irm(db, 'audit', 'list', '--json');
    expect(list.code).toBe(0);
    const entries = JSON.parse(list.stdout) as { sequence: number; category: string; activity: string; actor: { id: string }; target: string; details: Record<string, unknown> }[];
    expect(entries.map((e) => [e.sequence, e.category, e.activity, e.target])).toEqual([
      [2, 'Policies', 'Created policy', 'leaks-to-competitors'],
      [1, 'Settings', 'Edited settings', 'timeframes.activationWindowDays'],
    ]);
    expect(entries[1].details).toEqual({ setting: 'timeframes.activationWindowDays', operation: 'set', before: 30, after: 14 });
    expect(entries.every((e) => e.actor.id.startsWith('cli:'))).toBe(true);

    const table = await irm(db, 'audit', 'list', '--category', 'policies');
    expect(table.code).toBe(0);
    expect(table.stdout.split('\n').filter((line) => line.includes('Created policy'))).toHaveLength(1);
    expect(table.stdout).not.toContain('Edited settings');

    const typo = await irm(db, 'audit', 'list', '--category', 'Setings');
    expect(typo.code).toBe(2);
    expect(typo.stderr).toContain("--category must be one of Policies, Cases, Alerts, Settings, Users, Notice templates, Flows; got 'Setings' (did you mean Settings?)");

    const csvFile = path.join(dir, 'audit.csv');
    const exported = await irm(db, 'audit', 'export', '--out', csvFile);
    expect({ code: exported.code, stdout: exported.stdout.trim() }).toEqual({ code: 0, stdout: `exported 2 audit entries to ${csvFile}` });
    const lines = fs.readFileSync(csvFile, 'utf8').split('\r\n');
    expect(lines[0]).toBe('Date,Category,Activity,Activity performed by,Actor ID,Target,Details,Sequence,Previous hash,Hash');
    expect(lines.slice(1, 3).map((l) => l.split(',')[1])).toEqual(['Settings', 'Policies']);

    // A tamperer with access to the file rewrites the recorded new value.
    const raw = new Database(db);
    const changed = raw
      .prepare("UPDATE documents SET body = json_set(body, '$.details.after', 7) WHERE collection = 'audit' AND partition = 'audit' AND id = ?")
      .run('000000000001').changes;
    raw.close();
    expect(changed).toBe(1);

    const broken = await irm(db, 'audit', 'verify');
    expect(broken.code).toBe(1);
    expect(broken.stdout.trim()).toBe('audit log BROKEN at sequence 1: entry 1 was altered: its content no longer matches its hash');
  }, 120_000);
});
