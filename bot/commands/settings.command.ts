import { tableCard } from '../../cards/table/table.card';
import { ValidationError } from '../../core/errors';
import { describeSettings } from '../../core/settings/describe-settings';
import { changeSetting, loadSettingsWithDefaults, type SettingVerb } from '../../core/settings/settings-service';
import type { ChatCommand } from './chat-command';

/** `settings`: every global setting with its value, allowed range and default. */
export const settingsShowCommand: ChatCommand = {
  name: 'settings',
  usage: 'settings',
  summary: 'show every global setting: value, allowed values, default',
  permission: 'configurePoliciesAndSettings',
  async run(context) {
    const { services } = context;
    const settings = await services.store.transaction((tx) => loadSettingsWithDefaults(tx, services.clock.now()));
    const described = describeSettings(settings.value);
    return {
      card: tableCard({
        title: 'Global settings',
        subtitle: `version ${settings.value.version}, changed ${settings.value.updatedAt} by ${settings.value.updatedBy}`,
        headers: ['Setting', 'Value', 'Allowed', 'Default'],
        widths: [4, 3, 4, 2],
        rows: described.map((d) => [d.name, d.current, d.allowed, d.default]),
        footer: "Change one with 'settings set <name> <value>', lists with 'settings add|remove <name> <entries>'.",
      }),
    };
  },
};

/** `settings set|add|remove <name> <value…>`; values with spaces may be typed unquoted. */
export function settingChangeCommand(verb: SettingVerb): ChatCommand {
  return {
    name: `settings ${verb}`,
    usage: verb === 'set' ? 'settings set <name> <value>' : `settings ${verb} <list name> <entries, comma-separated>`,
    summary: verb === 'set' ? 'change one global setting' : `${verb} entries ${verb === 'add' ? 'to' : 'from'} a list setting (domains, exclusions …)`,
    permission: 'configurePoliciesAndSettings',
    async run(context, args) {
      const [name, ...words] = args.positionals;
      if (name === undefined || words.length === 0) {
        throw new ValidationError(verb === 'set' ? 'settings set needs <name> <value>' : `settings ${verb} needs <list name> <entries>`, [{ field: 'arguments', reason: 'missing' }]);
      }
      return runSettingChange(context, verb, name, words.join(' '));
    },
  };
}

export async function runSettingChange(context: Parameters<ChatCommand['run']>[0], verb: SettingVerb, name: string, raw: string): Promise<{ text: string }> {
  const { services, caller } = context;
  const result = await services.store.transaction((tx) => changeSetting(tx, services.audit, { verb, name, raw, actor: caller, now: services.clock.now() }));
  return { text: result.changed ? `**${result.update.change.name}**: ${result.from} → ${result.to}` : `**${result.update.change.name}**: ${result.to} (unchanged)` };
}
