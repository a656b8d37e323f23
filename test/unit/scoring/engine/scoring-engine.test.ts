import type { Activity } from '../../../../core/ingest/activity';
import { alertsCollection, policyScopesCollection } from '../../../../core/persistence/collections';
import type { Clock } from '../../../../core/ports/clock';
import type { Store } from '../../../../core/ports/store';
import { prepareScoring } from '../../../../core/scoring/engine/prepare-scoring';
import { scoreActivities } from '../../../../core/scoring/engine/scoring-engine';
import { createMemoryStore } from '../../../support/memory-store';
import { exfiltrationChain, shuffles } from '../scoring-fixtures';

const clock: Clock = { now: () => new Date('2026-03-01T00:00:00.000Z') };
const ADA = 'ada@contoso.com';

function resignation(): Activity {
  return {
    id: 'hr:resign-ada',
    source: 'hr',
    kind: 'hr.resignation',
    userId: ADA,
    time: '2026-03-02T09:00:00.000Z',
    operation: 'Resignation',
    details: { lastWorkingDate: '2026-03-20T00:00:00.000Z' },
  };
}

function usbCopies(day: string, count: number, from = 0): Activity[] {
  return Array.from({ length: count }, (_, i) => ({
    id: `audit:usb-${day}-${from + i}`,
    source: 'audit' as const,
    kind: 'device.copied-to-usb' as const,
    userId: ADA,
    time: `${day}T10:${String(from + i).padStart(2, '0')}:00.000Z`,
    operation: 'FileCopiedToRemovableMedia',
    workload: 'Endpoint',
    fileName: `file ${day} ${from + i}.docx`,
    destination: 'SanDisk Ultra',
  }));
}

/** Stores and scores activities the way the ingest path does: insert, then score in the same unit. */
async function ingest(store: Store, activities: Activity[]): Promise<void> {
  await store.transaction(async (tx) => {
    const { inserted } = await tx.activities.insertMany(activities);
    await scoreActivities(tx, inserted, clock);
  });
}

async function alertsOf(store: Store) {
  return (await store.transaction((tx) => tx.documents(alertsCollection).query({ partition: ADA, limit: 100 }))).map((d) => d.value);
}

