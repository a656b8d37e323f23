import { tableCard } from '../../cards/table/table.card';
import { formatUtc } from '../../cards/common/format';
import { ensureReference } from '../../core/persistence/references';
import { currentSettings } from '../../core/settings/current-settings';
import { ValidationError } from '../../core/errors';
import type { ChatCommand } from './chat-command';
import { ALERT_FILTER_OPTIONS, selectAlerts, textOption } from './alert-filters';

/** `alerts [--status …] [--severity …] [--policy …] [--user …] [--risk-factor …] [--from …] [--to …] [--limit N]`. */
export const alertsCommand: ChatCommand = {
  name: 'alerts',
  usage: 'alerts [--status NeedsReview] [--severity High] [--policy <name>] [--user <upn|Anon-…>] [--risk-factor sequence] [--from 2026-03-01] [--to …] [--limit 25]',
  summary: 'list alerts, newest first',
  permission: 'investigateAlerts',
  options: [...ALERT_FILTER_OPTIONS, 'limit'],
  async run(context, args) {
    const { services } = context;
    const limitText = textOption(args.options.get('limit'), 'limit');
    const limit = limitText === undefined ? 25 : Number(limitText);
    if (!Number.isInteger(limit) || limit < 1 || limit > 100) {
      throw new ValidationError(`--limit: expected a whole number from 1 to 100; got '${limitText}'`, [{ field: '--limit', reason: 'expected 1 to 100' }]);
    }
    if (args.positionals.length > 0) {
      throw new ValidationError(`'alerts' takes options only (e.g. --status NeedsReview); got '${args.positionals.join(' ')}'`, [{ field: 'arguments', reason: 'unexpected' }]);
    }
    return services.store.transaction(async (tx) => {
      const settings = await currentSettings(tx, services.clock.now());
      const { alerts, truncated } = await selectAlerts(tx, services.pseudonymizer, args, { limit });
      const rows: string[][] = [];
      for (const a of alerts) {
        const ref = await ensureReference(tx, services.pseudonymizer, { kind: 'alert', userId: a.userId, id: a.id });
        rows.push([ref, services.pseudonymizer.display(a.userId, settings.privacy.pseudonymize), a.policyName, `${a.severity} ${Math.round(a.score)}`, a.status, formatUtc(a.createdAt)]);
      }
      return {
        card: tableCard({
          title: 'Alerts',
          subtitle: `${alerts.length}${truncated ? '+' : ''} alert${alerts.length === 1 ? '' : 's'}, newest first`,
          headers: ['Alert', 'User', 'Policy', 'Severity', 'Status', 'Detected'],
          widths: [3, 3, 4, 2, 2, 3],
          rows,
          emptyText: 'No alerts match.',
          footer: truncated ? `More alerts match; narrow the filters or raise --limit (at most 100).` : '',
        }),
      };
    });
  },
};
