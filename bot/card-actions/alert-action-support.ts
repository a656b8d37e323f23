import type { Alert } from '../../core/alerts/alert';
import { UserError } from '../../core/errors';
import { alertsCollection } from '../../core/persistence/collections';
import { resolveReference } from '../../core/persistence/references';
import type { CardJson } from '../../core/ports/messenger';
import type { StoreTransaction, Versioned } from '../../core/ports/store';
import { NotFoundError } from '../../core/errors';
import { renderAlertCard } from '../alert-card-view';
import type { CardActionContext } from './card-action';

export async function loadAlertByRef(tx: StoreTransaction, alertRef: string): Promise<Versioned<Alert>> {
  const ref = await resolveReference(tx, alertRef, 'alert');
  const alert = await tx.documents(alertsCollection).get(ref.userId, ref.id);
  if (alert === undefined) throw new NotFoundError(`alert ${alertRef} no longer exists (alerts that need review expire after 120 days)`);
  return alert;
}

/**
 * Runs a triage decision and answers with the alert's card as the clicking user should now see
 * it. A mistake in what they typed (an empty case name) comes back on the card itself, with
 * their inputs' card still showing the actions, rather than as an error toast Teams hides.
 */
export async function answerWithAlertCard(
  context: CardActionContext,
  alertRef: string,
  decide: (tx: StoreTransaction, alert: Versioned<Alert>) => Promise<{ alert: Alert; notice?: string }>,
  options: { readonly expanded?: boolean } = {},
): Promise<CardJson> {
  const { services, caller } = context;
  const canTriage = await services.access.can(caller, 'investigateAlerts');
  try {
    const card = await services.store.transaction(async (tx) => {
      const stored = await loadAlertByRef(tx, alertRef);
      const decided = await decide(tx, stored);
      return renderAlertCard(services, tx, decided.alert, { viewer: caller, canTriage, expanded: options.expanded ?? false, ...(decided.notice === undefined ? {} : { notice: decided.notice }) });
    });
    services.kick();
    return card;
  } catch (error) {
    if (!(error instanceof UserError) || error instanceof NotFoundError) throw error;
    return services.store.transaction(async (tx) => {
      const stored = await loadAlertByRef(tx, alertRef);
      return renderAlertCard(services, tx, stored.value, { viewer: caller, canTriage, expanded: options.expanded ?? false, notice: `⚠️ ${error.message}` });
    });
  }
}