describe('scoreActivities', () => {
  let store: Store;
  beforeEach(async () => {
    store = createMemoryStore();
    await prepareScoring(store, clock.now());
  });

  it('does not score a user no trigger brought into scope', async () => {
    // Mass downloads are scored activity but trigger no default policy.
    const downloads: Activity[] = Array.from({ length: 60 }, (_, i) => ({
      id: `audit:dl-${i}`,
      source: 'audit',
      kind: 'file.downloaded',
      userId: ADA,
      time: `2026-03-03T09:${String(i).padStart(2, '0')}:00.000Z`,
      operation: 'FileDownloaded',
      workload: 'SharePoint',
      fileName: `report ${i}.xlsx`,
    }));
    await ingest(store, downloads);
    expect(await alertsOf(store)).toEqual([]);
    expect(await store.transaction((tx) => tx.documents(policyScopesCollection).count({ partition: ADA }))).toBe(0);
  });

  it('scopes a departing user on the resignation and raises one alert that accrues and only rises', async () => {
    await ingest(store, [resignation()]);
    const scope = await store.transaction((tx) => tx.documents(policyScopesCollection).query({ partition: ADA }));
    expect(scope.map((s) => s.value.policyId)).toContain('data-theft-by-departing-users');

    await ingest(store, usbCopies('2026-03-05', 12));
    const [first] = (await alertsOf(store)).filter((a) => a.policyId === 'data-theft-by-departing-users');
    expect(first).toMatchObject({ id: `data-theft-by-departing-users:${ADA}:1`, status: 'NeedsReview' });
    expect(first.insights.map((i) => i.key)).toEqual(['indicator:CopyToUSB:2026-03-05']);
    expect(first.topActivities[0]).toMatchObject({ kind: 'device.copied-to-usb', destination: 'SanDisk Ultra' });

    await ingest(store, usbCopies('2026-03-05', 10, 12));
    const [second] = (await alertsOf(store)).filter((a) => a.policyId === 'data-theft-by-departing-users');
    expect(second.id).toBe(first.id);
    expect(second.score).toBeGreaterThan(first.score);
    expect(second.scoreHistory).toHaveLength(2);
    const events = await store.transaction((tx) => tx.outbox.pending(100));
    expect(events.map((e) => e.event.type).filter((t) => t.startsWith('alert.'))).toEqual(expect.arrayContaining(['alert.created', 'alert.updated']));
  });

  it('updates an open alert whose score stays but whose first activity moves earlier, with an event named by a 64-bit digest', async () => {
    await ingest(store, [resignation(), ...usbCopies('2026-03-05', 12)]);
    const [before] = (await alertsOf(store)).filter((a) => a.policyId === 'data-theft-by-departing-users');
    // A thirteenth copy, earlier that morning: still the medium level (10 to 19 a day).
    const early = { ...usbCopies('2026-03-05', 1)[0], id: 'audit:usb-early', time: '2026-03-05T08:00:00.000Z', fileName: 'early.docx' };
    await ingest(store, [early]);
    const [after] = (await alertsOf(store)).filter((a) => a.policyId === 'data-theft-by-departing-users');
    expect(after.score).toBe(before.score);
    expect(after.scoreHistory).toHaveLength(before.scoreHistory.length);
    expect(after.firstActivityAt).toBe('2026-03-05T08:00:00.000Z');
    expect(after.topActivities[0].id).toBe('audit:usb-early');
    const ids = (await store.transaction((tx) => tx.outbox.pending(100))).map((e) => e.event.id).filter((id) => id.startsWith(`alert.updated:${after.id}:`));
    expect(ids).toEqual([expect.stringMatching(new RegExp(`^alert\\.updated:${after.id.replace(/[.]/g, '\\.')}:${before.scoreHistory.length}:[0-9a-f]{16}$`))]);
  });

  it('reads back only the top activities an open alert does not show yet', async () => {
    await ingest(store, [resignation()]);
    await ingest(store, usbCopies('2026-03-05', 12));
    const shownBefore = new Map((await alertsOf(store)).map((a) => [a.id, new Set(a.topActivities.map((t) => t.id))]));
    expect(shownBefore.size).toBeGreaterThan(0);
    const read: string[] = [];
    await store.transaction(async (tx) => {
      const get = tx.activities.get.bind(tx.activities);
      const counting = { ...tx, activities: { ...tx.activities, get: (userId: string, id: string) => (read.push(id), get(userId, id)) } };
      // Earlier in the day than all twelve: each becomes a top activity of the same alerts.
      const earlier = usbCopies('2026-03-05', 3).map((a, i) => ({ ...a, id: `audit:usb-early-${i}`, time: `2026-03-05T09:0${i}:00.000Z` }));
      const { inserted } = await tx.activities.insertMany(earlier);
      await scoreActivities(counting, inserted, clock);
    });
    const after = await alertsOf(store);
    const newToTheirAlert = new Set(after.flatMap((a) => a.topActivities.map((t) => t.id).filter((id) => shownBefore.get(a.id)?.has(id) !== true)));
    expect([...newToTheirAlert].sort()).toEqual(['audit:usb-early-0', 'audit:usb-early-1', 'audit:usb-early-2']);
    expect([...new Set(read)].sort()).toEqual([...newToTheirAlert].sort());
  });

  it('gives the same alerts whatever the order the activities arrive in', async () => {
    const activities = [resignation(), ...usbCopies('2026-03-05', 15), ...usbCopies('2026-03-06', 8)];
    await ingest(store, activities);
    const inOrder = (await alertsOf(store)).map((a) => [a.id, a.score, a.insights.map((i) => i.key), a.topActivities]);

    const other = createMemoryStore();
    await prepareScoring(other, clock.now());
    for (const a of [...activities].reverse()) await ingest(other, [a]);
    const reversed = (await alertsOf(other)).map((a) => [a.id, a.score, a.insights.map((i) => i.key), a.topActivities]);
    expect(reversed).toEqual(inOrder);
  });

  it('gives the same sequence insights and top activities whatever the order and the chunks the activities arrive in', async () => {
    // Five files downloaded, then each archived and the archives copied to USB: download → archive → exfiltrate.
    const files = ['budget', 'roadmap', 'pricing', 'salaries', 'designs'];
    const steps: Activity[] = files.flatMap((f, i) => exfiltrationChain(ADA, '2026-03-04', f, i));
    const activities = [resignation(), ...steps];
    const view = async (s: Store) =>
      (await alertsOf(s)).map((a) => [a.id, a.score, a.insights.map((i) => [i.key, i.score]), a.topActivities, a.firstActivityAt, a.lastActivityAt]);
    await ingest(store, activities);
    const inOrder = await view(store);
    const sequenceKeys = inOrder.flatMap((a) => (a[2] as [string, number][]).map(([key]) => key)).filter((key) => key.startsWith('sequence:'));
    expect(sequenceKeys.length).toBeGreaterThan(0);

    // Reversed one at a time, and shuffled in chunks of three.
    const reversed = createMemoryStore();
    await prepareScoring(reversed, clock.now());
    for (const a of [...activities].reverse()) await ingest(reversed, [a]);
    expect(await view(reversed)).toEqual(inOrder);
    const chunked = createMemoryStore();
    await prepareScoring(chunked, clock.now());
    const shuffled = shuffles(activities, 1)[1];
    for (let i = 0; i < shuffled.length; i += 3) await ingest(chunked, shuffled.slice(i, i + 3));
    expect(await view(chunked)).toEqual(inOrder);
  });

  it('after a dismissal, raises a new alert only for activity the dismissed one did not show', async () => {
    await ingest(store, [resignation(), ...usbCopies('2026-03-05', 12)]);
    await store.transaction(async (tx) => {
      const docs = tx.documents(alertsCollection);
      for (const d of await docs.query({ partition: ADA })) {
        await docs.replace(ADA, d.value.id, { ...d.value, status: 'Dismissed', triage: { by: 'analyst', at: '2026-03-06T00:00:00.000Z', reason: 'Activity is expected for this user' } }, d.etag);
      }
    });
    await ingest(store, usbCopies('2026-03-05', 0)); // nothing new: nothing raised
    expect((await alertsOf(store)).every((a) => a.status === 'Dismissed')).toBe(true);

    await ingest(store, usbCopies('2026-03-09', 12));
    const fresh = (await alertsOf(store)).filter((a) => a.policyId === 'data-theft-by-departing-users' && a.status === 'NeedsReview');
    expect(fresh.map((a) => a.id)).toEqual([`data-theft-by-departing-users:${ADA}:2`]);
    expect(fresh[0].insights.map((i) => i.key)).toEqual(['indicator:CopyToUSB:2026-03-09']);
  });
});
