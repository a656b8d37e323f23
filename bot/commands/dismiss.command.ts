import { parseDismissReason, dismissAlert } from '../../core/alerts/triage';
import { DISMISS_REASONS } from '../../core/alerts/alert';
import { ValidationError } from '../../core/errors';
import { alertsCollection } from '../../core/persistence/collections';
import { resolveReference } from '../../core/persistence/references';
import type { Alert } from '../../core/alerts/alert';
import type { Versioned } from '../../core/ports/store';
import type { ChatCommand } from './chat-command';
import { ALERT_FILTER_OPTIONS, hasAlertFilter, selectAlerts, textOption } from './alert-filters';

/** Purview dismisses at most 400 alerts at once (irm-reference §4.2). */
export const MAX_BULK_DISMISS = 400;

/** `dismiss <A-… …> | <filters> --reason 1|2|3 [--notes "…"]`: bulk dismissal of alerts that need review. */
export const dismissCommand: ChatCommand = {
  name: 'dismiss',
  usage: 'dismiss <A-… …> | [--policy <name>] [--severity Low] [--user …] [--risk-factor …] [--from …] [--to …] --reason 1|2|3 [--notes "…"]',
  summary: `dismiss up to ${MAX_BULK_DISMISS} alerts that need review, with one of the three reasons`,
  permission: 'investigateAlerts',
  options: [...ALERT_FILTER_OPTIONS, 'reason', 'notes'],
  async run(context, args) {
    const { services, caller } = context;
    const reasonText = textOption(args.options.get('reason'), 'reason');
    if (reasonText === undefined) {
      throw new ValidationError(`--reason is required: ${DISMISS_REASONS.map((r, i) => `${i + 1} = "${r}"`).join(', ')}`, [{ field: '--reason', reason: 'required' }]);
    }
    const reason = parseDismissReason(reasonText);
    const notes = textOption(args.options.get('notes'), 'notes');
    const refs = args.positionals;
    if (refs.length === 0 && !hasAlertFilter(args)) {
      throw new ValidationError('say which alerts: their references (A-…) or at least one filter such as --policy or --severity', [{ field: 'alerts', reason: 'no alert or filter given' }]);
    }
    if (refs.length > 0 && hasAlertFilter(args)) {
      throw new ValidationError('give alert references or filters, not both', [{ field: 'alerts', reason: 'references and filters together' }]);
    }
    if (refs.length > MAX_BULK_DISMISS) {
      throw new ValidationError(`at most ${MAX_BULK_DISMISS} alerts at once; got ${refs.length}`, [{ field: 'alerts', reason: `at most ${MAX_BULK_DISMISS}` }]);
    }
    const now = services.clock.now().toISOString();
    const result = await services.store.transaction(async (tx) => {
      let targets: Versioned<Alert>[] = [];
      if (refs.length > 0) {
        for (const r of refs) {
          const ref = await resolveReference(tx, r, 'alert');
          const alert = await tx.documents(alertsCollection).get(ref.userId, ref.id);
          if (alert !== undefined) targets.push(alert);
        }
      } else {
        const selected = await selectAlerts(tx, services.pseudonymizer, args, { defaultStatus: 'NeedsReview', limit: MAX_BULK_DISMISS });
        if (selected.truncated) {
          throw new ValidationError(`more than ${MAX_BULK_DISMISS} alerts match; narrow the filters (at most ${MAX_BULK_DISMISS} at once)`, [{ field: 'filters', reason: `matches more than ${MAX_BULK_DISMISS}` }]);
        }
        targets = [];
        for (const a of selected.alerts) {
          const stored = await tx.documents(alertsCollection).get(a.userId, a.id);
          if (stored !== undefined) targets.push(stored);
        }
      }
      let dismissed = 0;
      let skipped = 0;
      for (const alert of targets) {
        const outcome = await dismissAlert(tx, services, { alert, actor: caller, now, reason, ...(notes === undefined ? {} : { notes }) });
        if (outcome.kind === 'dismissed') dismissed++;
        else skipped++;
      }
      return { dismissed, skipped, requested: refs.length > 0 ? refs.length : targets.length };
    });
    services.kick();
    const missing = result.requested - result.dismissed - result.skipped;
    return {
      text:
        `Dismissed ${result.dismissed} alert${result.dismissed === 1 ? '' : 's'} ("${reason}").` +
        (result.skipped > 0 ? ` ${result.skipped} had already been triaged and were left as they were.` : '') +
        (missing > 0 ? ` ${missing} no longer exist.` : ''),
    };
  },
};
