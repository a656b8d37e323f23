import fs from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { CosmosClient } from '@azure/cosmos';
import { createHttpServer } from '@vercel/cosmosdb-server';
import { ConflictError } from '../../core/errors';
import type { Store } from '../../core/ports/store';
import {
  createRun,
  findRunByWaitToken,
  findStepByWaitToken,
  getRun,
  getStep,
  listAbandonedRuns,
  listDueWaitingRuns,
  listRunsOfFlow,
  listSteps,
  replaceRun,
  replaceStep,
  saveStep,
} from '../../flows/engine/runner/flow-run.repository';
import type { FlowStepRecord, StoredFlowRun } from '../../flows/engine/runner/run-records';
import { createCosmosStore } from '../../infra/cosmos/cosmos-store';
import { createSqliteStore } from '../../infra/sqlite/sqlite-store';
import { createMemoryStore } from '../support/memory-store';
import { answer, connectorAction, createHarness, definition, fakeAction, fakeWebhook } from '../unit/flows/runner/runner-harness';
import type { ConnectorOperation } from '../../flows/engine/contracts';

// The flow run store (two document collections and the repository over them) against every
// Store adapter: SQLite on a file, Cosmos through the in-process server, and the memory fake the
// runner's unit tests use.

interface Adapter {
  readonly name: string;
  open(): Promise<Store>;
  dispose(store: Store): Promise<void>;
}

let server: Server;
let endpoint: string;
let admin: CosmosClient;
const connectionPolicy = { enableEndpointDiscovery: false };
const cleanups = new Map<Store, () => Promise<void>>();
let databases = 0;

beforeAll(async () => {
  server = createHttpServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  admin = new CosmosClient({ endpoint, key: 'any-key', connectionPolicy });
});

afterAll(async () => {
  admin.dispose();
  await new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
});

const adapters: Adapter[] = [
  { name: 'memory', open: async () => createMemoryStore(), dispose: (store) => store.close() },
  {
    name: 'sqlite',
    async open() {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'irm-flow-runs-'));
      const store = await createSqliteStore({ path: path.join(dir, 'irm.db') });
      cleanups.set(store, async () => fs.rmSync(dir, { recursive: true, force: true }));
      return store;
    },
    async dispose(store) {
      await store.close();
      await cleanups.get(store)?.();
    },
  },
  {
    name: 'cosmos',
    async open() {
      const databaseId = `flow-runs-${++databases}`;
      const store = await createCosmosStore({ endpoint, key: 'any-key', databaseId, connectionPolicy });
      cleanups.set(store, async () => {
        await admin.database(databaseId).delete();
      });
      return store;
    },
    async dispose(store) {
      await store.close();
      await cleanups.get(store)?.();
    },
  },
];

function run(id: string, extra: Partial<StoredFlowRun> = {}): StoredFlowRun {
  return {
    id,
    flowId: 'notify-manager',
    flowName: 'Notify manager',
    status: 'Running',
    trigger: { name: 'When an alert is created', outputs: { headers: { 'x-event': 'alert.created' }, body: { alertId: 'A-1' } } },
    startedAt: '2026-03-02T09:00:00.000Z',
    definition: { $schema: 'x', triggers: {}, actions: {} },
    stepCount: 0,
    updatedAt: '2026-03-02T09:00:00.000Z',
    ...extra,
  };
}

function step(runId: string, seq: number, pathName: string, extra: Partial<FlowStepRecord> = {}): FlowStepRecord {
  return { runId, path: pathName, name: pathName.split('/').pop()!.replace(/\[\d+\]$/, ''), type: 'Compose', status: 'Succeeded', seq, attempts: 0, startedAt: '2026-03-02T09:00:00.000Z', ...extra };
}

