import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Server } from 'restify';
import { createHttpServer } from '../../bot/server';
import { systemClock } from '../../core/ports/clock';
import type { Store } from '../../core/ports/store';
import { registerIngestRoutes } from '../../infra/connectors/http/ingest.routes';
import { createSqliteStore } from '../../infra/sqlite/sqlite-store';
import { generateAuditRecords } from '../support/synthetic/audit-records';

const KEY = 'k'.repeat(40);
const auth = { authorization: `Bearer ${KEY}` };

describe('signal ingestion HTTP API', () => {
  let dir: string;
  let store: Store;
  let server: Server;
  let base: string;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'irm-http-'));
    store = await createSqliteStore({ path: path.join(dir, 'irm.db') });
    server = createHttpServer();
    registerIngestRoutes(server, {
      store,
      clock: systemClock,
      internalDomains: ['contoso.com'],
      ingestKey: KEY,
      maxUploadBytes: 8 * 1024 * 1024,
    });
    await new Promise<void>((resolve) => {
      server.listen(0, '127.0.0.1', () => resolve());
    });
    base = `http://127.0.0.1:${server.address().port}`;
    const users = 'userPrincipalName,displayName,department\nada@contoso.com,Ada Lovelace,Engineering\nbob@contoso.com,Bob Smith,Sales\n';
    const res = await fetch(`${base}/api/signals/directory`, { method: 'POST', headers: { ...auth, 'content-type': 'text/csv' }, body: users });
    expect(res.status).toBe(200);
  });

  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('answers 401 without a bearer key and with a wrong one, and stores nothing', async () => {
    const body = JSON.stringify([...generateAuditRecords(3, { users: ['ada@contoso.com'] })]);
    const none = await fetch(`${base}/api/signals/audit`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toBe('Bearer');
    expect(await none.json()).toEqual({ error: { code: 'unauthenticated', message: 'missing bearer token: send Authorization: Bearer <ingestion key>' } });
    const wrong = await fetch(`${base}/api/signals/audit`, { method: 'POST', headers: { authorization: 'Bearer nope', 'content-type': 'application/json' }, body });
    expect(wrong.status).toBe(401);
    expect(await store.transaction((tx) => tx.activities.count('ada@contoso.com'))).toBe(0);
  });

  it('takes HR CSV as the multipart field file, like the connector upload script, and reports per row', async () => {
    const csv =
      'EmailAddress,ResignationDate,LastWorkingDate\r\n' +
      'ada@contoso.com,2026-03-01T09:00:00Z,2026-03-20\r\n' +
      'bob@contoso.com,not-a-date,2026-03-20\r\n' +
      'eve@contoso.com,2026-03-01,2026-03-20\r\n';
    const form = new FormData();
    form.append('file', new Blob([csv], { type: 'text/csv' }), 'resignations.csv');
    const res = await fetch(`${base}/api/signals?jobid=1f2e3d4c`, { method: 'POST', headers: auth, body: form });
    expect(res.status).toBe(200);
    const report = (await res.json()) as { accepted: number; duplicates: number; rejected: { row: number; field: string; reason: string }[] };
    expect(report.accepted).toBe(1);
    expect(report.rejected.map((r) => [r.row, r.field])).toEqual([
      [3, 'ResignationDate'],
      [4, 'EmailAddress'],
    ]);
    const again = await fetch(`${base}/api/signals?jobid=1f2e3d4c`, { method: 'POST', headers: auth, body: form });
    expect(((await again.json()) as { accepted: number; duplicates: number })).toMatchObject({ accepted: 0, duplicates: 1 });
  });

  it('requires the jobid query parameter for HR uploads', async () => {
    const res = await fetch(`${base}/api/signals`, { method: 'POST', headers: { ...auth, 'content-type': 'text/csv' }, body: 'EmailAddress,ResignationDate,LastWorkingDate\n' });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { message: string } }).error.message).toBe('the jobid query parameter is required (the HR connector job id)');
  });

  it('rejects an HR file missing a mandatory column as a whole, naming the column', async () => {
    const res = await fetch(`${base}/api/signals?jobid=j1`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'text/csv' },
      body: 'EmailAddress,LastWorkingDate\nada@contoso.com,2026-03-20\n',
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/ResignationDate/);
  });

  it('answers 413 for more than 50,000 badging records in one request', async () => {
    const record = { UserId: 'ada@contoso.com', AssetId: 'A1', EventTime: '2026-03-01T00:00:00', AccessStatus: 'Success' };
    const body = JSON.stringify(Array.from({ length: 50_001 }, () => record));
    const big = await fetch(`${base}/api/signals/physicalbadging`, { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body });
    expect(big.status).toBe(413);
    expect(((await big.json()) as { error: { message: string } }).error.message).toMatch(/50,?001.*50,?000|50,?000.*50,?001/);
    expect(await store.transaction((tx) => tx.activities.count('ada@contoso.com'))).toBe(1);
  });

  it('stores badging records and treats a re-post as duplicates', async () => {
    const body = JSON.stringify([
      { UserId: 'bob@contoso.com', AssetId: 'Mid-Sec-7', AssetName: 'Main Building 1st Floor Mid Section', EventTime: '2026-03-04T01:57:49', AccessStatus: 'Failed' },
    ]);
    const first = await fetch(`${base}/api/signals/physicalbadging`, { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body });
    expect(await first.json()).toMatchObject({ accepted: 1, duplicates: 0, rejected: [] });
    const second = await fetch(`${base}/api/signals/physicalbadging`, { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body });
    expect(await second.json()).toMatchObject({ accepted: 0, duplicates: 1 });
  });

  it('ingests audit records as JSON and NDJSON and counts unscored operations by name', async () => {
    const records = [...generateAuditRecords(20, { seed: 3, users: ['bob@contoso.com'] })];
    records.push({ ...records[0], Id: 'a6c1a3f4-0000-4000-a000-000000000001', Operation: 'UserLoggedIn', RecordType: 15, Workload: 'AzureActiveDirectory' });
    const res = await fetch(`${base}/api/signals/audit`, { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: JSON.stringify(records) });
    const report = (await res.json()) as { records: number; accepted: number; unscoredOperations: Record<string, number> };
    expect(res.status).toBe(200);
    expect(report.records).toBe(21);
    expect(report.unscoredOperations.UserLoggedIn).toBe(1);
    const ndjson = records.map((r) => JSON.stringify(r)).join('\n');
    const again = await fetch(`${base}/api/signals/audit`, { method: 'POST', headers: { ...auth, 'content-type': 'application/x-ndjson' }, body: ndjson });
    expect(await again.json()).toMatchObject({ format: 'audit-ndjson', accepted: 0, duplicates: report.accepted });
  });

  it('refuses a body over the configured upload limit with 413', async () => {
    const res = await fetch(`${base}/api/signals/audit`, { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: 'x'.repeat(9 * 1024 * 1024) });
    expect(res.status).toBe(413);
  });

  it('refuses a file of the wrong kind on an endpoint, naming both kinds', async () => {
    const res = await fetch(`${base}/api/signals/alerts`, { method: 'POST', headers: { ...auth, 'content-type': 'text/csv' }, body: 'userPrincipalName,displayName\nx@contoso.com,X\n' });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { message: string } }).error.message).toBe(
      'alerts request: this entry point accepts dlp-alerts-json or defender-alerts-json, but the content is directory-csv',
    );
  });
});
