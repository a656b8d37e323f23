import { z } from 'zod';

export const DOMAIN_EVENT_TYPES = [
  'ingest.completed',
  'alert.created',
  'alert.updated',
  'alert.triaged',
  'case.created',
  'case.updated',
  'case.resolved',
  'user.scoped',
  'notice.sent',
] as const;

export const DomainEventSchema = z.object({
  /**
   * Deterministic id derived from what caused the event (e.g. `alert.created:<alertId>`), so a
   * retried unit of work appends the same event again and the outbox keeps one copy.
   */
  id: z.string().min(1),
  type: z.enum(DOMAIN_EVENT_TYPES),
  /**
   * The partition the event belongs to: the subject user's UPN for anything about a user, or
   * `system` for organization-wide events. Stored beside the state it describes.
   */
  subject: z.string().min(1),
  /** When the change happened (ISO UTC). */
  time: z.iso.datetime(),
  data: z.record(z.string(), z.unknown()),
});
export type DomainEvent = z.infer<typeof DomainEventSchema>;

/** The outbox's view of an event: when it was appended and whether it has been delivered. */
export interface OutboxEntry {
  readonly event: DomainEvent;
  /** Monotonic per store, for oldest-first delivery. */
  readonly sequence: number;
  readonly deliveredAt?: string;
}
