import { caseCard } from '../cards/case/case.card';
import type { Caller } from '../core/access/access-control';
import type { Alert } from '../core/alerts/alert';
import { userRiskLevel } from '../core/alerts/user-risk';
import { activityTimeline } from '../core/cases/activity-timeline';
import type { Case } from '../core/cases/case';
import type { CaseAccess } from '../core/cases/case-service';
import { refreshUserIdsOf } from './refresh-users';
import { PermissionDeniedError } from '../core/errors';
import { listNoticeTemplates } from '../core/notices/notice-template.repository';
import { alertsCollection } from '../core/persistence/collections';
import type { CardJson } from '../core/ports/messenger';
import type { StoreTransaction } from '../core/ports/store';
import { currentSettings } from '../core/settings/current-settings';
import type { BotServices } from './bot-services';

/**
 * How the caller may work on a case: members of the role groups that investigate cases fully;
 * people named as the case's contributors with restricted rights (notes, no contributor changes,
 * no resolution). Anyone else is refused, and the refusal audited.
 */
export async function caseAccessOf(services: BotServices, caller: Caller, current: Case, action: string): Promise<CaseAccess> {
  if (await services.access.can(caller, 'investigateCases')) return 'full';
  if (current.contributors.some((c) => c.id === caller.id)) return 'contributor';
  await services.access.require(caller, 'investigateCases', action);
  throw new PermissionDeniedError(`you may not ${action}`);
}

export interface CaseViewOptions {
  readonly access: CaseAccess | 'none';
  readonly timelineDays?: 30 | 90;
  readonly notice?: string;
}

export async function renderCaseCard(services: BotServices, tx: StoreTransaction, current: Case, options: CaseViewOptions): Promise<CardJson> {
  const settings = await currentSettings(tx, services.clock.now());
  const alerts: Alert[] = [];
  for (const id of current.alertIds) {
    const found = await tx.documents(alertsCollection).get(current.userId, id);
    if (found !== undefined) alerts.push(found.value);
  }
  const risk = await userRiskLevel(tx, current.userId);
  // Event time: the period of the case's activity, not the day someone opens the card.
  const until = alerts.length === 0 ? current.createdAt : alerts.reduce((latest, a) => (a.lastActivityAt > latest ? a.lastActivityAt : latest), alerts[0].lastActivityAt);
  const noticeTemplates = options.access === 'full' ? (await listNoticeTemplates(tx, 50)).map((t) => ({ id: t.id, name: t.name })) : [];
  const timeline = options.timelineDays === undefined ? undefined : { days: options.timelineDays, entries: await activityTimeline(tx, current.userId, until, options.timelineDays) };
  return caseCard({
    case: current,
    alerts,
    user: services.pseudonymizer.display(current.userId, settings.privacy.pseudonymize),
    riskText: `${risk.level} (score ${Math.round(risk.score)}, ${risk.activeAlerts} active alert${risk.activeAlerts === 1 ? '' : 's'})`,
    canNote: options.access !== 'none',
    canManage: options.access === 'full',
    refreshUserIds: await refreshUserIdsOf(tx, current.contributors.map((c) => c.id)),
    noticeTemplates,
    ...(timeline === undefined ? {} : { timeline }),
    ...(options.notice === undefined ? {} : { notice: options.notice }),
  });
}
