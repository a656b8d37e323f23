import { ConflictError } from '../../../core/errors';
import { SETTINGS_ID, SYSTEM_PARTITION, settingsCollection } from '../../../core/persistence/collections';
import type { Store } from '../../../core/ports/store';
import { loadSettings, saveSettingChange } from '../../../core/settings/settings.repository';
import { defaultSettings } from '../../../core/settings/settings-defaults';
import { updateSetting } from '../../../core/settings/update-setting';
import { createMemoryStore } from '../../support/memory-store';

const NOW = new Date('2026-03-02T09:00:00.000Z');
const LATER = new Date('2026-03-03T09:00:00.000Z');

describe('settings repository', () => {
  let store: Store;
  beforeEach(() => {
    store = createMemoryStore();
  });

  it('creates the default settings on first load and returns the stored ones afterwards', async () => {
    const first = await store.transaction((tx) => loadSettings(tx, NOW));
    expect(first.value).toEqual(defaultSettings(NOW));
    const second = await store.transaction((tx) => loadSettings(tx, LATER));
    expect(second).toEqual(first);
  });

  it('reads the winner when another process created the settings between the read and the create', async () => {
    const winner = defaultSettings(LATER, 'other-process');
    const created = await store.transaction(async (tx) => {
      const settings = tx.documents(settingsCollection);
      // Simulates the race: the first get finds nothing, then the other process's document appears.
      const get = settings.get.bind(settings);
      let calls = 0;
      const racing = Object.assign(Object.create(Object.getPrototypeOf(settings) as object) as typeof settings, settings, {
        get: async (partition: string, id: string) => {
          calls += 1;
          if (calls === 1) {
            await settings.create(SYSTEM_PARTITION, SETTINGS_ID, winner);
            return undefined;
          }
          return get(partition, id);
        },
      });
      const racingTx = Object.assign(Object.create(null) as object, tx, { documents: () => racing }) as typeof tx;
      return loadSettings(racingTx, NOW);
    });
    expect(created.value.updatedBy).toBe('other-process');
  });

  it('saves a change with the ETag it was read with', async () => {
    const current = await store.transaction((tx) => loadSettings(tx, NOW));
    const { settings: next } = updateSetting(current.value, 'timeframes.activationWindowDays', '14', 'cli:ada', LATER);
    const saved = await store.transaction((tx) => saveSettingChange(tx, current, next));
    expect(saved.value.timeframes.activationWindowDays).toBe(14);
    expect(saved.etag).not.toBe(current.etag);
    const reread = await store.transaction((tx) => loadSettings(tx, LATER));
    expect(reread.value.timeframes.activationWindowDays).toBe(14);
  });

  it('refuses a change based on settings someone else has changed since (ConflictError)', async () => {
    const current = await store.transaction((tx) => loadSettings(tx, NOW));
    const first = updateSetting(current.value, 'timeframes.activationWindowDays', '14', 'cli:ada', LATER).settings;
    const second = updateSetting(current.value, 'timeframes.activationWindowDays', '21', 'cli:bob', LATER).settings;
    await store.transaction((tx) => saveSettingChange(tx, current, first));
    await expect(store.transaction((tx) => saveSettingChange(tx, current, second))).rejects.toBeInstanceOf(ConflictError);
    const reread = await store.transaction((tx) => loadSettings(tx, LATER));
    expect(reread.value.timeframes.activationWindowDays).toBe(14);
  });

  it('does not write when the value did not change', async () => {
    const current = await store.transaction((tx) => loadSettings(tx, NOW));
    const { settings: same } = updateSetting(current.value, 'timeframes.activationWindowDays', String(current.value.timeframes.activationWindowDays), 'cli:ada', LATER);
    const saved = await store.transaction((tx) => saveSettingChange(tx, current, same));
    expect(saved.etag).toBe(current.etag);
  });
});
