import { listChannels, setAlertsChannel, findChannelByName } from '../../core/conversations/conversation.repository';
import { ValidationError } from '../../core/errors';
import type { ChatCommand } from './chat-command';

export interface AlertsChannelHooks {
  /** Posts the cards of alerts that were waiting for a channel; returns how many. */
  readonly postBacklog: () => Promise<number>;
}

/** `alerts channel here` (typed in the channel) or `alerts channel <name>`: where alert cards go. */
export function alertsChannelCommand(hooks: AlertsChannelHooks): ChatCommand {
  return {
    name: 'alerts channel',
    usage: 'alerts channel here | alerts channel <channel name>',
    summary: 'choose the channel alert cards are posted into',
    permission: 'configurePoliciesAndSettings',
    async run(context, args) {
      const { services, place, caller } = context;
      const target = args.positionals.join(' ').trim();
      if (target === '') throw new ValidationError("say where: 'alerts channel here' in the channel, or 'alerts channel <name>'", [{ field: 'channel', reason: 'required' }]);
      const now = services.clock.now().toISOString();
      const chosen = await services.store.transaction(async (tx) => {
        let channel;
        if (target.toLowerCase() === 'here') {
          if (place.kind !== 'channel' || place.channelId === undefined) {
            throw new ValidationError("'alerts channel here' must be typed in a team channel (this is a chat); or name the channel", [{ field: 'channel', reason: 'not a channel' }]);
          }
          const known = (await listChannels(tx, place.teamId)).find((c) => c.conversationId === place.channelId);
          channel = {
            serviceUrl: place.serviceUrl,
            channelId: place.channelId,
            ...(place.tenantId === undefined ? {} : { tenantId: place.tenantId }),
            ...(place.teamId === undefined ? {} : { teamId: place.teamId }),
            ...(place.teamName === undefined ? {} : { teamName: place.teamName }),
            ...((place.channelName ?? known?.channelName) === undefined ? {} : { channelName: place.channelName ?? known?.channelName }),
          };
        } else {
          const found = await findChannelByName(tx, target, place.kind === 'channel' ? place.teamId : undefined);
          channel = {
            serviceUrl: found.serviceUrl,
            channelId: found.conversationId,
            ...(found.tenantId === undefined ? {} : { tenantId: found.tenantId }),
            ...(found.teamId === undefined ? {} : { teamId: found.teamId }),
            ...(found.teamName === undefined ? {} : { teamName: found.teamName }),
            ...(found.channelName === undefined ? {} : { channelName: found.channelName }),
          };
        }
        const { before } = await setAlertsChannel(tx, { ...channel, setBy: caller.id, setAt: now });
        await services.audit(tx, {
          category: 'Settings',
          activity: 'Edited settings',
          actor: caller,
          target: 'alertsChannel',
          details: { before: before === undefined ? null : `${before.teamName ?? before.teamId ?? ''} / ${before.channelName ?? before.channelId}`, after: `${channel.teamName ?? channel.teamId ?? ''} / ${channel.channelName ?? channel.channelId}` },
        });
        return channel;
      });
      const backlog = await hooks.postBacklog();
      return {
        text:
          `Alert cards will be posted into **${chosen.channelName ?? 'this channel'}**${chosen.teamName === undefined ? '' : ` (${chosen.teamName})`}, one thread per alert.` +
          (backlog > 0 ? ` Posting ${backlog} alert${backlog === 1 ? '' : 's'} that were waiting.` : ''),
      };
    },
  };
}
