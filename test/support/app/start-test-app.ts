import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startApp, type AppOverrides, type RunningApp } from '../../../bot/main';
import { loadConfig } from '../../../infra/config';
import { scaleLimits, TEAMS_APP_LIMITS, TEAMS_THREAD_LIMITS } from '../../../infra/teams/rate-limits';
import { httpPost } from '../http-post';
import { createWarpClock } from '../virtual-clock';
import { startFakeTeamsConnector, type FakeTeamsConnector, type FakeTeamsConnectorOptions } from '../fake-teams-connector';

export interface TestApp {
  readonly app: RunningApp;
  readonly teams: FakeTeamsConnector;
  readonly dataDir: string;
  readonly logs: string[];
  /** Stops the app (not the connector) and starts it again on the same data: a restart. */
  restart(): Promise<RunningApp>;
  close(): Promise<void>;
}

export interface TestAppOptions {
  readonly admins: readonly string[];
  /** Teams' time runs this many times faster in the fake and the sender alike. */
  readonly scale?: number;
  readonly connector?: Omit<FakeTeamsConnectorOptions, 'scale'>;
  readonly env?: Readonly<Record<string, string>>;
  /**
   * Real Teams limits on a warp clock shared by the sender and the fake (time jumps instead of
   * waiting) instead of scaled limits: an hour's window is reached however loaded the machine is.
   */
  readonly warp?: boolean;
  /** More of startApp's overrides (e.g. how Graph is reached). */
  readonly overrides?: AppOverrides;
}

/** The real server (CloudAdapter, restify, SQLite) on a free port, talking to a fake Teams connector. */
export async function startTestApp(options: TestAppOptions): Promise<TestApp> {
  const warp = options.warp === true ? createWarpClock() : undefined;
  const scale = warp === undefined ? (options.scale ?? 1000) : 1;
  const teams = await startFakeTeamsConnector({ scale, ...options.connector, ...(warp === undefined ? {} : { now: warp.now }) });
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'irm-bot-e2e-'));
  const logs: string[] = [];
  const config = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    IRM_DATA_DIR: dataDir,
    IRM_ADMINS: options.admins.join(','),
    IRM_INTERNAL_DOMAINS: 'contoso.com',
    IRM_OUTBOX_POLL_MS: '50',
    ...options.env,
  });
  const overrides = {
    threadLimits: scaleLimits(TEAMS_THREAD_LIMITS, scale),
    appLimits: scaleLimits(TEAMS_APP_LIMITS, scale),
    backoff: { baseMs: 2_000 / scale, capMs: 20_000 / scale },
    log: (line: string) => logs.push(line),
    ...(warp === undefined ? {} : { senderClock: warp }),
    ...options.overrides,
  };
  let app = await startApp(config, overrides);
  return {
    get app() {
      return app;
    },
    teams,
    dataDir,
    logs,
    async restart() {
      await app.close();
      app = await startApp(config, overrides);
      return app;
    },
    async close() {
      await app.close();
      await teams.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Posts a signal file to the ingestion API like the connectors do. */
export async function ingest(app: RunningApp, route: string, body: string, contentType: string): Promise<Record<string, unknown>> {
  const response = await httpPost(`${app.url}${route}`, { authorization: `Bearer ${app.ingestKey}`, 'content-type': contentType }, body);
  const json = JSON.parse(response.text) as Record<string, unknown>;
  if (response.status !== 200) throw new Error(`ingest ${route} answered ${response.status}: ${JSON.stringify(json)}`);
  return json;
}
