import { casesCollection } from '../../../core/cases/case';
import { conversationsCollection } from '../../../core/conversations/conversation';
import { ConflictError, OperationalError, ValidationError } from '../../../core/errors';
import { noticesCollection } from '../../../core/notices/notice';
import type { NoticeTemplateFields } from '../../../core/notices/notice-template';
import { createNoticeTemplate, findNoticeTemplate } from '../../../core/notices/notice-template.repository';
import { noticeIdOf, sendNotice, type SendNoticeInput } from '../../../core/notices/send-notice';
import { SYSTEM_PARTITION } from '../../../core/persistence/collections';
import type { ConversationAddress, Messenger, OutgoingMessage } from '../../../core/ports/messenger';
import { ADA, ANALYST, CASE_ID, noticeWorld, type NoticeWorld } from './notice-world';

const htmlTemplate: NoticeTemplateFields = {
  name: 'Policy reminder',
  sendFrom: 'irm-notices@contoso.com',
  cc: ['hr@contoso.com'],
  bcc: ['audit@contoso.com'],
  subject: 'Please review the data-handling policy',
  body: "<p>Please read <a href='https://contoso.com/policy'>the policy</a>.</p>",
  bodyType: 'HTML',
};

async function withTemplate(fields: NoticeTemplateFields = htmlTemplate, options: { readonly directoryMail?: boolean } = {}): Promise<NoticeWorld> {
  const world = await noticeWorld(options);
  await world.store.transaction((tx) => createNoticeTemplate(tx, world, { fields, actor: ANALYST, now: world.clock.now().toISOString() }));
  return world;
}

function send(world: NoticeWorld, overrides: Partial<SendNoticeInput> = {}, messenger?: Messenger) {
  return sendNotice(
    { store: world.store, clock: world.clock, hasher: world.hasher, audit: world.audit, delivery: { mailer: world.mailer, ...(messenger === undefined ? {} : { messenger }) } },
    { case: { userId: ADA.upn, id: CASE_ID }, template: 'policy reminder', requestId: 'req-1', by: ANALYST, ...overrides },
  );
}

async function failure(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected a failure');
    },
    (error: unknown) => error,
  );
}

function recordingMessenger(fail = false): Messenger & { readonly sent: { to: ConversationAddress; message: OutgoingMessage }[] } {
  const sent: { to: ConversationAddress; message: OutgoingMessage }[] = [];
  return {
    sent,
    postToChannel: () => Promise.reject(new Error('not used')),
    updateMessage: () => Promise.reject(new Error('not used')),
    async sendToConversation(to, message) {
      if (fail) throw new OperationalError('Teams unavailable');
      sent.push({ to, message });
      return { serviceUrl: to.serviceUrl, conversationId: to.conversationId, activityId: '1' };
    },
  };
}

