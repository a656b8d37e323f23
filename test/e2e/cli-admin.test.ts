import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { irm } from '../support/cli/run-irm';

// The admin commands as an operator runs them: the real CLI in a child process against a fresh
// SQLite file. Each start costs a second or two, so one store is shared by the steps in order.


describe('irm settings, policy and alerts commands', () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'irm-admin-'));
  });
  afterAll(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('changes settings within range, lists the default policies and creates a policy from a file', async () => {
    const db = path.join(dir, 'admin.db');

    const outOfRange = await irm(db, 'settings', 'set', 'timeframes.activationWindowDays', '45');
    expect(outOfRange.code).toBe(1);
    expect(outOfRange.stderr).toContain('timeframes.activationWindowDays must be a whole number from 1 to 30; got 45');

    const set = await irm(db, 'settings', 'set', 'timeframes.activationWindowDays', '14');
    expect({ code: set.code, stderr: set.stderr }).toEqual({ code: 0, stderr: '' });
    expect(set.stdout.trim()).toBe('timeframes.activationWindowDays: 30 → 14');

    const show = await irm(db, 'settings', 'show');
    expect(show.code).toBe(0);
    const row = show.stdout.split('\n').find((line) => line.startsWith('timeframes.activationWindowDays '));
    expect(row?.split(/\s{2,}/)).toEqual(['timeframes.activationWindowDays', '14', 'whole number from 1 to 30', '30']);

    const list = await irm(db, 'policy', 'list', '--json');
    expect(list.code).toBe(0);
    const policies = JSON.parse(list.stdout) as { name: string; template: string; enabled: boolean; health: { status: string } }[];
    expect(policies.map((p) => p.name).sort()).toEqual(['Data leaks', 'Data leaks (exfiltration activity)', 'Data leaks by risky users', 'Data theft by departing users', 'Security policy violations']);
    expect(policies.every((p) => p.enabled && ['healthy', 'recommendations', 'warnings'].includes(p.health.status))).toBe(true);

    const good = path.join(dir, 'good.json');
    fs.writeFileSync(good, JSON.stringify({ name: 'Leaks to competitors', template: 'LeakOfInformation', indicators: ['SpoDownload', 'CopyToUSB'], trigger: { type: 'dlp-alert', dlpPolicy: 'Competitors' } }));
    const created = await irm(db, 'policy', 'create', '--file', good);
    expect({ code: created.code, stderr: created.stderr }).toEqual({ code: 0, stderr: '' });
    expect(created.stdout).toContain('created policy Leaks to competitors (id leaks-to-competitors');

    const bad = path.join(dir, 'bad.json');
    fs.writeFileSync(bad, JSON.stringify({ name: 'Leaks to competitors', template: 'LeakOfInformation', indicators: ['SpoDownlod'] }));
    const refused = await irm(db, 'policy', 'create', '--file', bad);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/^ {2}name: a policy named "Leaks to competitors" already exists/m);
    expect(refused.stderr).toMatch(/^ {2}indicators\[0\]: unknown indicator "SpoDownlod"; did you mean "SpoDownload"\?/m);
  }, 90_000);

  it('prints no alerts on an empty store, as a table and as JSON', async () => {
    const db = path.join(dir, 'alerts.db');
    // Separate stores, so the two runs can start at the same time.
    const [table, json] = await Promise.all([irm(db, 'alerts'), irm(path.join(dir, 'alerts-json.db'), 'alerts', '--json')]);
    expect({ code: table.code, stderr: table.stderr }).toEqual({ code: 0, stderr: '' });
    expect(table.stdout.trim().split('\n').at(-1)).toBe('(none)');
    expect({ code: json.code, stderr: json.stderr }).toEqual({ code: 0, stderr: '' });
    expect(JSON.parse(json.stdout)).toEqual([]);
  }, 60_000);
});
