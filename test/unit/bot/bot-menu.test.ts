import fs from 'node:fs';
import path from 'node:path';
import { replyText } from '../../support/bot/replies';
import { createBotTestKit, PEOPLE } from '../../support/bot/test-services';

interface MenuList {
  readonly scopes: readonly string[];
  readonly commands: readonly { readonly title: string; readonly description: string }[];
}

const template = JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../../manifest/manifest.template.json'), 'utf8')) as { bots: { commandLists: MenuList[] }[] };

describe('the bot menu in the manifest', () => {
  it('offers, in the team and personal scopes, only commands the bot has', async () => {
    const kit = await createBotTestKit();
    const lists = template.bots[0].commandLists;
    expect(lists.flatMap((l) => l.scopes)).toEqual(expect.arrayContaining(['team', 'personal']));
    const names = kit.commands.commands.map((c) => c.name);
    for (const list of lists) {
      expect(list.commands.length).toBeLessThanOrEqual(10);
      for (const { title } of list.commands) {
        // The title is what Teams types for the user: it must route to a command, not to "I don't know".
        expect({ title, known: names.some((n) => title === n || title.startsWith(`${n} `)) }).toEqual({ title, known: true });
      }
    }
    const place = (title: string) => (title === 'alerts channel here' ? 'channel' : 'personal');
    // Picked from the menu as is, each runs (or, like dismiss, says what else it needs).
    for (const { title } of lists[0].commands) expect(replyText(await kit.ask(PEOPLE.irm, title, place(title)))).not.toMatch(/^(I don't know|⛔|❌)/u);
  });
});
