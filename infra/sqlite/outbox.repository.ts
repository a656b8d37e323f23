import type Database from 'better-sqlite3';
import { ValidationError } from '../../core/errors';
import { DomainEventSchema, type OutboxEntry } from '../../core/events/domain-event';
import type { OutboxRepository } from '../../core/ports/store';
import { checkStoredKey, pageLimit, parseStoredRow } from './row-codec';
import type { UnitOfWork } from './unit-of-work';

const TABLE = 'outbox';

export interface OutboxStatements {
  readonly append: Database.Statement<[string, string, string, string, string]>;
  readonly pending: Database.Statement<[number], { sequence: number; id: string; body: string }>;
  readonly markDelivered: Database.Statement<[string, string, string]>;
}

export function prepareOutboxStatements(db: Database.Database): OutboxStatements {
  return {
    append: db.prepare('INSERT OR IGNORE INTO outbox (id, subject, type, time, body) VALUES (?, ?, ?, ?, ?)'),
    pending: db.prepare('SELECT sequence, id, body FROM outbox WHERE delivered_at IS NULL ORDER BY sequence LIMIT ?'),
    // Addressed by id and subject, as the Cosmos adapter must (subject is its partition key), so an
    // event named with the wrong subject is "unknown" in both adapters alike. The first delivery
    // time is kept: marking again changes nothing.
    markDelivered: db.prepare('UPDATE outbox SET delivered_at = ? WHERE id = ? AND subject = ? AND delivered_at IS NULL'),
  };
}

export function createOutboxRepository(s: OutboxStatements, unit: UnitOfWork): OutboxRepository {
  return {
    append(events) {
      return unit.step('appending events to the outbox', () => {
        // All checked before the first write, so an invalid event leaves nothing half-appended.
        const parsed = events.map((event, index) => {
          const result = DomainEventSchema.safeParse(event);
          if (!result.success) {
            const issues = result.error.issues.map((i) => ({ row: index + 1, field: i.path.map(String).join('.'), reason: i.message }));
            throw new ValidationError(`event ${String(event.id)} is not a valid domain event: ${issues.map((i) => `${i.field} ${i.reason}`).join('; ')}`, issues);
          }
          return result.data;
        });
        for (const e of parsed) s.append.run(e.id, e.subject, e.type, e.time, JSON.stringify(e));
      });
    },

    pending(limit) {
      return unit.step('reading pending events', () =>
        s.pending.all(pageLimit(limit, 0)).map((row): OutboxEntry => {
          const event = parseStoredRow(DomainEventSchema, TABLE, row.id, row.body);
          checkStoredKey(TABLE, row.id, 'id', event.id);
          return { event, sequence: row.sequence };
        }),
      );
    },

    markDelivered(events, at) {
      return unit.step('marking events delivered', () => {
        for (const e of events) s.markDelivered.run(at, e.id, e.subject);
      });
    },
  };
}
