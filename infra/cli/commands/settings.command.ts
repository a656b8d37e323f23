import { parseArgs } from 'node:util';
import { appendAudit } from '../../../core/audit/audit-log';
import type { RecordAudit } from '../../../core/ports/audit-trail';
import { describeSettings } from '../../../core/settings/describe-settings';
import { changeSetting, loadSettingsWithDefaults } from '../../../core/settings/settings-service';
import type { Container } from '../../container';
import { CommandUsageError, cliActor, printJson, printTable } from './command-support';

/**
 * `irm settings show | set | add | remove`: the global settings from the command line, with the
 * same parsing and messages as the chat commands (core/settings/update-setting.ts).
 */

export { loadSettingsWithDefaults };

export async function settingsCommand(container: Container, args: readonly string[]): Promise<number> {
  const [verb, ...rest] = args;
  switch (verb) {
    case undefined:
    case 'show':
      return showSettings(container, rest);
    case 'set':
    case 'add':
    case 'remove':
      return changeSettingCommand(container, verb, rest);
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

async function changeSettingCommand(container: Container, verb: 'set' | 'add' | 'remove', args: readonly string[]): Promise<number> {
  const { positionals } = parseArgs({ args: [...args], allowPositionals: true, options: {} });
  const [name, ...valueWords] = positionals;
  if (name === undefined || valueWords.length === 0) {
    throw new CommandUsageError(verb === 'set' ? 'settings set needs <name> <value>' : `settings ${verb} needs <list name> <values> (comma-separated)`);
  }
  // Values with spaces ("More alerts", several list entries) may be typed unquoted.
  const raw = valueWords.join(' ');
  const audit: RecordAudit = (tx, record) => appendAudit(tx, container.hasher, container.clock, record).then(() => undefined);
  const result = await container.store.transaction((tx) => changeSetting(tx, audit, { verb, name, raw, actor: { id: cliActor() }, now: container.clock.now() }));
  console.log(result.changed ? `${result.update.change.name}: ${result.from} → ${result.to}` : `${result.update.change.name}: ${result.to} (unchanged)`);
  return 0;
}


