import { getAlertsChannel } from '../../../core/conversations/conversation.repository';
import { replyText } from '../../support/bot/replies';
import { type BotTestKit, CHANNEL, createBotTestKit, PEOPLE, TEAM } from '../../support/bot/test-services';

describe('alerts channel', () => {
  let kit: BotTestKit;
  const admin = PEOPLE.irm;
  const channel = () => kit.store.transaction((tx) => getAlertsChannel(tx));

  beforeEach(async () => {
    kit = await createBotTestKit();
  });

  it("'here', typed in a channel, chooses that channel; audited", async () => {
    expect(replyText(await kit.ask(admin, 'alerts channel here', 'channel'))).toBe(`Alert cards will be posted into **${CHANNEL.name}** (${TEAM.name}), one thread per alert.`);
    expect(await channel()).toMatchObject({ channelId: CHANNEL.id, teamId: TEAM.id, channelName: CHANNEL.name, setBy: admin.aadObjectId });
    const [entry] = await kit.audit();
    expect(entry).toMatchObject({ category: 'Settings', activity: 'Edited settings', target: 'alertsChannel', actor: { id: admin.aadObjectId }, details: { before: null, after: `${TEAM.name} / ${CHANNEL.name}` } });
  });

  it('a channel the bot has seen can be named from a personal chat', async () => {
    await kit.ask(admin, 'help', 'channel');
    expect(replyText(await kit.ask(admin, 'alerts channel irm alerts'))).toBe(`Alert cards will be posted into **${CHANNEL.name}** (${TEAM.name}), one thread per alert.`);
    expect((await channel())?.channelId).toBe(CHANNEL.id);
  });

  it("refuses 'here' outside a channel and a missing name, choosing nothing", async () => {
    expect(replyText(await kit.ask(admin, 'alerts channel here'))).toContain("'alerts channel here' must be typed in a team channel (this is a chat); or name the channel");
    expect(replyText(await kit.ask(admin, 'alerts channel'))).toContain("say where: 'alerts channel here' in the channel, or 'alerts channel <name>'");
    expect(replyText(await kit.ask(admin, 'alerts channel Nowhere'))).toMatch(/^⚠️ /u);
    expect(await channel()).toBeUndefined();
    expect(await kit.audit()).toEqual([]);
  });
});
