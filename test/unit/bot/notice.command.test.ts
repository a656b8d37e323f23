import { TestAdapter, type Activity } from 'botbuilder';
import { CARD_ACTION_HANDLERS } from '../../../bot/card-actions';
import { createCardActionRouter } from '../../../bot/card-actions/card-action-router';
import type { BotServices } from '../../../bot/bot-services';
import { chatCommands } from '../../../bot/commands';
import { createCommandRouter } from '../../../bot/commands/command-router';
import { IrmBot } from '../../../bot/irm-bot';
import { casesCollection } from '../../../core/cases/case';
import type { MailMessage } from '../../../core/ports/mailer';
import { replyCard, replyText, tableRows } from '../../support/bot/replies';
import { type BotPerson, type BotTestKit, createBotTestKit, PEOPLE } from '../../support/bot/test-services';

const USER = 'ada@contoso.com';

interface NoticeBot {
  readonly kit: BotTestKit;
  readonly sent: MailMessage[];
  readonly services: BotServices;
  ask(from: BotPerson, text: string): Promise<Partial<Activity>>;
  /** An active case of Ada's, opened by confirming an alert. */
  openCase(): Promise<string>;
}

/** The kit's bot, but with notice mail configured (a recording mailer); `mail: false` leaves it unconfigured. */
async function noticeBot(options: { readonly mail?: boolean } = {}): Promise<NoticeBot> {
  const kit = await createBotTestKit();
  const sent: MailMessage[] = [];
  const services: BotServices =
    options.mail === false
      ? kit.services
      : {
          ...kit.services,
          notices: {
            mailbox: 'irm-notices@contoso.com',
            mailer: {
              async sendMail(message) {
                sent.push(message);
              },
            },
          },
        };
  const bot = new IrmBot(services, createCommandRouter(chatCommands({ postBacklog: () => Promise.resolve(0), publicUrl: () => 'https://irm.contoso.com' })), createCardActionRouter(services, CARD_ACTION_HANDLERS));
  const adapter = new TestAdapter((context) => bot.run(context));
  return {
    kit,
    sent,
    services,
    async ask(from, text) {
      let reply: Partial<Activity> | undefined;
      await adapter.send(kit.message(from, text)).assertReply((activity) => {
        reply = activity;
      });
      if (reply === undefined) throw new Error(`no reply to '${text}'`);
      return reply;
    },
    async openCase() {
      const alertRef = await kit.seedAlert({ id: `data-leaks:${USER}:1`, userId: USER });
      const irm = { id: PEOPLE.irm.aadObjectId, name: PEOPLE.irm.name };
      expect((await kit.cardActions.run(irm, 'manual', 'alert.confirm', { alertRef, caseName: 'Roadmap copied' })).statusCode).toBe(200);
      const [opened] = await kit.store.transaction((tx) => tx.documents(casesCollection).query({ where: { status: 'Active' } }));
      return opened.value.id;
    },
  };
}

const analyst = PEOPLE.analysts;
const CREATE = 'notice-template create Policy reminder --from IRM-Notices@contoso.com --subject "Please review the policy" --body "Dear colleague, please review it." --cc hr@contoso.com';

