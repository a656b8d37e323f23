import { tableCard } from '../../cards/table/table.card';
import { ValidationError } from '../../core/errors';
import type { SettingName } from '../../core/settings/describe-settings';
import { closestName } from '../../core/settings/closest-name';
import { SUBDOMAINS_MARKER } from '../../core/settings/setting-values';
import { SETTINGS_LIMITS, type DomainListName } from '../../core/settings/settings';
import { loadSettingsWithDefaults } from '../../core/settings/settings-service';
import type { ChatCommand } from './chat-command';
import { fitRows, typedDomainEntries, wordArgument } from './list-arguments';
import { changeListSetting, listChangeText } from './list-setting-change';

/**
 * `domains`, `domains allow|block|third-party <domain…>`, `domains remove allow|block|third-party
 * <domain…>`: the three domain lists of the global settings, by the words an admin would say.
 * Parsing, the 500-entry limit and the rule that a domain cannot be both allowed (or third-party)
 * and unallowed are the settings catalogue's (core/settings), so chat, CLI and `settings add`
 * agree.
 */

export const DOMAIN_LIST_WORDS = ['allow', 'block', 'third-party'] as const;
export type DomainListWord = (typeof DOMAIN_LIST_WORDS)[number];

const FIELD: Readonly<Record<DomainListWord, DomainListName>> = { allow: 'allowed', block: 'unallowed', 'third-party': 'thirdParty' };
const SETTING: Readonly<Record<DomainListWord, SettingName>> = { allow: 'domains.allowed', block: 'domains.unallowed', 'third-party': 'domains.thirdParty' };
const LABEL: Readonly<Record<DomainListWord, string>> = { allow: 'the allowed domains', block: 'the unallowed domains', 'third-party': 'the third-party domains' };
const SHORT: Readonly<Record<DomainListWord, string>> = { allow: 'allowed', block: 'unallowed', 'third-party': 'third-party' };
const SUMMARY: Readonly<Record<DomainListWord, string>> = {
  allow: 'treat domains as internal: activity with them is ignored',
  block: 'mark domains as unallowed: activity with them scores higher',
  'third-party': 'name business cloud domains (for "download content from a third-party site")',
};

const DOMAIN_FORMS = `contoso.com or *.contoso.com (one subdomain level); add ${SUBDOMAINS_MARKER} for every level`;

function domainsRequired(command: string): ValidationError {
  return new ValidationError(`${command} needs at least one domain: ${DOMAIN_FORMS}`, [{ field: 'domains', reason: 'required' }]);
}

export const domainsShowCommand: ChatCommand = {
  name: 'domains',
  usage: 'domains [--list allow|block|third-party]',
  summary: 'the allowed, unallowed and third-party domain lists',
  permission: 'configurePoliciesAndSettings',
  options: ['list'],
  async run(context, args) {
    const { services } = context;
    if (args.positionals.length > 0) {
      const suggestion = closestName(args.positionals[0], [...DOMAIN_LIST_WORDS, 'remove']);
      throw new ValidationError(`'domains' takes no words; did you mean 'domains ${suggestion ?? 'allow'} …'?`, [{ field: 'arguments', reason: 'unexpected' }]);
    }
    const listOption = args.options.get('list');
    const only = listOption === undefined ? undefined : wordArgument(listOption === true ? undefined : listOption, DOMAIN_LIST_WORDS, '--list');
    const settings = await services.store.transaction((tx) => loadSettingsWithDefaults(tx, services.clock.now()));
    const words = only === undefined ? DOMAIN_LIST_WORDS : [only];
    const rows = words.flatMap((word) => settings.value.domains[FIELD[word]].map((e) => [SHORT[word], e.domain, e.includeSubdomains ? 'yes' : 'no']));
    const fitted = fitRows(rows);
    const counts = words.map((w) => `${SHORT[w]} ${settings.value.domains[FIELD[w]].length}`).join(', ');
    return {
      card: tableCard({
        title: 'Domains',
        subtitle: `${counts} (at most ${SETTINGS_LIMITS.listEntries} each). Allowed: activity is ignored; unallowed: activity scores higher; third-party: business cloud domains.`,
        headers: ['List', 'Domain', 'Every subdomain level'],
        widths: [2, 5, 2],
        rows: fitted.rows,
        emptyText: only === undefined ? 'All three lists are empty.' : `The ${SHORT[only]} list is empty.`,
        footer:
          fitted.omitted > 0
            ? `${fitted.omitted} more not shown; show one list with --list allow|block|third-party.`
            : "Add with 'domains allow|block|third-party <domain…>', remove with 'domains remove allow|block|third-party <domain…>'.",
      }),
    };
  },
};

/** `domains allow|block|third-party <domain…>`. */
export function domainsAddCommand(word: DomainListWord): ChatCommand {
  return {
    name: `domains ${word}`,
    usage: `domains ${word} <domain…> (${DOMAIN_FORMS})`,
    summary: SUMMARY[word],
    permission: 'configurePoliciesAndSettings',
    async run(context, args) {
      const entries = typedDomainEntries(args.positionals);
      if (entries.length === 0) throw domainsRequired(`domains ${word}`);
      const change = await changeListSetting(context, 'add', SETTING[word], entries);
      return { text: listChangeText(change, LABEL[word]) };
    },
  };
}

/** `domains remove allow|block|third-party <domain…>`. */
export const domainsRemoveCommand: ChatCommand = {
  name: 'domains remove',
  usage: 'domains remove allow|block|third-party <domain…>',
  summary: 'remove domains from one of the domain lists',
  permission: 'configurePoliciesAndSettings',
  async run(context, args) {
    const [listWord, ...rest] = args.positionals;
    const word = wordArgument(listWord, DOMAIN_LIST_WORDS, 'list');
    const entries = typedDomainEntries(rest);
    if (entries.length === 0) throw domainsRequired(`domains remove ${word}`);
    const change = await changeListSetting(context, 'remove', SETTING[word], entries);
    return { text: listChangeText(change, LABEL[word]) };
  },
};
