import { tableCard } from '../../cards/table/table.card';
import { ValidationError, type ValidationIssue } from '../../core/errors';
import { listPolicies } from '../../core/policies/policy.repository';
import { INDICATOR_CATALOGUE, INDICATOR_CATEGORIES } from '../../core/scoring/indicator-catalogue';
import { closestName } from '../../core/settings/closest-name';
import { loadSettingsWithDefaults } from '../../core/settings/settings-service';
import { choice } from './alert-filters';
import type { ChatCommand } from './chat-command';
import { fitRows, typedEntries } from './list-arguments';
import { changeListSetting, listChangeText } from './list-setting-change';

/**
 * `indicators`, `indicators enable <id…>`, `indicators disable <id…>`: the global indicator
 * switches (the `indicators.enabled` setting). A policy can only select indicators that are on
 * here; one that is turned off scores nothing in any policy until it is turned on again.
 */

const CATALOGUE_IDS: readonly string[] = INDICATOR_CATALOGUE.map((d) => d.id);
const LABEL = 'the indicators on globally';

/**
 * Ids as typed, matched without regard to case (`spodownload` is SpoDownload). Every unknown id
 * is reported with the closest known one, all at once.
 */
function resolveIndicatorIds(typed: readonly string[], known: readonly string[], verb: string): string[] {
  if (typed.length === 0) {
    throw new ValidationError(`indicators ${verb} needs at least one indicator id, such as SpoDownload (type 'indicators' for the list)`, [{ field: 'indicators', reason: 'required' }]);
  }
  const ids: string[] = [];
  const issues: ValidationIssue[] = [];
  typed.forEach((raw, index) => {
    const found = known.find((k) => k.toLowerCase() === raw.toLowerCase());
    if (found !== undefined) {
      if (!ids.includes(found)) ids.push(found);
      return;
    }
    const suggestion = closestName(raw, known);
    issues.push({ field: `indicator ${index + 1}`, reason: `unknown indicator '${raw}'${suggestion === undefined ? '' : ` (did you mean ${suggestion}?)`}` });
  });
  if (issues.length > 0) {
    throw new ValidationError(`${issues.map((i) => i.reason).join('; ')}; type 'indicators' for the list`, issues);
  }
  return ids;
}

export const indicatorsListCommand: ChatCommand = {
  name: 'indicators',
  usage: `indicators [--category ${INDICATOR_CATEGORIES.join('|')}]`,
  summary: 'every indicator: label, category, whether it is on globally, default thresholds',
  permission: 'configurePoliciesAndSettings',
  options: ['category'],
  async run(context, args) {
    const { services } = context;
    if (args.positionals.length > 0) {
      const suggestion = closestName(args.positionals[0], ['enable', 'disable']);
      throw new ValidationError(`'indicators' takes no words; did you mean 'indicators ${suggestion ?? 'enable'}'?`, [{ field: 'arguments', reason: 'unexpected' }]);
    }
    const category = choice(args.options.get('category'), INDICATOR_CATEGORIES, 'category');
    const settings = await services.store.transaction((tx) => loadSettingsWithDefaults(tx, services.clock.now()));
    const enabled = new Set(settings.value.indicators.enabled);
    const rows = INDICATOR_CATALOGUE.filter((d) => category === undefined || d.category === category).map((d) => [
      d.id,
      d.label,
      d.category,
      enabled.has(d.id) ? 'on' : 'off',
      `${d.thresholds.low} / ${d.thresholds.medium} / ${d.thresholds.high}`,
    ]);
    // Ids enabled by an older catalogue or an import stay visible, so they can be turned off.
    if (category === undefined) {
      for (const id of settings.value.indicators.enabled) if (!CATALOGUE_IDS.includes(id)) rows.push([id, '(not in the catalogue)', '', 'on', '']);
    }
    const fitted = fitRows(rows);
    const on = rows.filter((r) => r[3] === 'on').length;
    return {
      card: tableCard({
        title: category === undefined ? 'Indicators' : `Indicators: ${category}`,
        subtitle: `${on} of ${rows.length} on globally. Thresholds are the default daily event counts for low / medium / high impact; a policy may set its own.`,
        headers: ['Indicator', 'Label', 'Category', 'On', 'Thresholds'],
        widths: [4, 5, 2, 1, 2],
        rows: fitted.rows,
        emptyText: 'No indicators match.',
        footer:
          fitted.omitted > 0
            ? `${fitted.omitted} more not shown; narrow the list with --category (${INDICATOR_CATEGORIES.join(', ')}).`
            : "Turn indicators on or off with 'indicators enable <id…>' or 'indicators disable <id…>'.",
      }),
    };
  },
};

export const indicatorsEnableCommand: ChatCommand = {
  name: 'indicators enable',
  usage: 'indicators enable <indicator id…>',
  summary: 'turn indicators on globally, so policies can select them',
  permission: 'configurePoliciesAndSettings',
  async run(context, args) {
    const ids = resolveIndicatorIds(typedEntries(args.positionals), CATALOGUE_IDS, 'enable');
    const change = await changeListSetting(context, 'add', 'indicators.enabled', ids);
    return { text: listChangeText(change, LABEL) };
  },
};

export const indicatorsDisableCommand: ChatCommand = {
  name: 'indicators disable',
  usage: 'indicators disable <indicator id…>',
  summary: 'turn indicators off globally (policies that select them score nothing for them)',
  permission: 'configurePoliciesAndSettings',
  async run(context, args) {
    const { services } = context;
    const { enabled, policies } = await services.store.transaction(async (tx) => {
      const settings = await loadSettingsWithDefaults(tx, services.clock.now());
      return { enabled: settings.value.indicators.enabled, policies: (await listPolicies(tx)).map((p) => p.value) };
    });
    const known = [...CATALOGUE_IDS, ...enabled.filter((id) => !CATALOGUE_IDS.includes(id))];
    const ids = resolveIndicatorIds(typedEntries(args.positionals), known, 'disable');
    const turnOff = ids.filter((id) => enabled.includes(id));
    const alreadyOff = ids.filter((id) => !enabled.includes(id));
    if (turnOff.length === 0) return { text: `Nothing changed: ${alreadyOff.join(', ')} ${alreadyOff.length === 1 ? 'is' : 'are'} already off.` };
    const change = await changeListSetting(context, 'remove', 'indicators.enabled', turnOff);
    const affected = policies.filter((p) => p.indicators.some((id) => turnOff.includes(id))).map((p) => p.name);
    return {
      text:
        listChangeText(change, LABEL) +
        (alreadyOff.length === 0 ? '' : ` Already off: ${alreadyOff.join(', ')}.`) +
        (affected.length === 0 ? '' : ` Policies that select ${turnOff.length === 1 ? 'it' : 'them'} score nothing for ${turnOff.length === 1 ? 'it' : 'them'} now (policy health warns): ${affected.join(', ')}.`),
    };
  },
};