describe('notice-template chat commands', () => {
  it('creates, lists, shows, edits and deletes a template, each audited', async () => {
    const bot = await noticeBot();
    expect(replyText(await bot.ask(analyst, CREATE))).toBe('Created the notice template **Policy reminder** (Text, from irm-notices@contoso.com).');
    expect(replyText(await bot.ask(analyst, 'notice-template create Second --subject "Hi" --body "Hello"'))).toContain('from irm-notices@contoso.com');
    expect(tableRows(await bot.ask(analyst, 'notice-template list')).map((r) => r.slice(0, 4))).toEqual([
      ['Second', 'irm-notices@contoso.com', 'Hi', 'Text'],
      ['Policy reminder', 'irm-notices@contoso.com', 'Please review the policy', 'Text'],
    ]);
    const shown = JSON.stringify(replyCard(await bot.ask(analyst, 'notice-template show policy REMINDER')));
    expect(shown).toContain('Dear colleague, please review it.');
    expect(shown).toContain('hr@contoso.com');
    expect(replyText(await bot.ask(analyst, 'notice-template edit Policy reminder --subject "Second reminder" --cc none'))).toBe('Edited the notice template **Policy reminder**: --cc, --subject.');
    expect(replyText(await bot.ask(analyst, 'notice-template delete Second'))).toContain('Deleted the notice template **Second**');
    const activities = (await bot.kit.audit({ category: 'Notice templates' })).map((e) => e.activity);
    expect(activities).toEqual(['Deleted notice template', 'Edited notice template', 'Created notice template', 'Created notice template']);
  });

  it('takes an HTML body as Teams sends typed markup (escaped), sanitises it and says what it removed', async () => {
    const bot = await noticeBot();
    const body = "&lt;p onclick='x()'&gt;Read &lt;a href='https://contoso.com/policy'&gt;the policy&lt;/a&gt;&lt;/p&gt;&lt;script&gt;alert(1)&lt;/script&gt;";
    const reply = replyText(await bot.ask(analyst, `notice-template create Html one --subject "Policy" --body "${body}" --html`));
    expect(reply).toBe('Created the notice template **Html one** (HTML, from irm-notices@contoso.com). Removed from the HTML body (not allowed in notices): <script>, onclick.');
  });

  it('names the field and what was expected, and the closest template name', async () => {
    const bot = await noticeBot();
    await bot.ask(analyst, CREATE);
    const bad = replyText(await bot.ask(analyst, 'notice-template create Other --from not-a-mailbox --subject "x" --body "y" --bcc ok@contoso.com,nope'));
    expect(bad).toMatch(/^⚠️ The notice template has 2 problems: --from: expected an e-mail address such as hr@contoso.com; --bcc\[1\]: expected an e-mail address such as hr@contoso.com/u);
    expect(replyText(await bot.ask(analyst, 'notice-template show Policy remindr'))).toBe("⚠️ no notice template named 'Policy remindr'; did you mean 'Policy reminder'?");
    expect(replyText(await bot.ask(analyst, 'notice-template create policy REMINDER --subject "x" --body "y"'))).toContain('already exists');
  });

  it('without a configured mailbox, --from is required and the message says why', async () => {
    const bot = await noticeBot({ mail: false });
    expect(replyText(await bot.ask(analyst, 'notice-template create X --subject "s" --body "b"'))).toMatch(/^⚠️ notice-template create needs --from \(the sending mailbox; IRM_NOTICE_MAILBOX is not configured/u);
  });
});

describe('notice send', () => {
  it("mails the case's user, notes it on the case, and does not mail again when the same message is redelivered", async () => {
    const bot = await noticeBot();
    const caseId = await bot.openCase();
    await bot.ask(analyst, CREATE);
    const reply = replyText(await bot.ask(analyst, `notice send ${caseId} --template "policy reminder" --subject "Final reminder"`));
    expect(reply).toBe(`Notice 'Policy reminder' sent to the case's user: Final reminder. Added to the case notes. (case ${caseId})`);
    expect(bot.sent).toHaveLength(1);
    expect(bot.sent[0]).toMatchObject({ fromMailbox: 'irm-notices@contoso.com', to: [USER], cc: ['hr@contoso.com'], subject: 'Final reminder', contentType: 'Text' });
    const again = replyText(await bot.ask(analyst, `notice send ${caseId} --template "policy reminder" --subject "Final reminder"`));
    expect(again).toMatch(/^Notice 'Policy reminder' was already sent for this request/);
    expect(bot.sent).toHaveLength(1);
    const [stored] = await bot.kit.store.transaction((tx) => tx.documents(casesCollection).query({ where: { status: 'Active' } }));
    expect(stored.value.notes.map((n) => n.text)).toContain("Notice 'Policy reminder' sent to the user: Final reminder");
    expect((await bot.kit.audit({ category: 'Cases' })).map((e) => e.activity)).toContain('Sent notice');
  });

  it('suggests the closest template and needs --template', async () => {
    const bot = await noticeBot();
    const caseId = await bot.openCase();
    await bot.ask(analyst, CREATE);
    expect(replyText(await bot.ask(analyst, `notice send ${caseId} --template "Policy remnder"`))).toBe("⚠️ no notice template named 'Policy remnder'; did you mean 'Policy reminder'?");
    expect(replyText(await bot.ask(analyst, `notice send ${caseId}`))).toMatch(/^⚠️ notice send needs --template <name>/u);
    expect(bot.sent).toEqual([]);
  });

  it('says clearly that mail is not configured when Graph is not', async () => {
    const bot = await noticeBot({ mail: false });
    const caseId = await bot.openCase();
    const reply = replyText(await bot.ask(analyst, `notice send ${caseId} --template Anything`));
    expect(reply).toMatch(/^⚠️ Notice mail is not configured on this server: .*GRAPH_TENANT_ID.*IRM_NOTICE_MAILBOX.*Nothing was sent\.$/u);
  });
});

describe('the case card "Send notice"', () => {
  it('is offered to case workers once templates exist, and sends the chosen one once per card', async () => {
    const bot = await noticeBot();
    const caseId = await bot.openCase();
    const router = createCardActionRouter(bot.services, CARD_ACTION_HANDLERS);
    const caller = { id: analyst.aadObjectId, name: analyst.name };
    const before = JSON.stringify((await router.run(caller, 'manual', 'case.refresh', { caseId })).value);
    expect(before).not.toContain('case.sendNotice');
    await bot.ask(analyst, CREATE);
    type Action = { title: string; card?: { body: { id?: string; choices?: { title: string; value: string }[] }[]; actions: { data: { requestId: string } }[] } };
    const card = (await router.run(caller, 'manual', 'case.refresh', { caseId })).value as { body: { type: string; actions?: Action[] }[] };
    const action = card.body.flatMap((b) => (b.type === 'ActionSet' ? (b.actions ?? []) : [])).find((a) => a.title === 'Send notice');
    expect(action?.card?.body[0].choices?.map((c) => c.title)).toEqual(['Policy reminder']);
    const templateId = action?.card?.body[0].choices?.[0].value ?? '';
    const requestId = action?.card?.actions[0].data.requestId ?? '';
    const click = () => router.run(caller, 'manual', 'case.sendNotice', { caseId, requestId, noticeTemplate: templateId, noticeSubject: '' });
    const first = JSON.stringify((await click()).value);
    expect(first).toContain("Notice 'Policy reminder' sent to the case's user: Please review the policy.");
    const second = JSON.stringify((await click()).value);
    expect(second).toContain('was already sent for this request');
    expect(bot.sent).toHaveLength(1);
    // The card that came back is a new request: another click there would send again.
    expect(first).not.toContain(`"requestId":"${requestId}"`);
  });

  it('answers on the card when mail is not configured', async () => {
    const bot = await noticeBot({ mail: false });
    const caseId = await bot.openCase();
    const response = await bot.kit.cardActions.run({ id: analyst.aadObjectId, name: analyst.name }, 'manual', 'case.sendNotice', { caseId, requestId: 'card:x', noticeTemplate: 'nt-1' });
    expect(response.statusCode).toBe(200);
    expect(JSON.stringify(response.value)).toContain('Notice mail is not configured on this server');
  });
});
