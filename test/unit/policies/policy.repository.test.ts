import { ConflictError, NotFoundError } from '../../../core/errors';
import { createPolicy } from '../../../core/policies/create-policy';
import { CATALOGUE_INDICATORS, catalogueCategoryOf, ensureDefaultPolicies } from '../../../core/policies/default-policies';
import { policyHealth } from '../../../core/policies/policy-health';
import { getPolicy, listPolicies, removePolicy, savePolicy } from '../../../core/policies/policy.repository';
import type { Policy } from '../../../core/policies/policy';
import type { Store } from '../../../core/ports/store';
import { defaultSettings } from '../../../core/settings/settings-defaults';
import { createMemoryStore } from '../../support/memory-store';

const NOW = new Date('2026-03-02T09:00:00.000Z');
const settings = defaultSettings(NOW);

function policy(name: string, existing: readonly Policy[] = []): Policy {
  return createPolicy(
    { name, template: 'IntellectualPropertyTheft' },
    { existing, settings, knownIndicators: CATALOGUE_INDICATORS, categoryOf: catalogueCategoryOf, now: NOW, actor: 'test' },
  );
}

describe('policy repository', () => {
  let store: Store;
  beforeEach(() => {
    store = createMemoryStore();
  });

  it('creates, lists, finds by id or name, replaces with the ETag and removes policies', async () => {
    const a = policy('Departing engineers');
    const b = policy('Departing sales', [a]);
    await store.transaction(async (tx) => {
      await savePolicy(tx, a);
      await savePolicy(tx, b);
    });
    const listed = await store.transaction((tx) => listPolicies(tx));
    expect(listed.map((p) => p.value.name)).toEqual(['Departing engineers', 'Departing sales']);

    const byName = await store.transaction((tx) => getPolicy(tx, 'departing SALES'));
    expect(byName.value.id).toBe('departing-sales');
    const byId = await store.transaction((tx) => getPolicy(tx, 'departing-engineers'));
    expect(byId.value.name).toBe('Departing engineers');

    const changed = { ...byId.value, description: 'R&D', version: 2 };
    const saved = await store.transaction((tx) => savePolicy(tx, changed, byId.etag));
    expect(saved.value.description).toBe('R&D');
    await expect(store.transaction((tx) => savePolicy(tx, { ...changed, description: 'stale' }, byId.etag))).rejects.toBeInstanceOf(ConflictError);

    await store.transaction((tx) => removePolicy(tx, 'departing-engineers'));
    await store.transaction((tx) => removePolicy(tx, 'departing-engineers'));
    expect((await store.transaction((tx) => listPolicies(tx))).map((p) => p.value.id)).toEqual(['departing-sales']);
  });

  it('refuses to create a policy whose id already exists', async () => {
    const a = policy('Departing engineers');
    await store.transaction((tx) => savePolicy(tx, a));
    await expect(store.transaction((tx) => savePolicy(tx, a))).rejects.toBeInstanceOf(ConflictError);
  });

  it('names the missing policy, the closest name and every existing name when not found', async () => {
    const a = policy('Departing engineers');
    await store.transaction((tx) => savePolicy(tx, policy('Departing sales', [a])));
    await store.transaction((tx) => savePolicy(tx, a));
    const error: unknown = await store.transaction((tx) => getPolicy(tx, 'Departing enginers')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NotFoundError);
    expect((error as Error).message).toContain('"Departing enginers"');
    expect((error as Error).message).toMatch(/did you mean .Departing engineers./);
    expect((error as Error).message).toMatch(/existing policies: .Departing engineers., .Departing sales./);
  });

  it('says there are no policies when the store has none', async () => {
    await expect(store.transaction((tx) => getPolicy(tx, 'anything'))).rejects.toThrow(/there are no policies yet/);
  });
});

describe('default policies', () => {
  it('creates the five default policies once, each valid, for all users, with template indicators', async () => {
    const store = createMemoryStore();
    const created = await store.transaction((tx) => ensureDefaultPolicies(tx, settings, NOW));
    expect(created.map((p) => [p.value.template, p.value.name]).sort()).toEqual([
      ['DisgruntledEmployeeDataLeak', 'Data leaks by risky users'],
      ['IntellectualPropertyTheft', 'Data theft by departing users'],
      ['LeakOfInformation', 'Data leaks'],
      ['LeakOfInformation', 'Data leaks (exfiltration activity)'],
      ['SecurityPolicyViolation', 'Security policy violations'],
    ]);
    for (const { value } of created) {
      expect(value.scope).toEqual({ include: 'all', excludedUsers: [] });
      expect(value.indicators.length).toBeGreaterThan(0);
      expect(value.enabled).toBe(true);
      // Statically nothing is wrong with them but missing data (HR, Defender) and the open DLP trigger.
      const codes = policyHealth(value, { now: NOW, settings }).findings.map((f) => f.code);
      expect(codes.filter((c) => c.startsWith('indicators.') || c.startsWith('scope.'))).toEqual([]);
    }
    expect(created.find((p) => p.value.name === 'Data leaks')?.value.trigger).toEqual({ type: 'dlp-alert' });
    expect(created.find((p) => p.value.name === 'Data leaks (exfiltration activity)')?.value.trigger).toEqual({
      type: 'exfiltration-activity',
      indicators: [
        { indicator: 'CopyToUSB', minDailyCount: 1 },
        { indicator: 'CopyToPersonalCloud', minDailyCount: 1 },
      ],
    });

    const again = await store.transaction((tx) => ensureDefaultPolicies(tx, settings, NOW));
    expect(again.map((p) => p.etag)).toEqual(created.map((p) => p.etag));
    expect(await store.transaction((tx) => listPolicies(tx))).toHaveLength(5);
  });

  it('creates nothing once any policy exists, so deleting a default is respected', async () => {
    const store = createMemoryStore();
    const created = await store.transaction((tx) => ensureDefaultPolicies(tx, settings, NOW));
    await store.transaction((tx) => removePolicy(tx, created[0].value.id));
    const after = await store.transaction((tx) => ensureDefaultPolicies(tx, settings, NOW));
    expect(after).toHaveLength(4);
  });
});
