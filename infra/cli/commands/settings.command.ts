import { parseArgs } from 'node:util';
import { AUDIT_ACTIVITIES } from '../../../core/audit/audit-entry';
import { appendAudit } from '../../../core/audit/audit-log';
import type { StoreTransaction, Versioned } from '../../../core/ports/store';
import { CATALOGUE_INDICATORS, ensureDefaultPolicies } from '../../../core/policies/default-policies';
import { describeSettings, formatSettingValue, settingDefinition } from '../../../core/settings/describe-settings';
import type { Settings } from '../../../core/settings/settings';
import { loadSettings, saveSettingChange } from '../../../core/settings/settings.repository';
import { type SettingUpdate, addSettingListEntries, removeSettingListEntries, updateSetting } from '../../../core/settings/update-setting';
import type { Container } from '../../container';
import { CommandUsageError, cliActor, printJson, printTable } from './command-support';

/**
 * `irm settings show | set | add | remove`: the global settings from the command line, with the
 * same parsing and messages as the chat commands (core/settings/update-setting.ts).
 */

/**
 * The settings, created with the default policies on first use, in one unit of work so a fresh
 * store never ends up with settings but no policies.
 */
export async function loadSettingsWithDefaults(tx: StoreTransaction, now: Date): Promise<Versioned<Settings>> {
  const settings = await loadSettings(tx, now);
  await ensureDefaultPolicies(tx, settings.value, now);
  return settings;
}

export async function settingsCommand(container: Container, args: readonly string[]): Promise<number> {
  const [verb, ...rest] = args;
  switch (verb) {
    case undefined:
    case 'show':
      return showSettings(container, rest);
    case 'set':
    case 'add':
    case 'remove':
      return changeSetting(container, verb, rest);
    default:
      throw new CommandUsageError(`unknown settings command '${verb}'; expected show, set, add or remove`);
  }
}

async function showSettings(container: Container, args: readonly string[]): Promise<number> {
  const { values } = parseArgs({ args: [...args], options: { json: { type: 'boolean', default: false } } });
  const now = container.clock.now();
  const settings = await container.store.transaction((tx) => loadSettingsWithDefaults(tx, now));
  const described = describeSettings(settings.value);
  if (values.json) {
    printJson(described);
  } else {
    printTable(
      ['Name', 'Value', 'Allowed', 'Default'],
      described.map((d) => [d.name, d.current, d.allowed, d.default]),
    );
  }
  return 0;
}

async function changeSetting(container: Container, verb: 'set' | 'add' | 'remove', args: readonly string[]): Promise<number> {
  const { positionals } = parseArgs({ args: [...args], allowPositionals: true, options: {} });
  const [name, ...valueWords] = positionals;
  if (name === undefined || valueWords.length === 0) {
    throw new CommandUsageError(verb === 'set' ? 'settings set needs <name> <value>' : `settings ${verb} needs <list name> <values> (comma-separated)`);
  }
  // Values with spaces ("More alerts", several list entries) may be typed unquoted.
  const raw = valueWords.join(' ');
  const actor = cliActor();
  const now = container.clock.now();
  const { before, update } = await container.store.transaction(async (tx) => {
    const current = await loadSettingsWithDefaults(tx, now);
    const next = applyChange(verb, current.value, name, raw, actor, now);
    await saveSettingChange(tx, current, next.settings);
    // In the same unit of work as the change, after it (docs/audit-log.md); an unchanged value is not a change.
    if (next.settings !== current.value) {
      await appendAudit(tx, container.hasher, container.clock, {
        category: 'Settings',
        activity: AUDIT_ACTIVITIES.editedSettings,
        actor: { id: actor },
        target: next.change.name,
        details: { setting: next.change.name, operation: verb, before: next.change.before, after: next.change.after },
      });
    }
    return { before: current.value, update: next };
  });
  const definition = settingDefinition(update.change.name);
  const from = formatSettingValue(definition, before);
  const to = formatSettingValue(definition, update.settings);
  console.log(from === to ? `${update.change.name}: ${to} (unchanged)` : `${update.change.name}: ${from} → ${to}`);
  return 0;
}

function applyChange(verb: 'set' | 'add' | 'remove', current: Settings, name: string, raw: string, actor: string, now: Date): SettingUpdate {
  const options = { knownIndicators: CATALOGUE_INDICATORS };
  switch (verb) {
    case 'set':
      return updateSetting(current, name, raw, actor, now, options);
    case 'add':
      return addSettingListEntries(current, name, raw, actor, now, options);
    case 'remove':
      return removeSettingListEntries(current, name, raw, actor, now);
  }
}

