import { ConflictError, UnexpectedError } from '../errors';
import { SETTINGS_ID, SYSTEM_PARTITION, settingsCollection } from '../persistence/collections';
import type { StoreTransaction, Versioned } from '../ports/store';
import { defaultSettings } from './settings-defaults';
import type { Settings } from './settings';

/**
 * The one global settings document, read and written through the Store's document collections.
 * Nothing has to seed it: the first reader creates the defaults.
 */

/**
 * The stored settings, or the defaults stored now when there are none yet. Two processes (the bot
 * and a CLI run) may both find nothing and both try to create; the loser's create fails with
 * ConflictError and it reads the winner's document instead of failing.
 */
export async function loadSettings(tx: StoreTransaction, now: Date): Promise<Versioned<Settings>> {
  const settings = tx.documents(settingsCollection);
  const stored = await settings.get(SYSTEM_PARTITION, SETTINGS_ID);
  if (stored !== undefined) return stored;
  try {
    return await settings.create(SYSTEM_PARTITION, SETTINGS_ID, defaultSettings(now));
  } catch (error) {
    if (!(error instanceof ConflictError)) throw error;
    const winner = await settings.get(SYSTEM_PARTITION, SETTINGS_ID);
    // A conflict on create means the document exists; not finding it afterwards is a store bug.
    if (winner === undefined) throw new UnexpectedError('the settings document was reported to exist but cannot be read', { cause: error });
    return winner;
  }
}

/**
 * Writes `next` only if the stored document is still the one `current` was read as. A concurrent
 * change makes this fail with ConflictError, which the caller reports (or retries by reloading):
 * silently overwriting would lose the other admin's change.
 */
export async function saveSettingChange(tx: StoreTransaction, current: Versioned<Settings>, next: Settings): Promise<Versioned<Settings>> {
  // updateSetting returns the same object for an unchanged value; writing it would only bump the ETag.
  if (next === current.value) return current;
  return tx.documents(settingsCollection).replace(SYSTEM_PARTITION, SETTINGS_ID, next, current.etag);
}
