import { SETTINGS_ID, settingsCollection, SYSTEM_PARTITION } from '../persistence/collections';
import type { StoreTransaction } from '../ports/store';
import { defaultSettings } from './settings-defaults';
import type { Settings } from './settings';

/**
 * The settings in force, for readers that must not write (rendering a card, answering a query):
 * the stored document, or the documented defaults when none is stored yet.
 */
export async function currentSettings(tx: StoreTransaction, now: Date): Promise<Settings> {
  return (await tx.documents(settingsCollection).get(SYSTEM_PARTITION, SETTINGS_ID))?.value ?? defaultSettings(now);
}