describe('sending a notice from a case', () => {
  it("mails the template to the case user's directory mail only, then adds the note, the audit entry and notice.sent together", async () => {
    const world = await withTemplate();
    const result = await send(world);
    expect(world.mailer.sent).toEqual([
      {
        fromMailbox: 'irm-notices@contoso.com',
        to: ['ada@contoso.com'],
        cc: ['hr@contoso.com'],
        bcc: ['audit@contoso.com'],
        subject: 'Please review the data-handling policy',
        body: "<p>Please read <a href='https://contoso.com/policy'>the policy</a>.</p>",
        contentType: 'HTML',
      },
    ]);
    expect(result).toMatchObject({ alreadySent: false, to: 'ada@contoso.com', notice: { state: 'sent', attempts: 1, teams: 'not requested' } });
    const stored = await world.storedCase();
    expect(stored.status).toBe('Active');
    expect(stored.notes).toEqual([
      { id: `${CASE_ID}:n1`, time: expect.any(String), author: ANALYST, kind: 'system', text: "Notice 'Policy reminder' sent to the user: Please review the data-handling policy" },
    ]);
    const [entry] = await world.auditEntries();
    expect(entry).toMatchObject({ category: 'Cases', activity: 'Sent notice', actor: ANALYST, target: CASE_ID, details: { noticeId: result.notice.id, template: 'Policy reminder' } });
    const events = (await world.events()).map((e) => e.event);
    expect(events.map((e) => [e.type, e.id])).toEqual([
      ['notice.sent', `notice.sent:${result.notice.id}`],
      ['case.updated', `case.updated:${CASE_ID}:n1`],
    ]);
    expect(events[0]).toMatchObject({ subject: ADA.upn, data: { caseId: CASE_ID, userId: ADA.upn, templateName: 'Policy reminder' } });
  });

  it('falls back to the UPN when the directory has no mail address', async () => {
    const world = await withTemplate(htmlTemplate, { directoryMail: false });
    await send(world);
    expect(world.mailer.sent[0].to).toEqual([ADA.upn]);
  });

  it('does not mail twice when the same request is delivered again', async () => {
    const world = await withTemplate();
    const first = await send(world);
    const second = await send(world);
    expect(world.mailer.sent).toHaveLength(1);
    expect(second).toMatchObject({ alreadySent: true, notice: { id: first.notice.id, state: 'sent' } });
    expect((await world.storedCase()).notes).toHaveLength(1);
    expect((await world.auditEntries()).filter((e) => e.activity === 'Sent notice')).toHaveLength(1);
    // Another request is another notice.
    await send(world, { requestId: 'req-2' });
    expect(world.mailer.sent).toHaveLength(2);
  });

  it('recognises a request by an earlier id it may have had (a redelivery in the next minute)', async () => {
    const world = await withTemplate();
    await send(world, { requestId: 'chat:minute-1' });
    const redelivered = await send(world, { requestId: 'chat:minute-2', earlierRequestIds: ['chat:minute-1'] });
    expect(redelivered.alreadySent).toBe(true);
    expect(world.mailer.sent).toHaveLength(1);
  });

  it('refuses a request still marked sending (in flight, or an attempt that died before it was recorded) without mailing', async () => {
    const world = await withTemplate();
    const templateId = (await world.store.transaction((tx) => findNoticeTemplate(tx, 'Policy reminder'))).value.id;
    const id = noticeIdOf(world.hasher, CASE_ID, templateId, 'req-1');
    await world.store.transaction((tx) =>
      tx.documents(noticesCollection).create(ADA.upn, id, {
        id, caseId: CASE_ID, userId: ADA.upn, templateId, templateName: 'Policy reminder', requestId: 'req-1', state: 'sending', subject: 's', attempts: 1, startedAt: '2026-03-02T08:00:00.000Z', by: ANALYST,
      }),
    );
    expect(await failure(send(world))).toBeInstanceOf(ConflictError);
    expect(world.mailer.sent).toEqual([]);
  });

  it('records a failed mail so that the same request may try again, and writes no note, audit or event for it', async () => {
    const world = await withTemplate();
    world.mailer.failNext(new OperationalError('Graph unavailable'));
    expect(await failure(send(world))).toBeInstanceOf(OperationalError);
    const [record] = await world.store.transaction((tx) => tx.documents(noticesCollection).query({ partition: ADA.upn }));
    expect(record.value).toMatchObject({ state: 'failed', failure: 'external_failure', attempts: 1 });
    expect((await world.storedCase()).notes).toEqual([]);
    expect((await world.events()).map((e) => e.event.type)).toEqual([]);
    const retried = await send(world);
    expect(retried.notice).toMatchObject({ state: 'sent', attempts: 2 });
    expect(retried.notice).not.toHaveProperty('failure');
    expect(world.mailer.sent).toHaveLength(1);
  });

  it('applies per-send overrides (subject, body, cc, bcc) and sanitises an overriding HTML body', async () => {
    const world = await withTemplate();
    await send(world, { overrides: { subject: 'Second reminder', body: '<p>Now, please.</p><img src=x onerror=alert(1)>', cc: [], bcc: ['Legal@Contoso.com'] } });
    expect(world.mailer.sent[0]).toMatchObject({ subject: 'Second reminder', body: '<p>Now, please.</p>', cc: [], bcc: ['legal@contoso.com'] });
    expect((await world.storedCase()).notes[0].text).toBe("Notice 'Policy reminder' sent to the user: Second reminder");
  });

  it('names the field of a bad override and mails nothing', async () => {
    const world = await withTemplate();
    const error = await failure(send(world, { overrides: { subject: ' ', cc: ['not-an-address'] } }));
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues.map((i) => i.field)).toEqual(['subject', 'cc[0]']);
    expect(world.mailer.sent).toEqual([]);
  });

  it('refuses a closed case before mailing', async () => {
    const world = await withTemplate();
    await world.store.transaction(async (tx) => {
      const stored = await tx.documents(casesCollection).get(ADA.upn, CASE_ID);
      if (stored === undefined) throw new Error('no case');
      await tx.documents(casesCollection).replace(ADA.upn, CASE_ID, { ...stored.value, status: 'Closed' }, stored.etag);
    });
    expect(await failure(send(world))).toBeInstanceOf(ConflictError);
    expect(world.mailer.sent).toEqual([]);
  });

  it('with teams, also tells the user in their personal chat when the bot has one, and says so in the note', async () => {
    const world = await withTemplate();
    await world.store.transaction((tx) =>
      tx.documents(conversationsCollection).create(SYSTEM_PARTITION, 'a:1ada', { conversationId: 'a:1ada', kind: 'personal', serviceUrl: 'https://smba.trafficmanager.net/teams/', tenantId: 't1', userAadObjectId: ADA.objectId, updatedAt: '2026-03-01T00:00:00.000Z' }),
    );
    const messenger = recordingMessenger();
    const result = await send(world, { teams: true }, messenger);
    expect(messenger.sent).toHaveLength(1);
    expect(messenger.sent[0].to).toEqual({ serviceUrl: 'https://smba.trafficmanager.net/teams/', conversationId: 'a:1ada', tenantId: 't1' });
    expect(messenger.sent[0].message.text).toContain('Please review the data-handling policy');
    expect(result.notice.teams).toBe('sent');
    expect((await world.storedCase()).notes[0].text).toContain('(also announced in Teams chat)');
  });

  it('with teams but no known chat, or a failing one, still records the mailed notice and reports the Teams outcome', async () => {
    const world = await withTemplate();
    const none = await send(world, { teams: true }, recordingMessenger());
    expect(none.notice).toMatchObject({ state: 'sent', teams: 'no conversation' });
    await world.store.transaction((tx) =>
      tx.documents(conversationsCollection).create(SYSTEM_PARTITION, 'a:1ada', { conversationId: 'a:1ada', kind: 'personal', serviceUrl: 'https://smba.trafficmanager.net/teams/', userAadObjectId: ADA.objectId, updatedAt: '2026-03-01T00:00:00.000Z' }),
    );
    const failed = await send(world, { teams: true, requestId: 'req-2' }, recordingMessenger(true));
    expect(failed.notice).toMatchObject({ state: 'sent', teams: 'failed' });
    expect(world.mailer.sent).toHaveLength(2);
    expect((await world.storedCase()).notes).toHaveLength(2);
  });
});
