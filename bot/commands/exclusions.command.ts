import { tableCard } from '../../cards/table/table.card';
import { ValidationError } from '../../core/errors';
import { allowedValues, type SettingName, settingDefinition } from '../../core/settings/describe-settings';
import { closestName } from '../../core/settings/closest-name';
import { loadSettingsWithDefaults } from '../../core/settings/settings-service';
import type { ChatCommand } from './chat-command';
import { fitRows, typedEntries, wordArgument } from './list-arguments';
import { changeListSetting, listChangeText } from './list-setting-change';

/**
 * `exclusions`, `exclusions add|remove file-types|file-paths|keywords|sites <entries…>`: the four
 * global exclusion lists (intelligent detections). An entry with spaces is quoted
 * (`"C:\Program Files\Temp"`); the settings catalogue parses and limits each list.
 */

export const EXCLUSION_KINDS = ['file-types', 'file-paths', 'keywords', 'sites'] as const;
export type ExclusionKind = (typeof EXCLUSION_KINDS)[number];

const SETTING: Readonly<Record<ExclusionKind, SettingName>> = {
  'file-types': 'intelligentDetections.fileTypeExclusions',
  'file-paths': 'intelligentDetections.filePathExclusions',
  keywords: 'intelligentDetections.keywordExclusions',
  sites: 'intelligentDetections.siteUrlExclusions',
};
const LABEL: Readonly<Record<ExclusionKind, string>> = {
  'file-types': 'the file type exclusions',
  'file-paths': 'the file path exclusions',
  keywords: 'the keyword exclusions',
  sites: 'the site URL exclusions',
};

const KINDS_TEXT = EXCLUSION_KINDS.join('|');

export const exclusionsShowCommand: ChatCommand = {
  name: 'exclusions',
  usage: `exclusions [--list ${KINDS_TEXT}]`,
  summary: 'the global exclusions: file types, file paths, keywords, SharePoint sites',
  permission: 'configurePoliciesAndSettings',
  options: ['list'],
  async run(context, args) {
    const { services } = context;
    if (args.positionals.length > 0) {
      const suggestion = closestName(args.positionals[0], ['add', 'remove']);
      throw new ValidationError(`'exclusions' takes no words; did you mean 'exclusions ${suggestion ?? 'add'} …'?`, [{ field: 'arguments', reason: 'unexpected' }]);
    }
    const listOption = args.options.get('list');
    const only = listOption === undefined ? undefined : wordArgument(listOption === true ? undefined : listOption, EXCLUSION_KINDS, '--list');
    const settings = await services.store.transaction((tx) => loadSettingsWithDefaults(tx, services.clock.now()));
    const kinds = only === undefined ? EXCLUSION_KINDS : [only];
    const counts: string[] = [];
    const rows = kinds.flatMap((kind) => {
      const definition = settingDefinition(SETTING[kind]);
      if (definition.kind !== 'list') return [];
      const entries = definition.get(settings.value);
      counts.push(`${kind} ${entries.length}`);
      return entries.map((e) => [kind, definition.format(e)]);
    });
    const fitted = fitRows(rows);
    return {
      card: tableCard({
        title: 'Exclusions',
        subtitle: `${counts.join(', ')}. Activity matching an exclusion generates no alerts in any policy.`,
        headers: ['List', 'Entry'],
        widths: [1, 4],
        rows: fitted.rows,
        emptyText: 'No exclusions.',
        footer:
          fitted.omitted > 0
            ? `${fitted.omitted} more not shown; show one list with --list ${KINDS_TEXT}.`
            : `Change with 'exclusions add|remove ${KINDS_TEXT} <entries…>'; quote an entry that has spaces.`,
      }),
    };
  },
};

/** `exclusions add|remove <list> <entries…>`. */
export function exclusionsChangeCommand(verb: 'add' | 'remove'): ChatCommand {
  return {
    name: `exclusions ${verb}`,
    usage: `exclusions ${verb} ${KINDS_TEXT} <entries…>`,
    summary: `${verb} entries ${verb === 'add' ? 'to' : 'from'} one of the exclusion lists`,
    permission: 'configurePoliciesAndSettings',
    async run(context, args) {
      const [kindWord, ...rest] = args.positionals;
      const kind = wordArgument(kindWord, EXCLUSION_KINDS, 'list');
      const entries = typedEntries(rest);
      if (entries.length === 0) {
        const definition = settingDefinition(SETTING[kind]);
        throw new ValidationError(`exclusions ${verb} ${kind} needs at least one entry: ${allowedValues(definition)}`, [{ field: 'entries', reason: 'required' }]);
      }
      const change = await changeListSetting(context, verb, SETTING[kind], entries);
      return { text: listChangeText(change, LABEL[kind]) };
    },
  };
}
