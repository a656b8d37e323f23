import { CATALOGUE_INDICATORS, ensureDefaultPolicies } from '../policies/default-policies';
import type { RecordAudit } from '../ports/audit-trail';
import type { StoreTransaction, Versioned } from '../ports/store';
import { formatSettingValue, settingDefinition } from './describe-settings';
import type { Settings } from './settings';
import { loadSettings, saveSettingChange } from './settings.repository';
import { addSettingListEntries, removeSettingListEntries, type SettingUpdate, updateSetting } from './update-setting';

/**
 * Changing global settings as one unit of work with its audit entry: what the chat commands and
 * the CLI share, so a setting changed from either place reads the same in the log.
 */

/** The settings, created with the default policies on first use (a fresh store never has settings without policies). */
export async function loadSettingsWithDefaults(tx: StoreTransaction, now: Date): Promise<Versioned<Settings>> {
  const settings = await loadSettings(tx, now);
  await ensureDefaultPolicies(tx, settings.value, now);
  return settings;
}

export type SettingVerb = 'set' | 'add' | 'remove';

export interface SettingChangeRequest {
  readonly verb: SettingVerb;
  readonly name: string;
  /** The value (or comma-separated list entries) as typed. */
  readonly raw: string;
  readonly actor: { readonly id: string; readonly name?: string };
  readonly now: Date;
}

export interface SettingChangeResult {
  readonly update: SettingUpdate;
  /** The value before and after, as shown to people. */
  readonly from: string;
  readonly to: string;
  readonly changed: boolean;
}

export async function changeSetting(tx: StoreTransaction, audit: RecordAudit, request: SettingChangeRequest): Promise<SettingChangeResult> {
  const current = await loadSettingsWithDefaults(tx, request.now);
  const update = applySettingChange(current.value, request);
  await saveSettingChange(tx, current, update.settings);
  const definition = settingDefinition(update.change.name);
  const from = formatSettingValue(definition, current.value);
  const to = formatSettingValue(definition, update.settings);
  const changed = update.settings !== current.value;
  if (changed) {
    // The values themselves (lists as lists), so an auditor can diff them; the same from chat and CLI.
    await audit(tx, {
      category: 'Settings',
      activity: 'Edited settings',
      actor: request.actor,
      target: update.change.name,
      details: { setting: update.change.name, operation: request.verb, before: toJson(update.change.before), after: toJson(update.change.after) },
    });
  }
  return { update, from, to, changed };
}

function applySettingChange(current: Settings, request: SettingChangeRequest): SettingUpdate {
  const options = { knownIndicators: CATALOGUE_INDICATORS };
  const actor = request.actor.name ?? request.actor.id;
  switch (request.verb) {
    case 'set':
      return updateSetting(current, request.name, request.raw, actor, request.now, options);
    case 'add':
      return addSettingListEntries(current, request.name, request.raw, actor, request.now, options);
    case 'remove':
      return removeSettingListEntries(current, request.name, request.raw, actor, request.now);
  }
}

/** Setting values are JSON already (numbers, text, lists of entries); this drops readonly-ness and any undefined. */
function toJson(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value ?? null)) as unknown;
}
