import { appendAudit, listAudit } from '../../../core/audit/audit-log';
import type { AuditEntry } from '../../../core/audit/audit-entry';
import { type Case, casesCollection } from '../../../core/cases/case';
import type { RecordAudit } from '../../../core/ports/audit-trail';
import type { Clock } from '../../../core/ports/clock';
import type { MailMessage, Mailer } from '../../../core/ports/mailer';
import type { Store } from '../../../core/ports/store';
import type { OutboxEntry } from '../../../core/events/domain-event';
import { nodeHasher } from '../../../infra/crypto/node-hasher';
import { createMemoryStore } from '../../support/memory-store';

/** A store with one active case of Ada's, a fixed clock, the real audit log, and a mailer that records. */

export const ANALYST = { id: '6f1a2b3c-4d5e-4f60-8a7b-000000000003', name: 'Grace Analyst' };
export const ADA = { upn: 'ada.lovelace@contoso.com', mail: 'ada@contoso.com', objectId: '0c9b8a7d-6e5f-4a3b-8c2d-1e0f9a8b7c6d' };
export const CASE_ID = 'C-0123456789AB';

export function activeCase(): Case {
  return {
    id: CASE_ID,
    name: 'Roadmap copied to USB',
    userId: ADA.upn,
    status: 'Active',
    alertIds: [`data-leaks:${ADA.upn}:1`],
    createdAt: '2026-03-01T08:00:00.000Z',
    createdBy: ANALYST,
    updatedAt: '2026-03-01T08:00:00.000Z',
    updatedBy: ANALYST,
    notes: [],
    contributors: [],
  };
}

export interface RecordingMailer extends Mailer {
  readonly sent: MailMessage[];
  /** The next send throws this. */
  failNext(error: Error): void;
}

export function recordingMailer(): RecordingMailer {
  const sent: MailMessage[] = [];
  let failure: Error | undefined;
  return {
    sent,
    failNext(error) {
      failure = error;
    },
    async sendMail(message) {
      if (failure !== undefined) {
        const e = failure;
        failure = undefined;
        throw e;
      }
      sent.push(message);
    },
  };
}

export interface NoticeWorld {
  readonly store: Store;
  readonly clock: Clock;
  readonly audit: RecordAudit;
  readonly hasher: typeof nodeHasher;
  readonly mailer: RecordingMailer;
  auditEntries(): Promise<AuditEntry[]>;
  events(): Promise<OutboxEntry[]>;
  storedCase(): Promise<Case>;
}

export async function noticeWorld(options: { readonly directoryMail?: boolean } = {}): Promise<NoticeWorld> {
  const store = createMemoryStore();
  let tick = 0;
  // Each reading a second later, so creation order is visible in the times.
  const clock: Clock = { now: () => new Date(Date.parse('2026-03-02T09:00:00.000Z') + 1000 * tick++) };
  const audit: RecordAudit = async (tx, record) => {
    await appendAudit(tx, nodeHasher, clock, record);
  };
  await store.transaction(async (tx) => {
    await tx.documents(casesCollection).create(ADA.upn, CASE_ID, activeCase());
    await tx.users.upsertMany([{ upn: ADA.upn, displayName: 'Ada Lovelace', objectId: ADA.objectId, ...(options.directoryMail === false ? {} : { mail: ADA.mail }) }]);
  });
  return {
    store,
    clock,
    audit,
    hasher: nodeHasher,
    mailer: recordingMailer(),
    auditEntries: () => store.transaction((tx) => listAudit(tx, { limit: 1000 })),
    events: () => store.transaction((tx) => tx.outbox.pending(1000)),
    storedCase: () =>
      store.transaction(async (tx) => {
        const found = await tx.documents(casesCollection).get(ADA.upn, CASE_ID);
        if (found === undefined) throw new Error('the case is gone');
        return found.value;
      }),
  };
}
