import {
  type Activity,
  type AdaptiveCardInvokeResponse,
  type AdaptiveCardInvokeValue,
  CardFactory,
  type ChannelInfo,
  type InvokeResponse,
  MessageFactory,
  TeamsActivityHandler,
  type TeamInfo,
  TeamsInfo,
  type TurnContext,
} from 'botbuilder';
import { markConversationRemoved, recordConversation, recordKnownPerson } from '../core/conversations/conversation.repository';
import type { BotServices } from './bot-services';
import type { CardActionRouter } from './card-actions/card-action-router';
import type { CommandReply } from './commands/chat-command';
import type { CommandRouter } from './commands/command-router';
import { callerOf, channelDataOf, conversationOf, placeOf, teamsLookupFor } from './teams/turn-facts';

/**
 * The bot: translates Teams activities into commands and card actions, and keeps track of where
 * it is installed. It decides nothing itself (core does).
 */
export class IrmBot extends TeamsActivityHandler {
  constructor(
    private readonly services: BotServices,
    private readonly commands: CommandRouter,
    private readonly cardActions: CardActionRouter,
  ) {
    super();

    this.onMessage(async (context, next) => {
      await this.remember(context);
      const text = context.activity.text ?? '';
      // Old clients send Action.Submit data as a message with a value; our cards use Action.Execute only.
      if (text.trim() === '' && context.activity.value !== undefined) {
        await context.sendActivity('This card needs a newer Teams client (Adaptive Cards 1.5, Action.Execute).');
      } else {
        const reply = await this.commands.run(
          { caller: callerOf(context.activity), place: placeOf(context.activity), services: this.services, teams: teamsLookupFor(context) },
          text,
        );
        await context.sendActivity(toActivity(reply));
      }
      await next();
    });

    this.onInstallationUpdateAdd(async (context, next) => {
      await this.remember(context);
      await this.rememberTeamChannels(context);
      await next();
    });

    this.onInstallationUpdateRemove(async (context, next) => {
      const data = channelDataOf(context.activity);
      const at = this.services.clock.now().toISOString();
      await this.services.store.transaction(async (tx) => {
        await markConversationRemoved(tx, data.channel?.id ?? context.activity.conversation.id, at);
      });
      await next();
    });
  }

  /** Every reply of every turn goes through the rate-limited sender (see BotServices.throttle). */
  override async run(context: TurnContext): Promise<void> {
    context.onSendActivities((ctx, _activities, next) => this.services.throttle(ctx.activity.conversation.id, next));
    await super.run(context);
  }

  /** The bot was added to a team (Teams also sends a conversation update): learn its channels and say hello. */
  protected override async onTeamsMembersAdded(context: TurnContext): Promise<void> {
    const botId = context.activity.recipient?.id;
    const botAdded = (context.activity.membersAdded ?? []).some((m) => m.id === botId);
    await this.remember(context);
    if (botAdded) {
      await this.rememberTeamChannels(context);
      await context.sendActivity(
        'Insider risk management is installed here. An administrator chooses the channel for alerts by typing ' +
          "**alerts channel here** in it (with an @mention of me); everyone can type **help** to see what they may do.",
      );
    }
  }

  protected override async onTeamsChannelCreated(context: TurnContext): Promise<void> {
    await this.rememberChannel(context, channelDataOf(context.activity).channel);
  }

  protected override async onTeamsChannelRenamed(context: TurnContext): Promise<void> {
    await this.rememberChannel(context, channelDataOf(context.activity).channel);
  }

  protected override async onTeamsChannelDeleted(context: TurnContext): Promise<void> {
    const id = channelDataOf(context.activity).channel?.id;
    if (id === undefined) return;
    const at = this.services.clock.now().toISOString();
    await this.services.store.transaction((tx) => markConversationRemoved(tx, id, at));
  }

  protected override async onTeamsTeamRenamed(context: TurnContext): Promise<void> {
    await this.rememberTeamChannels(context);
  }

  /** Universal Actions (`adaptiveCard/action`): one verb, one handler, the card back. */
  protected override async onAdaptiveCardInvoke(context: TurnContext, invokeValue: AdaptiveCardInvokeValue): Promise<AdaptiveCardInvokeResponse> {
    await this.remember(context);
    const trigger = (context.activity.value as { trigger?: string } | undefined)?.trigger === 'automatic' ? 'automatic' : 'manual';
    return this.cardActions.run(callerOf(context.activity), trigger, invokeValue.action.verb, invokeValue.action.data);
  }

  /** botbuilder reads `value.action.type` unchecked; a malformed invoke gets a 400, not a 500. */
  protected override async onInvokeActivity(context: TurnContext): Promise<InvokeResponse> {
    if (context.activity.name === 'adaptiveCard/action') {
      const value = context.activity.value as { action?: { type?: unknown; verb?: unknown } } | undefined;
      if (value?.action === undefined || typeof value.action.verb !== 'string') {
        return { status: 400, body: { statusCode: 400, type: 'application/vnd.microsoft.error', value: { code: 'BadRequest', message: 'expected value.action with a verb (Action.Execute)' } } };
      }
    }
    return super.onInvokeActivity(context);
  }

  private async remember(context: TurnContext): Promise<void> {
    const activity = context.activity;
    const now = this.services.clock.now().toISOString();
    await this.services.store.transaction(async (tx) => {
      await recordConversation(tx, conversationOf(activity, now));
      const from = activity.from;
      if (from?.aadObjectId !== undefined && from.id !== undefined && from.id !== activity.recipient?.id) {
        await recordKnownPerson(tx, { aadObjectId: from.aadObjectId, teamsUserId: from.id, ...(from.name === undefined ? {} : { name: from.name }), seenAt: now });
      }
    });
  }

  private async rememberChannel(context: TurnContext, channel: ChannelInfo | undefined): Promise<void> {
    if (channel?.id === undefined) return;
    const team: TeamInfo | undefined = channelDataOf(context.activity).team;
    const place = placeOf(context.activity);
    const now = this.services.clock.now().toISOString();
    await this.services.store.transaction((tx) =>
      recordConversation(tx, {
        conversationId: channel.id as string,
        kind: 'channel',
        serviceUrl: place.serviceUrl,
        updatedAt: now,
        channelName: channel.name ?? 'General',
        ...(place.tenantId === undefined ? {} : { tenantId: place.tenantId }),
        ...(team?.id === undefined ? {} : { teamId: team.id }),
        ...(team?.name === undefined ? {} : { teamName: team.name }),
      }),
    );
  }

  /** Every channel of the team the activity is from; Teams' roster calls fail outside a team, which is fine. */
  private async rememberTeamChannels(context: TurnContext): Promise<void> {
    const team = channelDataOf(context.activity).team;
    if (team?.id === undefined) return;
    let channels: ChannelInfo[];
    try {
      channels = await TeamsInfo.getTeamChannels(context, team.id);
    } catch (error) {
      this.services.log(`could not list the channels of team ${team.id}: ${error instanceof Error ? error.message : String(error)}`);
      return;
    }
    for (const channel of channels) await this.rememberChannel(context, channel);
  }
}

export function toActivity(reply: CommandReply): Partial<Activity> {
  if (reply.card !== undefined) {
    const activity = MessageFactory.attachment(CardFactory.adaptiveCard(reply.card));
    if (reply.text !== undefined) activity.text = reply.text;
    return activity;
  }
  return MessageFactory.text(reply.text ?? '');
}
