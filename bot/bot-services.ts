import type { AccessControl } from '../core/access/access-control';
import type { RecordAudit } from '../core/ports/audit-trail';
import type { Clock } from '../core/ports/clock';
import type { NoticeDelivery } from '../core/notices/send-notice';
import type { Hasher } from '../core/ports/hasher';
import type { Store } from '../core/ports/store';
import type { Pseudonymizer } from '../core/privacy/pseudonymizer';
import type { FlowEngine } from '../flows/flow-engine';

/**
 * What the bot's handlers work with: core services and ports, composed in bot/main.ts. The bot
 * holds no state of its own; everything it knows is in the store.
 */
export interface BotServices {
  readonly store: Store;
  readonly clock: Clock;
  readonly access: AccessControl;
  readonly pseudonymizer: Pseudonymizer;
  readonly hasher: Hasher;
  readonly audit: RecordAudit;
  /** Wakes the outbox dispatcher after a unit of work that appended events. */
  readonly kick: () => void;
  readonly log: (line: string) => void;
  /**
   * Runs one outgoing Teams request for `conversationId` through the rate-limited sender, so the
   * bot's replies within a turn count against the same windows as its proactive posts (Teams
   * counts them all) and are retried the same way when throttled.
   */
  readonly throttle: <T>(conversationId: string, send: () => Promise<T>) => Promise<T>;
  /**
   * Notice mail (and the optional Teams chat message), present when Graph and IRM_NOTICE_MAILBOX
   * are configured; absent, `notice send` and the card's "Send notice" say mail is not configured.
   */
  readonly notices?: NoticeDelivery & { readonly mailbox: string };
  /** The flow engine (flows commands, answers to cards that flows posted). */
  readonly flows?: FlowEngine;
}
