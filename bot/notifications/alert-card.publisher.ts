import { type Alert, NEEDS_REVIEW_RETENTION_DAYS } from '../../core/alerts/alert';
import { formatUtc } from '../../cards/common/format';
import { noticeCard } from '../../cards/notice/notice.card';
import { alertPostsCollection, type AlertPost, type AlertsChannel } from '../../core/conversations/conversation';
import { getAlertsChannel } from '../../core/conversations/conversation.repository';
import { NotFoundError } from '../../core/errors';
import type { DomainEvent } from '../../core/events/domain-event';
import type { EventConsumer } from '../../core/events/outbox-dispatcher';
import { alertsCollection } from '../../core/persistence/collections';
import { ensureReference } from '../../core/persistence/references';
import type { Messenger, PostedMessage } from '../../core/ports/messenger';
import type { BotServices } from '../bot-services';
import { renderAlertCard } from '../alert-card-view';

export interface AlertCardPublisher extends EventConsumer {
  /** Posts or updates one alert's card now (also used to post the backlog when a channel is chosen). */
  publish(userId: string, alertId: string): Promise<'posted' | 'updated' | 'skipped'>;
}

/**
 * Keeps one card per alert in the alerts channel: `alert.created` posts it as a new thread,
 * later events update that same message in place (`updateActivity`).
 *
 * Never a second post: where the card went is stored per alert, and a redelivered event, a
 * restart or the backlog run finds it and updates instead. The one window left is a crash after
 * Teams accepted the post and before the record is written (Teams has no idempotency key to ask
 * with); the record is written immediately after the post to keep that window to one round trip.
 * One alert is published at a time in this process (the outbox already orders a user's events).
 */
export function createAlertCardPublisher(services: BotServices, messenger: Messenger): AlertCardPublisher {
  const inFlight = new Map<string, Promise<'posted' | 'updated' | 'skipped'>>();
  let warnedNoChannel = false;

  /**
   * An alert removed by retention: its card says so (without any of the removed content), so the
   * channel does not keep showing "Needs review" for something that no longer exists.
   */
  const markExpired = async (event: DomainEvent, userId: string, alertId: string): Promise<'updated' | 'skipped'> => {
    const post = await services.store.transaction((tx) => tx.documents(alertPostsCollection).get(userId, alertId));
    if (post === undefined) return 'skipped';
    const card = noticeCard({
      title: 'Alert expired',
      text: `This alert needed review for more than ${NEEDS_REVIEW_RETENTION_DAYS} days and was not part of a case, so it was removed (retention).`,
      facts: [
        { title: 'Alert', value: services.pseudonymizer.reference('alert', alertId) },
        { title: 'Removed', value: typeof event.data.expiredAt === 'string' ? formatUtc(event.data.expiredAt) : formatUtc(event.time) },
      ],
    });
    await messenger.updateMessage(post.value, { card, text: 'Insider-risk alert expired' });
    await saveUpdated(post.value);
    return 'updated';
  };

  const publishOnce = async (userId: string, alertId: string): Promise<'posted' | 'updated' | 'skipped'> => {
    const loaded = await services.store.transaction(async (tx) => {
      const alert = await tx.documents(alertsCollection).get(userId, alertId);
      if (alert === undefined) return undefined;
      await ensureReference(tx, services.pseudonymizer, { kind: 'alert', userId, id: alertId });
      const post = await tx.documents(alertPostsCollection).get(userId, alertId);
      const channel = await getAlertsChannel(tx);
      const card = await renderAlertCard(services, tx, alert.value, { canTriage: true });
      return { alert: alert.value, post: post?.value, channel, card };
    });
    // The alert expired or was removed before its event was delivered: nothing to show.
    if (loaded === undefined) return 'skipped';
    const { alert, post, channel, card } = loaded;
    const message = { card, text: summary(alert) };
    if (post !== undefined) {
      try {
        await messenger.updateMessage(post, message);
        await saveUpdated(post);
        return 'updated';
      } catch (error) {
        // The message was deleted in Teams: post a fresh card (to the current channel) rather than lose the alert.
        if (!(error instanceof NotFoundError) || channel === undefined) throw error;
        services.log(`alert card for ${services.pseudonymizer.reference('alert', alertId)} was gone from Teams; posting it again`);
      }
    }
    if (channel === undefined) {
      if (!warnedNoChannel) services.log("alerts are not posted: no alerts channel is set (an admin types 'alerts channel here' in the channel)");
      warnedNoChannel = true;
      return 'skipped';
    }
    const posted = await messenger.postToChannel(addressOf(channel), message);
    await savePosted(alert, posted);
    return 'posted';
  };

  const savePosted = async (alert: Alert, posted: PostedMessage): Promise<void> => {
    const now = services.clock.now().toISOString();
    const record: AlertPost = { alertId: alert.id, userId: alert.userId, ...posted, postedAt: now, updatedAt: now };
    await services.store.transaction((tx) => tx.documents(alertPostsCollection).upsert(alert.userId, alert.id, record));
  };

  const saveUpdated = async (post: AlertPost): Promise<void> => {
    await services.store.transaction((tx) =>
      tx.documents(alertPostsCollection).upsert(post.userId, post.alertId, { ...post, updatedAt: services.clock.now().toISOString() }),
    );
  };

  const publish = (userId: string, alertId: string): Promise<'posted' | 'updated' | 'skipped'> => {
    const key = `${userId}\u0000${alertId}`;
    const previous = inFlight.get(key) ?? Promise.resolve('skipped' as const);
    const next = previous.catch(() => 'skipped' as const).then(() => publishOnce(userId, alertId));
    inFlight.set(key, next);
    return next.finally(() => {
      if (inFlight.get(key) === next) inFlight.delete(key);
    });
  };

  return {
    name: 'alert-card-publisher',
    handles: ['alert.created', 'alert.updated', 'alert.triaged'],
    async handle(event: DomainEvent) {
      const alertId = event.data.alertId;
      const userId = event.data.userId;
      if (typeof alertId !== 'string' || typeof userId !== 'string') return;
      if (event.type === 'alert.triaged' && event.data.status === 'Expired') {
        await markExpired(event, userId, alertId);
        return;
      }
      await publish(userId, alertId);
    },
    publish,
  };
}

function addressOf(channel: AlertsChannel): { serviceUrl: string; tenantId?: string; teamId?: string; channelId: string } {
  return {
    serviceUrl: channel.serviceUrl,
    channelId: channel.channelId,
    ...(channel.tenantId === undefined ? {} : { tenantId: channel.tenantId }),
    ...(channel.teamId === undefined ? {} : { teamId: channel.teamId }),
  };
}

/** The notification preview: no identity in it (it shows in activity feeds and on lock screens). */
function summary(alert: Alert): string {
  return `${alert.severity} severity insider-risk alert: ${alert.policyName}`;
}
