import { alertCard } from '../cards/alert/alert.card';
import type { Caller } from '../core/access/access-control';
import type { Alert } from '../core/alerts/alert';
import { listActiveCasesOf } from '../core/cases/case.repository';
import { refreshUserIdsOf } from './refresh-users';
import { TemplateIdSchema } from '../core/policies/policy-templates';
import { getTemplate } from '../core/policies/policy-templates';
import type { CardJson } from '../core/ports/messenger';
import type { StoreTransaction } from '../core/ports/store';
import { currentSettings } from '../core/settings/current-settings';
import type { BotServices } from './bot-services';

export interface AlertViewOptions {
  /** The person looking (an invoke), or undefined for the channel post everyone sees first. */
  readonly viewer?: Caller;
  readonly canTriage: boolean;
  readonly expanded?: boolean;
  readonly notice?: string;
}

/** Renders an alert's card as of now, for one viewer or for the channel. */
export async function renderAlertCard(services: BotServices, tx: StoreTransaction, alert: Alert, options: AlertViewOptions): Promise<CardJson> {
  const settings = await currentSettings(tx, services.clock.now());
  const template = TemplateIdSchema.safeParse(alert.template);
  return alertCard({
    alert,
    alertRef: services.pseudonymizer.reference('alert', alert.id),
    user: services.pseudonymizer.display(alert.userId, settings.privacy.pseudonymize),
    templateName: template.success ? getTemplate(template.data).displayName : alert.template,
    canTriage: options.canTriage,
    activeCases: options.canTriage && alert.status === 'NeedsReview' ? (await listActiveCasesOf(tx, alert.userId)).map((c) => ({ id: c.id, name: c.name })) : [],
    expanded: options.expanded ?? false,
    refreshUserIds: (await refreshUserIdsOf(tx)).slice(0, 60),
    ...(options.notice === undefined ? {} : { notice: options.notice }),
  });
}
