// Triage benchmark on the embedded store, through the real server (restify + CloudAdapter +
// SQLite) and a fake Teams connector:
//  1. Action.Execute round trip: p50/p99 of `alert.details` (read) and `alert.confirm` (write) invokes.
//  2. Signal → card: time from posting an alert-raising signal to its card reaching the connector,
//     while ordinary audit records are ingested in the background at ~1,000 records/s.
// Usage: npm run bench:triage [-- ROUNDTRIPS PROBES]     (defaults 300 20)
import { alertsCollection } from '../core/persistence/collections';
import { ingest, startTestApp } from '../test/support/app/start-test-app';
import { directoryCsv, resignationCsv, scenarioUsers, usbCopiesNdjson } from '../test/support/scenarios/departing-user.scenario';
import { generateAuditRecords } from '../test/support/synthetic/audit-records';
import { ALERTS_CHANNEL, botAddedToTeam, cardAction, channelMessage, GENERAL_CHANNEL, person, postActivity } from '../test/support/teams-activities';
import { runBench } from './support/bench-run';

const percentile = (values: readonly number[], p: number): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
};
const ms = (start: bigint): number => Number(process.hrtime.bigint() - start) / 1e6;
const line = (label: string, values: readonly number[], target: string): void =>
  console.log(`${label.padEnd(46)} p50 ${percentile(values, 50).toFixed(1).padStart(7)} ms   p99 ${percentile(values, 99).toFixed(1).padStart(7)} ms   (n=${values.length}, target ${target})`);

async function main(): Promise<void> {
  const roundTrips = Number(process.argv[2] ?? 300);
  const probes = Number(process.argv[3] ?? 20);
  const admin = person(1, 'Ada Admin');
  const analyst = person(2, 'Grace Analyst');
  // Teams' limits at 100× speed: the bench measures our latency, not Teams' two posts a second.
  const t = await startTestApp({ admins: [admin.aadObjectId], scale: 100, connector: { channels: [GENERAL_CHANNEL, ALERTS_CHANNEL] } });
  try {
    await postActivity(t.app.url, botAddedToTeam(t.teams.url, admin));
    await postActivity(t.app.url, channelMessage(t.teams.url, admin, 'alerts channel here'));
    await postActivity(t.app.url, channelMessage(t.teams.url, admin, `roles add analysts ${analyst.aadObjectId}`));

    // --- 1. round trips -----------------------------------------------------------------------
    const users = scenarioUsers(Math.ceil(roundTrips / 2) + probes);
    const triageUsers = users.slice(0, Math.ceil(roundTrips / 2));
    const probeUsers = users.slice(triageUsers.length);
    await ingest(t.app, '/api/signals/directory', directoryCsv(users), 'text/csv');
    await ingest(t.app, '/api/signals?jobid=bench', resignationCsv(users, '2026-03-02', '2026-03-27'), 'text/csv');
    await ingest(t.app, '/api/signals/audit', usbCopiesNdjson(triageUsers, '2026-03-05', 25), 'application/x-ndjson');
    await t.app.dispatcher.drain();
    await t.app.sender.idle();
    const alerts = await t.app.container.store.transaction((tx) => tx.documents(alertsCollection).query({ where: { status: 'NeedsReview' }, limit: 10_000 }));
    const refs = alerts.map((a) => ({ ref: t.app.services.pseudonymizer.reference('alert', a.value.id) }));
    const conversation = `${ALERTS_CHANNEL.id};messageid=1`;
    const details: number[] = [];
    const confirms: number[] = [];
    for (let i = 0; i < Math.min(roundTrips, refs.length); i++) {
      const start = process.hrtime.bigint();
      const r = await postActivity(t.app.url, cardAction(t.teams.url, analyst, conversation, 'alert.details', { alertRef: refs[i].ref, expanded: true }));
      details.push(ms(start));
      if ((r.body as { statusCode?: number }).statusCode !== 200) throw new Error(`details answered ${JSON.stringify(r.body)}`);
    }
    for (let i = 0; i < Math.min(roundTrips, refs.length); i++) {
      const start = process.hrtime.bigint();
      const r = await postActivity(t.app.url, cardAction(t.teams.url, analyst, conversation, 'alert.confirm', { alertRef: refs[i].ref, caseName: `Case ${i}` }));
      confirms.push(ms(start));
      if ((r.body as { statusCode?: number }).statusCode !== 200) throw new Error(`confirm answered ${JSON.stringify(r.body)}`);
      // Keep under the 100-active-case limit: the bench measures triage, not case capacity.
      if (i % 90 === 89) break;
    }
    await t.app.dispatcher.drain();
    await t.app.sender.idle();

    // --- 2. signal → card under background ingestion ----------------------------------------
    let running = true;
    let background = 0;
    const noise = [...generateAuditRecords(200_000, { seed: 11, users: ['noise1@contoso.com', 'noise2@contoso.com', 'noise3@contoso.com'] })];
    const feeder = (async () => {
      let next = 0;
      while (running) {
        const started = Date.now();
        const batch = noise.slice(next, next + 100);
        next = (next + 100) % noise.length;
        await ingest(t.app, '/api/signals/audit', JSON.stringify(batch), 'application/json');
        background += batch.length;
        await new Promise((resolve) => setTimeout(resolve, Math.max(0, 100 - (Date.now() - started))));
      }
    })();
    const feedStart = Date.now();
    const latencies: number[] = [];
    for (let i = 0; i < probeUsers.length; i++) {
      const user = probeUsers[i];
      const before = t.teams.posts().filter((p) => p.route === 'createConversation').length;
      const start = process.hrtime.bigint();
      await ingest(t.app, '/api/signals/audit', usbCopiesNdjson([user], '2026-03-06', 25, 1000 + i), 'application/x-ndjson');
      await t.teams.waitFor((c) => c.posts().filter((p) => p.route === 'createConversation').length > before, 30_000);
      latencies.push(ms(start));
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    running = false;
    await feeder;
    const feedRate = background / ((Date.now() - feedStart) / 1000);

    console.log(`triage bench (SQLite, real server and CloudAdapter, fake Teams connector), ${new Date().toISOString()}`);
    line('Action.Execute alert.details (read) round trip', details, 'p99 < 150 ms');
    line('Action.Execute alert.confirm (write) round trip', confirms, 'p99 < 150 ms');
    line('signal → card posted (25-record upload)', latencies, 'p99 < 1000 ms');
    console.log(`background ingestion during the probes: ${Math.round(feedRate)} records/s (target ~1,000)`);
  } catch (error) {
    console.error(`the app logged:\n${t.logs.slice(-20).join('\n')}`);
    throw error;
  } finally {
    await t.close();
  }
}

runBench(main);
