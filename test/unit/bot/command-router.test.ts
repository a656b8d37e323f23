import type { ChatCommand, CommandContext } from '../../../bot/commands/chat-command';
import { createCommandRouter } from '../../../bot/commands/command-router';
import { OperationalError } from '../../../core/errors';
import { replyText } from '../../support/bot/replies';
import { type BotTestKit, createBotTestKit, PEOPLE } from '../../support/bot/test-services';

describe('the command router', () => {
  let kit: BotTestKit;
  beforeEach(async () => {
    kit = await createBotTestKit();
  });

  it('suggests the closest command for one it does not know', async () => {
    expect(replyText(await kit.ask(PEOPLE.irm, 'alert'))).toBe("I don't know the command 'alert'. Did you mean **alerts**? Type **help** for the list.");
    expect(replyText(await kit.ask(PEOPLE.irm, 'domain allow x.com'))).toContain('Did you mean **domains allow**?');
    expect(replyText(await kit.ask(PEOPLE.irm, '', 'channel'))).toBe('Type **help** to see what you can do here.');
  });

  it('matches the longest command name, in any case', async () => {
    expect(replyText(await kit.ask(PEOPLE.irm, 'DOMAINS Remove allow contoso.com'))).toContain('domains.allowed entry 1: "contoso.com" is not in the list');
    expect(replyText(await kit.ask(PEOPLE.irm, 'Policy   CREATE {"name": "it\'s mine", "template": "IntellectualPropertyTheft"}'))).toMatch(/^Created policy \*\*it's mine\*\*/);
  });

  it('asks for permission first (a denial is audited), then refuses an unknown option with the closest one', async () => {
    expect(replyText(await kit.ask(PEOPLE.nobody, 'alerts --severty High'))).toMatch(/^⛔ .* may not run 'alerts'/);
    expect((await kit.audit()).map((e) => e.activity)).toEqual(['Permission denied']);
    expect(replyText(await kit.ask(PEOPLE.irm, 'alerts --severty High'))).toBe(
      "⚠️ 'alerts' has no option --severty; did you mean --severity? (options: --status, --severity, --policy, --user, --risk-factor, --from, --to, --limit)\n\nUsage: `alerts [--status NeedsReview] [--severity High] [--policy <name>] [--user <upn|Anon-…>] [--risk-factor sequence] [--from 2026-03-01] [--to …] [--limit 25]`",
    );
    expect(replyText(await kit.ask(PEOPLE.irm, 'domains allow x.com --force'))).toContain("'domains allow' has no option --force (it takes no options)");
    expect((await kit.audit()).map((e) => e.activity)).toEqual(['Permission denied']);
  });

  it('answers an unbalanced quote with what to do', async () => {
    expect(replyText(await kit.ask(PEOPLE.irm, 'priority-group create "Board'))).toBe('⚠️ unbalanced " quote: close it, or leave quotes out');
  });

  it('never throws: failures of ours are logged, retryable ones say to try again, nothing else leaks', async () => {
    const failing = (error: Error): ChatCommand => ({ name: 'boom', usage: 'boom', summary: 'fails', permission: 'anyone', run: () => Promise.reject(error) });
    const context: CommandContext = {
      caller: { id: PEOPLE.irm.aadObjectId },
      place: { kind: 'personal', conversationId: 'a:1', serviceUrl: 'https://smba.trafficmanager.net/teams/' },
      services: kit.services,
      teams: { teamChannels: () => Promise.resolve([]), mentionedPeople: () => Promise.resolve([]), attachedFiles: () => Promise.resolve([]) },
    };
    const bug = await createCommandRouter([failing(new Error('secret detail'))]).run(context, 'boom');
    expect(bug.text).toBe("❌ 'boom' failed unexpectedly. Nothing was changed. The error is in the server log.");
    expect(kit.logs.join('\n')).toContain('secret detail');
    const busy = await createCommandRouter([failing(new OperationalError('store unreachable'))]).run(context, 'boom');
    expect(busy.text).toBe("⏳ 'boom' could not finish (store unreachable). Nothing was changed; try again in a minute.");
    expect(() => createCommandRouter([failing(new Error('x')), failing(new Error('y'))])).toThrow('chat commands registered twice: boom');
  });
});