describe.each(adapters)('flow run store: $name', (adapter) => {
  let store: Store;
  beforeEach(async () => {
    store = await adapter.open();
  });
  afterEach(async () => {
    await adapter.dispose(store);
  });

  it('creates a run once: a second create with the same id returns the stored one untouched', async () => {
    const first = await store.transaction((tx) => createRun(tx, run('R-1')));
    expect(first.created).toBe(true);
    const second = await store.transaction((tx) => createRun(tx, run('R-1', { flowName: 'other', trigger: { name: 'x', outputs: { body: null } } })));
    expect(second.created).toBe(false);
    expect(second.run.value).toEqual(run('R-1'));
    expect((await store.transaction((tx) => getRun(tx, 'R-1')))?.value).toEqual(run('R-1'));
    expect(await store.transaction((tx) => getRun(tx, 'R-2'))).toBeUndefined();
  });

  it('replaces a run only with the current ETag, and drops fields set to undefined', async () => {
    const created = await store.transaction((tx) => createRun(tx, run('R-1', { waitToken: 'abc', wakeAt: '2026-03-03T00:00:00.000Z', status: 'Waiting' })));
    const replaced = await store.transaction((tx) => replaceRun(tx, { ...created.run.value, status: 'Running', waitToken: undefined, wakeAt: undefined }, created.run.etag));
    expect(replaced.value.waitToken).toBeUndefined();
    expect('waitToken' in (await store.transaction((tx) => getRun(tx, 'R-1')))!.value).toBe(false);
    await expect(store.transaction((tx) => replaceRun(tx, { ...created.run.value, status: 'Failed' }, created.run.etag))).rejects.toBeInstanceOf(ConflictError);
  });

  it('upserts steps by path and lists them in seq order, across pages', async () => {
    await store.transaction(async (tx) => {
      await createRun(tx, run('R-1'));
      await saveStep(tx, step('R-1', 0, 'Init'));
      await saveStep(tx, step('R-1', 2, 'Loop[1]/Send', { status: 'Running', attempts: 1 }));
      await saveStep(tx, step('R-1', 1, 'Loop[0]/Send'));
      await saveStep(tx, step('R-1', 3, 'Loop'));
      await saveStep(tx, step('R-2', 0, 'Init'));
    });
    await store.transaction((tx) => saveStep(tx, step('R-1', 2, 'Loop[1]/Send', { status: 'Succeeded', attempts: 2, outputs: { statusCode: 200, body: { id: 'x/y' } } })));
    const all = await store.transaction((tx) => listSteps(tx, 'R-1'));
    expect(all.map((s) => s.path)).toEqual(['Init', 'Loop[0]/Send', 'Loop[1]/Send', 'Loop']);
    expect(all[2]).toMatchObject({ status: 'Succeeded', attempts: 2, outputs: { statusCode: 200, body: { id: 'x/y' } } });
    const paged = await store.transaction((tx) => listSteps(tx, 'R-1', { pageSize: 3 }));
    expect(paged.map((s) => s.seq)).toEqual([0, 1, 2, 3]);
    expect((await store.transaction((tx) => getStep(tx, 'R-1', 'Loop[1]/Send')))?.value.attempts).toBe(2);
  });

  it("lists a flow's runs newest first, up to the limit", async () => {
    await store.transaction(async (tx) => {
      await createRun(tx, run('R-old', { startedAt: '2026-03-01T09:00:00.000Z' }));
      await createRun(tx, run('R-new', { startedAt: '2026-03-03T09:00:00.000Z' }));
      await createRun(tx, run('R-mid', { startedAt: '2026-03-02T09:00:00.000Z' }));
      await createRun(tx, run('R-otherflow', { flowId: 'other', startedAt: '2026-03-04T09:00:00.000Z' }));
    });
    expect((await store.transaction((tx) => listRunsOfFlow(tx, 'notify-manager'))).map((r) => r.id)).toEqual(['R-new', 'R-mid', 'R-old']);
    expect((await store.transaction((tx) => listRunsOfFlow(tx, 'notify-manager', 2))).map((r) => r.id)).toEqual(['R-new', 'R-mid']);
  });

  it('finds due waiting runs by wakeAt (at or before now), and Running runs whose lease expired', async () => {
    await store.transaction(async (tx) => {
      await createRun(tx, run('W-due', { status: 'Waiting', wakeAt: '2026-03-02T10:00:00.000Z' }));
      await createRun(tx, run('W-exact', { status: 'Waiting', wakeAt: '2026-03-02T11:00:00.000Z' }));
      await createRun(tx, run('W-later', { status: 'Waiting', wakeAt: '2026-03-02T11:00:00.001Z' }));
      await createRun(tx, run('W-none', { status: 'Waiting' }));
      await createRun(tx, run('Done', { status: 'Succeeded', wakeAt: '2026-03-02T10:00:00.000Z' }));
      await createRun(tx, run('R-expired', { leaseOwner: 'a', leaseUntil: '2026-03-02T10:30:00.000Z' }));
      await createRun(tx, run('R-held', { leaseOwner: 'b', leaseUntil: '2026-03-02T12:00:00.000Z' }));
    });
    const now = new Date('2026-03-02T11:00:00.000Z');
    expect((await store.transaction((tx) => listDueWaitingRuns(tx, now))).map((r) => r.value.id)).toEqual(['W-due', 'W-exact']);
    expect((await store.transaction((tx) => listAbandonedRuns(tx, now))).map((r) => r.value.id)).toEqual(['R-expired']);
  });

  it('finds a run and a step by wait token', async () => {
    await store.transaction(async (tx) => {
      await createRun(tx, run('R-1', { status: 'Waiting', waitToken: 'a1b2' }));
      await createRun(tx, run('R-2'));
      await saveStep(tx, step('R-1', 0, 'Ask', { type: 'OpenApiConnectionWebhook', status: 'Waiting', waitToken: 'a1b2', subscription: { card: 'c-1' } }));
    });
    expect((await store.transaction((tx) => findRunByWaitToken(tx, 'a1b2')))?.value.id).toBe('R-1');
    const found = await store.transaction((tx) => findStepByWaitToken(tx, 'a1b2'));
    expect(found?.value).toMatchObject({ runId: 'R-1', path: 'Ask', subscription: { card: 'c-1' } });
    expect(await store.transaction((tx) => findStepByWaitToken(tx, 'zzzz'))).toBeUndefined();

    // A step replace with a stale ETag loses: two answers to one wait cannot both complete it.
    await store.transaction((tx) => replaceStep(tx, { ...found!.value, status: 'Succeeded' }, found!.etag));
    await expect(store.transaction((tx) => replaceStep(tx, { ...found!.value, status: 'Failed' }, found!.etag))).rejects.toBeInstanceOf(ConflictError);
  });

  it('carries a run across a restart of the runner over this store: waits, is answered by a new runner, repeats nothing', async () => {
    const operations = new Map<string, ConnectorOperation>();
    const notify = fakeAction('shared_office365', 'SendEmailV2');
    const approvals = fakeWebhook('shared_approvals', 'StartAndWaitForAnApproval');
    const note = fakeAction('shared_irm', 'AddIrmCaseNote');
    const first = createHarness({ store, operations });
    [notify, approvals, note].forEach((op) => first.register(op));
    const flow = definition({
      Notify: connectorAction('shared_office365', 'SendEmailV2', { 'emailMessage/To': "@triggerBody()?['manager']" }),
      Loop: { type: 'Foreach', runAfter: { Notify: ['Succeeded'] }, foreach: '@createArray(1, 2)', actions: { Each: { type: 'Compose', inputs: '@mul(item(), 10)' } } },
      Ask: { ...connectorAction('shared_approvals', 'StartAndWaitForAnApproval'), type: 'OpenApiConnectionWebhook', runAfter: { Loop: ['Succeeded'] } },
      Record: { ...connectorAction('shared_irm', 'AddIrmCaseNote', { 'body/content': "@{body('Ask')?['outcome']}" }), runAfter: { Ask: ['Succeeded'] } },
    });
    // Real I/O (the Cosmos server answers over HTTP): awaited directly, since this flow never sleeps.
    const waiting = await first.runner.start({ runId: 'run-1', flowId: 'flow-1', flowName: 'F', definition: flow, triggerName: 'manual', triggerOutputs: { body: { manager: 'eve@contoso.com' } } });
    expect(waiting.status).toBe('Waiting');

    const second = createHarness({ store, operations, start: Date.parse('2026-03-05T09:00:00.000Z') });
    const done = await second.runner.deliverWaitResponse(waiting.waitingOn!.waitToken!, answer({ outcome: 'Approve' }));
    expect(done.run.status).toBe('Succeeded');
    expect([notify.calls.length, approvals.subscribed.length, note.calls.length]).toEqual([1, 1, 1]);
    expect(note.calls[0].parameters).toEqual({ body: { content: 'Approve' } });
    const steps = await second.runner.listSteps('run-1');
    expect(steps.map((s) => `${s.path}:${s.status}`)).toEqual(['Notify:Succeeded', 'Loop:Succeeded', 'Loop[0]/Each:Succeeded', 'Loop[1]/Each:Succeeded', 'Ask:Succeeded', 'Record:Succeeded']);
    expect(await second.runner.listRuns('flow-1')).toEqual([done.run]);
  });
});
