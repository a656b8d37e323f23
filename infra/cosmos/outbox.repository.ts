import type { Container } from '@azure/cosmos';
import { z } from 'zod';
import { DomainEventSchema, type DomainEvent, type OutboxEntry } from '../../core/events/domain-event';
import type { OutboxRepository } from '../../core/ports/store';
import {
  asRecord,
  documentId,
  parseForWrite,
  parseStored,
  rawDocumentId,
  subjectPartition,
  type CosmosDocument,
} from './cosmos-documents';
import { cosmosStatus, translateCosmosError } from './cosmos-errors';
import { queryDocuments, topOf } from './cosmos-queries';
import { forEachLimited, writeAll, type WriteSettings } from './cosmos-writes';

/**
 * The outbox lives in the subjects container, each event in its subject's partition (a user's
 * lower-case UPN, or `system`), beside the state it describes, so that a later transactional
 * batch can write an alert and its events together.
 *
 * The event is nested under `event` rather than spread: its own `type` field (`alert.created`)
 * would otherwise clash with the document's `type` discriminator.
 */
type EventDocument = CosmosDocument & {
  readonly type: 'event';
  readonly event: DomainEvent;
  readonly sequence: number;
  readonly deliveredAt?: string;
};

const StoredEventSchema = z.object({
  event: DomainEventSchema,
  sequence: z.number().int().nonnegative(),
  deliveredAt: z.string().optional(),
});

let lastSequence = 0;

/**
 * Append order for oldest-first delivery: wall-clock milliseconds × 1000 plus a counter, held
 * above the last value handed out so it strictly increases within this process even if the clock
 * steps back (and up to 1000 appends per millisecond before it runs ahead of the clock). Stays a
 * safe integer until the year 2255.
 *
 * Limitation: with several writer processes, sequences from different processes are only as
 * ordered as their clocks (skew of a few ms can reorder events of different processes, and equal
 * values tie arbitrarily). Delivery is at-least-once with idempotent consumers, and events about
 * one subject come from the unit of work that owns it, so this approximate global order is enough.
 */
export function nextSequence(now: number = Date.now()): number {
  lastSequence = Math.max(now * 1000, lastSequence + 1);
  return lastSequence;
}

export function createCosmosOutboxRepository(container: Container, settings: WriteSettings): OutboxRepository {
  const fromDocument = (document: unknown): OutboxEntry => {
    const id = rawDocumentId(document);
    const source = { container: container.id, id };
    const stored = parseStored(StoredEventSchema, asRecord(document, source), source);
    return stored.deliveredAt === undefined
      ? { event: stored.event, sequence: stored.sequence }
      : { event: stored.event, sequence: stored.sequence, deliveredAt: stored.deliveredAt };
  };

  return {
    async append(events) {
      const firstSeen = new Set<string>();
      const documents: EventDocument[] = [];
      for (const event of events) {
        if (firstSeen.has(event.id)) continue;
        firstSeen.add(event.id);
        const value = parseForWrite(DomainEventSchema, event, `domain event ${event.id}`);
        documents.push({
          id: documentId('event', value.id),
          pk: subjectPartition(value.subject),
          type: 'event',
          event: value,
          sequence: nextSequence(),
        });
      }
      // Insert-if-absent: a retried unit of work appends the same ids; the first copy (and its
      // sequence) stays.
      await writeAll(
        container,
        documents.map((document) => ({ kind: 'create', document })),
        settings,
        'append events',
      );
    },

    async pending(limit) {
      const top = topOf(limit);
      if (top === 0) return [];
      // Cross-partition by design: the dispatcher drains every subject's events in one order.
      const documents = await queryDocuments(
        container,
        {
          query: 'SELECT TOP @limit * FROM c WHERE c.type = @type AND NOT IS_DEFINED(c.deliveredAt) ORDER BY c.sequence',
          parameters: [
            { name: '@limit', value: top },
            { name: '@type', value: 'event' },
          ],
        },
        { action: 'list pending events', limit: top },
      );
      return documents.map(fromDocument);
    },

    async markDelivered(events, at) {
      const targets = new Map<string, { id: string; pk: string }>();
      for (const event of events) {
        const id = documentId('event', event.id);
        const pk = subjectPartition(event.subject);
        targets.set(`${pk}\u0000${id}`, { id, pk });
      }
      await forEachLimited([...targets.values()], settings.concurrency, async ({ id, pk }) => {
        try {
          // The condition keeps the first delivery time when a delivery is reported twice.
          await container.item(id, pk).patch({
            condition: 'FROM c WHERE NOT IS_DEFINED(c.deliveredAt)',
            operations: [{ op: 'set', path: '/deliveredAt', value: at }],
          });
        } catch (error) {
          const status = cosmosStatus(error);
          // 404: unknown event, ignored by contract. 412: already delivered.
          if (status === 404 || status === 412) return;
          throw translateCosmosError(error, { action: 'mark event delivered', container: container.id, id });
        }
      });
    },
  };
}
