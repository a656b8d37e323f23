import { UnexpectedError } from '../../core/errors';
import { type ListEntry, type SettingName, type SettingValue, settingDefinition } from '../../core/settings/describe-settings';
import { changeSetting } from '../../core/settings/settings-service';
import type { CommandContext } from './chat-command';
import { listText } from './list-arguments';

/**
 * Adding entries to, or removing them from, one list setting on behalf of a chat command: the
 * settings service does the parsing, limits, cross-list checks and the audit entry (one unit of
 * work); this reports what actually changed, entry by entry, rather than the whole list.
 */

export interface ListSettingChange {
  readonly name: SettingName;
  /** Entries as shown (`contoso.com +subdomains`). */
  readonly added: readonly string[];
  readonly removed: readonly string[];
  /** Entries in the list afterwards. */
  readonly total: number;
  readonly changed: boolean;
}

function isListEntry(value: unknown): value is ListEntry {
  return typeof value === 'string' || (typeof value === 'object' && value !== null && 'domain' in value);
}

function entriesOf(value: SettingValue): readonly ListEntry[] {
  return Array.isArray(value) ? (value as readonly unknown[]).filter(isListEntry) : [];
}

export async function changeListSetting(context: CommandContext, verb: 'add' | 'remove', name: SettingName, entries: readonly string[]): Promise<ListSettingChange> {
  const { services, caller } = context;
  const definition = settingDefinition(name);
  if (definition.kind !== 'list') throw new UnexpectedError(`${name} is not a list setting`);
  const result = await services.store.transaction((tx) => changeSetting(tx, services.audit, { verb, name, raw: listText(entries), actor: caller, now: services.clock.now() }));
  const before = entriesOf(result.update.change.before);
  const after = entriesOf(result.update.change.after);
  const beforeKeys = new Set(before.map((e) => definition.key(e)));
  const afterKeys = new Set(after.map((e) => definition.key(e)));
  return {
    name,
    added: after.filter((e) => !beforeKeys.has(definition.key(e))).map((e) => definition.format(e)),
    removed: before.filter((e) => !afterKeys.has(definition.key(e))).map((e) => definition.format(e)),
    total: after.length,
    changed: result.changed,
  };
}

/** The reply: what was added or removed, and how many entries the list holds now. */
export function listChangeText(change: ListSettingChange, label: string): string {
  const where = `${label} (**${change.name}**)`;
  const count = `${change.total} entr${change.total === 1 ? 'y' : 'ies'} now`;
  // Only adding can change nothing: removing an entry that is absent is an error.
  if (!change.changed) return `Nothing changed: already in ${where}; ${count}.`;
  const parts = [
    ...(change.added.length === 0 ? [] : [`added ${change.added.join(', ')}`]),
    ...(change.removed.length === 0 ? [] : [`removed ${change.removed.join(', ')}`]),
  ];
  const text = `${where}: ${parts.join('; ')}; ${count}.`;
  return text.charAt(0).toUpperCase() + text.slice(1);
}
