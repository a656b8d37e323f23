import { ConflictError, NotFoundError, ValidationError } from '../../../core/errors';
import {
  createNoticeTemplate,
  deleteNoticeTemplate,
  editNoticeTemplate,
  findNoticeTemplate,
  listNoticeTemplates,
} from '../../../core/notices/notice-template.repository';
import type { NoticeTemplateFields } from '../../../core/notices/notice-template';
import { ANALYST, noticeWorld, type NoticeWorld } from './notice-world';

const reminder: NoticeTemplateFields = {
  name: 'Policy reminder',
  sendFrom: 'IRM-Notices@contoso.com',
  cc: ['hr@contoso.com'],
  subject: 'Please review the data-handling policy',
  body: 'Dear colleague, please review the policy.',
};

async function create(world: NoticeWorld, fields: NoticeTemplateFields) {
  return world.store.transaction((tx) => createNoticeTemplate(tx, world, { fields, actor: ANALYST, now: world.clock.now().toISOString() }));
}

async function failure(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected a failure');
    },
    (error: unknown) => error,
  );
}

describe('notice templates', () => {
  it('creates a template with defaults, lower-cased addresses, and an audit entry in the same unit of work', async () => {
    const world = await noticeWorld();
    const { template, removed } = await create(world, reminder);
    expect(template).toMatchObject({ name: 'Policy reminder', nameKey: 'policy reminder', sendFrom: 'irm-notices@contoso.com', cc: ['hr@contoso.com'], bcc: [], bodyType: 'Text', createdBy: ANALYST });
    expect(template.id).toMatch(/^nt-[0-9a-f]{24}$/);
    expect(removed).toEqual([]);
    const [entry] = await world.auditEntries();
    expect(entry).toMatchObject({ category: 'Notice templates', activity: 'Created notice template', actor: ANALYST, target: 'Policy reminder' });
  });

  it('keeps no template when its audit entry cannot be written (one unit of work)', async () => {
    const world = await noticeWorld();
    const failingAudit = async (): Promise<void> => {
      throw new Error('audit log unavailable');
    };
    const error = await failure(world.store.transaction((tx) => createNoticeTemplate(tx, { ...world, audit: failingAudit }, { fields: reminder, actor: ANALYST, now: world.clock.now().toISOString() })));
    expect((error as Error).message).toBe('audit log unavailable');
    expect(await world.store.transaction((tx) => listNoticeTemplates(tx))).toEqual([]);
  });

  it('refuses a second template with the same name in another case, and keeps nothing of it', async () => {
    const world = await noticeWorld();
    await create(world, reminder);
    const error = await failure(create(world, { ...reminder, name: 'POLICY REMINDER', subject: 'other' }));
    expect(error).toBeInstanceOf(ConflictError);
    expect(await world.store.transaction((tx) => listNoticeTemplates(tx))).toHaveLength(1);
    expect(await world.auditEntries()).toHaveLength(1);
  });

  it('names every invalid field and what was expected', async () => {
    const world = await noticeWorld();
    const error = await failure(create(world, { name: 'x'.repeat(65), sendFrom: 'not a mailbox', cc: ['ok@contoso.com', 'nope'], subject: 's'.repeat(256), body: ' ', bodyType: 'Markdown' as 'Text' }));
    expect(error).toBeInstanceOf(ValidationError);
    const fields = (error as ValidationError).issues.map((i) => i.field);
    expect(fields).toEqual(expect.arrayContaining(['name', 'sendFrom', 'cc[1]', 'subject', 'body', 'bodyType']));
    expect((error as ValidationError).issues.find((i) => i.field === 'name')?.reason).toBe('expected at most 64 characters');
    expect((error as ValidationError).issues.find((i) => i.field === 'bodyType')?.reason).toBe('expected Text or HTML');
  });

  it('sanitises an HTML body when saving and says what it removed', async () => {
    const world = await noticeWorld();
    const { template, removed } = await create(world, { ...reminder, bodyType: 'HTML', body: "<html><body><p onclick='x()'>Read <a href='https://contoso.com/policy'>this</a></p><script>alert(1)</script></body></html>" });
    expect(template.body).toBe("<p>Read <a href='https://contoso.com/policy'>this</a></p>");
    expect(removed).toEqual(['<script>', 'onclick']);
  });

  it('refuses an HTML body with nothing left after sanitising', async () => {
    const world = await noticeWorld();
    const error = await failure(create(world, { ...reminder, bodyType: 'HTML', body: '<script>alert(1)</script>' }));
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues).toEqual([{ field: 'body', reason: 'nothing left after sanitising the HTML' }]);
  });

  it('lists newest first', async () => {
    const world = await noticeWorld();
    await create(world, { ...reminder, name: 'First' });
    await create(world, { ...reminder, name: 'Second' });
    await create(world, { ...reminder, name: 'Third' });
    expect((await world.store.transaction((tx) => listNoticeTemplates(tx))).map((t) => t.name)).toEqual(['Third', 'Second', 'First']);
  });

  it('edits only the given fields, audits the changed ones, and does nothing for an unchanged edit', async () => {
    const world = await noticeWorld();
    await create(world, reminder);
    const edit = (patch: Parameters<typeof editNoticeTemplate>[2]['patch']) =>
      world.store.transaction((tx) => editNoticeTemplate(tx, world, { name: 'policy REMINDER', patch, actor: ANALYST, now: world.clock.now().toISOString() }));
    const edited = await edit({ subject: 'New subject', bcc: ['audit@contoso.com'] });
    expect(edited.changed).toEqual(['bcc', 'subject']);
    expect(edited.template).toMatchObject({ name: 'Policy reminder', subject: 'New subject', bcc: ['audit@contoso.com'], cc: ['hr@contoso.com'], body: reminder.body });
    const again = await edit({ subject: 'New subject' });
    expect(again.changed).toEqual([]);
    const activities = (await world.auditEntries()).map((e) => [e.activity, e.details]);
    expect(activities).toEqual([
      ['Edited notice template', { id: edited.template.id, changed: ['bcc', 'subject'] }],
      ['Created notice template', expect.anything()],
    ]);
  });

  it('deletes by name, audited; an unknown name is NotFoundError with the closest name', async () => {
    const world = await noticeWorld();
    await create(world, reminder);
    const missing = await failure(world.store.transaction((tx) => findNoticeTemplate(tx, 'Policy remnder')));
    expect(missing).toBeInstanceOf(NotFoundError);
    expect((missing as Error).message).toBe("no notice template named 'Policy remnder'; did you mean 'Policy reminder'?");
    const deleted = await world.store.transaction((tx) => deleteNoticeTemplate(tx, world, { name: 'policy reminder', actor: ANALYST }));
    expect(deleted.name).toBe('Policy reminder');
    expect(await world.store.transaction((tx) => listNoticeTemplates(tx))).toEqual([]);
    expect((await world.auditEntries())[0]).toMatchObject({ activity: 'Deleted notice template', target: 'Policy reminder' });
    const none = await failure(world.store.transaction((tx) => findNoticeTemplate(tx, 'anything')));
    expect((none as Error).message).toContain('there are no templates yet');
  });
});
