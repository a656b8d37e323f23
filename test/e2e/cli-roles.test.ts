import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { irm } from '../support/cli/run-irm';

const FIRST = '0c2b7d4e-3f85-4a16-9e27-b1d8c5a9f360';
const SECOND = '7e1c4a9b-0d36-4f2e-8b5a-c6d9e0f13a27';

describe('irm roles', () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'irm-roles-'));
  });
  afterAll(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('makes the first administrator from the command line, audited, and keeps at least one', async () => {
    const db = path.join(dir, 'roles.db');
    expect((await irm(db, 'roles', 'add', 'irm', FIRST)).stdout).toContain(`added ${FIRST} to irm`);
    expect((await irm(db, 'roles', 'add', 'irm', FIRST)).stdout).toContain('already in irm; nothing changed');
    const refused = await irm(db, 'roles', 'remove', 'irm', FIRST);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain('at least one member of irm or admins must remain');
    expect((await irm(db, 'roles', 'add', 'admins', SECOND)).code).toBe(0);
    expect((await irm(db, 'roles', 'remove', 'irm', FIRST)).stdout).toContain(`removed ${FIRST} from irm`);
    const listed = await irm(db, 'roles', 'list');
    expect(listed.stdout).toContain(SECOND);
    expect(listed.stdout).not.toContain(FIRST);
    const bad = await irm(db, 'roles', 'add', 'analyst', SECOND);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('did you mean analysts?');
    const audit = await irm(db, 'audit', 'list', '--json');
    expect((JSON.parse(audit.stdout) as { activity: string }[]).map((e) => e.activity)).toEqual(['Removed role member', 'Added role member', 'Added role member']);
    expect((await irm(db, 'audit', 'verify')).code).toBe(0);
  }, 60_000);
});
