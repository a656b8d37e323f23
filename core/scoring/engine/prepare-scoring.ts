import { ensureDefaultPolicies } from '../../policies/default-policies';
import type { Store } from '../../ports/store';
import { loadSettings } from '../../settings/settings.repository';

/**
 * Makes sure the settings document and the default policies exist, so a fresh install scores
 * and alerts out of the box. Idempotent; every entry point calls it before ingesting.
 */
export async function prepareScoring(store: Store, now: Date): Promise<void> {
  await store.transaction(async (tx) => {
    const settings = await loadSettings(tx, now);
    await ensureDefaultPolicies(tx, settings.value, now);
  });
}
