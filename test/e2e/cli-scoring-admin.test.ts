import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { irm } from '../support/cli/run-irm';

// `irm policy scope`, `irm users --risk` and `irm maintenance run` as an operator runs them: the
// real CLI in a child process against one SQLite file, steps in order. The CLI runs on the wall
// clock, so the audit records are dated a few days before now.
const DAY_MS = 86_400_000;


/** SharePoint downloads by Ada, 60 a day: scored activity that triggers no default policy. */
function downloads(daysAgo: readonly number[]): object[] {
  return daysAgo.flatMap((ago) => {
    const day = new Date(Date.now() - ago * DAY_MS).toISOString().slice(0, 10);
    return Array.from({ length: 60 }, (_, i) => ({
      CreationTime: `${day}T09:${String(i).padStart(2, '0')}:00`,
      Id: randomUUID(),
      Operation: 'FileDownloaded',
      RecordType: 6,
      UserType: 0,
      Workload: 'SharePoint',
      UserId: 'ada@contoso.com',
      ObjectId: `https://contoso.sharepoint.com/sites/Finance/Shared Documents/report ${day} ${i}.xlsx`,
      SiteUrl: 'https://contoso.sharepoint.com/sites/Finance/',
      SourceFileName: `report ${day} ${i}.xlsx`,
      SourceFileExtension: 'xlsx',
    }));
  });
}

describe('irm policy scope, users --risk and maintenance run', () => {
  let dir: string;
  let db: string;
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'irm-scoring-admin-'));
    db = path.join(dir, 'irm.db');
    const users = path.join(dir, 'users.csv');
    fs.writeFileSync(
      users,
      [
        'userPrincipalName,displayName,department,jobTitle,manager',
        'lidia@contoso.com,Lidia Holloway,Finance,Finance Director,',
        'ada@contoso.com,Ada Lovelace,Finance,Analyst,lidia@contoso.com',
        'bob@contoso.com,Bob Kelly,Finance,Analyst,lidia@contoso.com',
      ].join('\n'),
    );
    const audit = path.join(dir, 'audit.json');
    fs.writeFileSync(audit, JSON.stringify(downloads([5, 4, 3])));
    const ingest = await irm(db, 'ingest', users, audit);
    expect({ code: ingest.code, stdout: ingest.stdout }).toEqual({ code: 0, stdout: expect.stringContaining('3 accepted') });
  }, 60_000);
  afterAll(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('refuses a request with problems, naming each, and applies nothing', async () => {
    const [days, unknown, usage] = await Promise.all([
      irm(db, 'policy', 'scope', '--policy', 'Data leaks', '--days', '4', '--reason', 'r', '--users', 'ada@contoso.com'),
      irm(db, 'policy', 'scope', '--policy', 'Data leaks', '--policy', 'Data leek', '--days', '7', '--reason', 'r', '--users', 'ada@contoso.com,zed@contoso.com'),
      irm(db, 'policy', 'scope', '--policy', 'Data leaks', '--reason', 'r', '--users', 'ada@contoso.com'),
    ]);
    expect(days.code).toBe(1);
    expect(days.stderr).toMatch(/^ {2}durationDays: must be a whole number from 5 to 30; got 4$/m);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/^ {2}policies\[1\]: no policy named "Data leek"; did you mean "Data leaks"\?$/m);
    expect(unknown.stderr).toMatch(/^ {2}users\[1\]: zed@contoso.com is not in the directory/m);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('policy scope needs --days N (5 to 30)');

    const risk = await irm(db, 'users', '--risk', '--json');
    const ada = (JSON.parse(risk.stdout) as { upn: string; risk: { level: string } }[]).find((u) => u.upn === 'ada@contoso.com');
    expect(ada?.risk.level).toBe('none');
  }, 60_000);

  it('scopes the users from a CSV, back-scores their past activity into an alert, and adds nothing the second time', async () => {
    const csv = path.join(dir, 'scope.csv');
    fs.writeFileSync(csv, 'user principal name\nada@contoso.com\nbob@contoso.com\n');
    const args = ['policy', 'scope', '--policy', 'Data leaks', '--days', '14', '--reason', "Manager's report", '--file', csv];
    const first = await irm(db, ...args);
    expect({ code: first.code, stderr: first.stderr }).toEqual({ code: 0, stderr: '' });
    expect(first.stdout).toMatch(/^ada@contoso\.com +Data leaks +\d{4}-/m);
    expect(first.stdout).toMatch(/^alert created: data-leaks:ada@contoso\.com:1 (Low|Medium|High) /m);

    const again = await irm(db, ...args, '--json');
    expect(again.code).toBe(0);
    expect(JSON.parse(again.stdout)).toEqual({
      scoped: [],
      unchanged: [
        { policyId: 'data-leaks', userId: 'ada@contoso.com' },
        { policyId: 'data-leaks', userId: 'bob@contoso.com' },
      ],
      alerts: [],
    });

    // Each user brought into the policy is in the audit log, once (the second request added nothing).
    const audit = JSON.parse((await irm(db, 'audit', 'list', '--category', 'Users', '--json')).stdout) as { activity: string; target: string }[];
    expect(audit.map((e) => `${e.activity} ${e.target}`).sort()).toEqual(['Added user to policy ada@contoso.com', 'Added user to policy bob@contoso.com']);

    const table = await irm(db, 'users', '--risk');
    expect(table.stdout.split('\n')[0]).toMatch(/Manager +Risk$/);
    expect(table.stdout).toMatch(/^ada@contoso\.com .*(minor|moderate|elevated) \(\d+\.\d\)$/m);
    expect(table.stdout).toMatch(/^bob@contoso\.com .* none$/m);
  }, 60_000);

  it('runs maintenance: recent alerts stay, directory facts are current', async () => {
    const run = await irm(db, 'maintenance', 'run', '--json');
    expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 0, stderr: '' });
    const report = JSON.parse(run.stdout) as { expired: unknown[]; keptForCases: number; directory: { users: number; changed: number; highImpact: number } };
    // The directory import already computed the facts; maintenance finds nothing to change.
    expect(report).toEqual({ expired: [], keptForCases: 0, directory: { users: 3, changed: 0, highImpact: 1 } });

    const alerts = await irm(db, 'alerts', '--json');
    expect((JSON.parse(alerts.stdout) as { id: string }[]).map((a) => a.id)).toEqual(['data-leaks:ada@contoso.com:1']);
  }, 60_000);
});
