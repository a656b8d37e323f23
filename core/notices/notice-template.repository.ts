import type { z } from 'zod';
import { ConflictError, NotFoundError, ValidationError } from '../errors';
import { SYSTEM_PARTITION } from '../persistence/collections';
import type { RecordAudit } from '../ports/audit-trail';
import type { Hasher } from '../ports/hasher';
import type { StoreTransaction, Versioned } from '../ports/store';
import { closestName } from '../settings/closest-name';
import { issuesFromZod, validationFailure } from '../settings/validation-issues';
import { sanitizeHtml } from './html-sanitizer';
import { nameKeyOf, type NoticeTemplate, type NoticeTemplateFields, NoticeTemplateFieldsSchema, noticeTemplatesCollection } from './notice-template';

/**
 * Creating, editing, deleting and listing notice templates. Each change and its audit entry
 * (category `Notice templates`) are written in the caller's unit of work, together.
 *
 * HTML bodies are sanitised when saved (html-sanitizer.ts), so what a template shows is what is
 * sent; send-notice sanitises again, because a per-send body override has not been saved.
 */

export interface NoticeTemplateDeps {
  readonly audit: RecordAudit;
  readonly hasher: Hasher;
}

export interface Actor {
  readonly id: string;
  readonly name?: string;
}

export interface SavedTemplate {
  readonly template: NoticeTemplate;
  /** What the sanitiser removed from an HTML body (empty for text, or when nothing was removed). */
  readonly removed: readonly string[];
}

/** Fields an edit may change; the name stays (it is the template's identity in chat and on cards). */
export type NoticeTemplatePatch = Partial<Omit<NoticeTemplateFields, 'name'>>;

function templateIdOf(hasher: Hasher, name: string): string {
  return `nt-${hasher.sha256Hex(nameKeyOf(name)).slice(0, 24)}`;
}

function checkFields(input: NoticeTemplateFields): { fields: z.output<typeof NoticeTemplateFieldsSchema>; removed: readonly string[] } {
  const parsed = NoticeTemplateFieldsSchema.safeParse(input);
  if (!parsed.success) throw validationFailure('The notice template', issuesFromZod(parsed.error));
  const fields = parsed.data;
  if (fields.bodyType !== 'HTML') return { fields, removed: [] };
  const clean = sanitizeHtml(fields.body);
  if (clean.html === '') {
    throw new ValidationError('body: expected HTML with some content left after removing what is not allowed', [{ field: 'body', reason: 'nothing left after sanitising the HTML' }]);
  }
  return { fields: { ...fields, body: clean.html }, removed: clean.removed };
}

/** Templates, newest first (the order of the reference's dashboard). */
export async function listNoticeTemplates(tx: StoreTransaction, limit = 200): Promise<NoticeTemplate[]> {
  const found = await tx.documents(noticeTemplatesCollection).query({ partition: SYSTEM_PARTITION, orderBy: { field: 'createdAt', direction: 'desc' }, limit });
  return found.map((d) => d.value);
}

/**
 * The template with this name (any case) or id. NotFoundError names the closest template, or says
 * there are none yet.
 */
export async function findNoticeTemplate(tx: StoreTransaction, nameOrId: string): Promise<Versioned<NoticeTemplate>> {
  const docs = tx.documents(noticeTemplatesCollection);
  const typed = nameOrId.trim();
  const byName = await docs.query({ partition: SYSTEM_PARTITION, where: { nameKey: nameKeyOf(typed) }, limit: 1 });
  if (byName[0] !== undefined) return byName[0];
  if (typed.startsWith('nt-')) {
    const byId = await docs.get(SYSTEM_PARTITION, typed);
    if (byId !== undefined) return byId;
  }
  const names = (await listNoticeTemplates(tx)).map((t) => t.name);
  const suggestion = closestName(typed, names);
  throw new NotFoundError(
    `no notice template named '${typed}'` +
      (names.length === 0 ? "; there are no templates yet (create one with 'notice-template create')" : suggestion === undefined ? '' : `; did you mean '${suggestion}'?`),
  );
}

export async function createNoticeTemplate(
  tx: StoreTransaction,
  deps: NoticeTemplateDeps,
  input: { readonly fields: NoticeTemplateFields; readonly actor: Actor; readonly now: string },
): Promise<SavedTemplate> {
  const { fields, removed } = checkFields(input.fields);
  const docs = tx.documents(noticeTemplatesCollection);
  const nameKey = nameKeyOf(fields.name);
  const existing = await docs.query({ partition: SYSTEM_PARTITION, where: { nameKey }, limit: 1 });
  if (existing[0] !== undefined) throw new ConflictError(`a notice template named '${existing[0].value.name}' already exists (names are unique regardless of case); edit it, or choose another name`);
  const template: NoticeTemplate = {
    ...fields,
    id: templateIdOf(deps.hasher, fields.name),
    nameKey,
    createdAt: input.now,
    createdBy: input.actor,
    updatedAt: input.now,
    updatedBy: input.actor,
  };
  // A concurrent create of the same name collides here on the id (ConflictError from the store).
  await docs.create(SYSTEM_PARTITION, template.id, template);
  await deps.audit(tx, { category: 'Notice templates', activity: 'Created notice template', actor: input.actor, target: template.name, details: { id: template.id, bodyType: template.bodyType, sendFrom: template.sendFrom } });
  return { template, removed };
}

export async function editNoticeTemplate(
  tx: StoreTransaction,
  deps: NoticeTemplateDeps,
  input: { readonly name: string; readonly patch: NoticeTemplatePatch; readonly actor: Actor; readonly now: string },
): Promise<SavedTemplate & { readonly changed: readonly string[] }> {
  const current = await findNoticeTemplate(tx, input.name);
  const before = current.value;
  const patch = Object.fromEntries(Object.entries(input.patch).filter(([, v]) => v !== undefined)) as NoticeTemplatePatch;
  const { fields, removed } = checkFields({
    name: before.name,
    sendFrom: patch.sendFrom ?? before.sendFrom,
    cc: patch.cc ?? before.cc,
    bcc: patch.bcc ?? before.bcc,
    subject: patch.subject ?? before.subject,
    body: patch.body ?? before.body,
    bodyType: patch.bodyType ?? before.bodyType,
  });
  const changed = (['sendFrom', 'cc', 'bcc', 'subject', 'body', 'bodyType'] as const).filter((k) => JSON.stringify(fields[k]) !== JSON.stringify(before[k]));
  if (changed.length === 0) return { template: before, removed, changed };
  const next: NoticeTemplate = { ...before, ...fields, updatedAt: input.now, updatedBy: input.actor };
  await tx.documents(noticeTemplatesCollection).replace(SYSTEM_PARTITION, before.id, next, current.etag);
  await deps.audit(tx, { category: 'Notice templates', activity: 'Edited notice template', actor: input.actor, target: before.name, details: { id: before.id, changed } });
  return { template: next, removed, changed };
}

export async function deleteNoticeTemplate(
  tx: StoreTransaction,
  deps: Pick<NoticeTemplateDeps, 'audit'>,
  input: { readonly name: string; readonly actor: Actor },
): Promise<NoticeTemplate> {
  const current = await findNoticeTemplate(tx, input.name);
  await tx.documents(noticeTemplatesCollection).delete(SYSTEM_PARTITION, current.value.id, current.etag);
  await deps.audit(tx, { category: 'Notice templates', activity: 'Deleted notice template', actor: input.actor, target: current.value.name, details: { id: current.value.id } });
  return current.value;
}
