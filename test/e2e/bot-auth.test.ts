import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startApp, type RunningApp } from '../../bot/main';
import { loadConfig } from '../../infra/config';
import { httpPost } from '../support/http-post';
import { personalMessage, person } from '../support/teams-activities';

describe('/api/messages with a bot app id configured', () => {
  let app: RunningApp;
  let dir: string;
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'irm-bot-auth-'));
    const config = loadConfig({
      PORT: '0',
      IRM_DATA_DIR: dir,
      IRM_INTERNAL_DOMAINS: 'contoso.com',
      MicrosoftAppId: '5f3e2a1b-9c8d-4e7f-a6b5-0c1d2e3f4a5b',
      MicrosoftAppPassword: 'not-a-real-secret-for-tests-only',
    });
    app = await startApp(config, { log: () => undefined });
  });
  afterAll(async () => {
    await app.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('refuses an activity without a Bot Framework token (401) and runs nothing', async () => {
    const activity = personalMessage('https://smba.trafficmanager.net/teams/', person(9, 'Eve Outsider'), 'roles add irm 6f1a2b3c-4d5e-4f60-8a7b-000000000009');
    const response = await httpPost(`${app.url}/api/messages`, { 'content-type': 'application/json' }, JSON.stringify(activity));
    expect(response.status).toBe(401);
    const forged = await httpPost(`${app.url}/api/messages`, { 'content-type': 'application/json', authorization: 'Bearer eyJhbGciOiJub25lIn0.eyJhdWQiOiJ4In0.' }, JSON.stringify(activity));
    expect(forged.status).toBe(401);
  });
});
