import type { Calendar } from '../../core/ports/calendar';
import type { Clock } from '../../core/ports/clock';
import type { Directory } from '../../core/ports/directory';
import type { HttpClient } from '../../core/ports/http-client';
import type { Mailer } from '../../core/ports/mailer';
import type { FlowTeams } from './teams/flow-teams.port';

/**
 * The ports every connector operation receives next to the call facts (OperationCallContext).
 * All of a connector's I/O goes through these, so the same operations run against Graph and
 * Teams in production and against fakes in tests.
 */
export interface FlowConnectorContext {
  /** The live directory (Graph in production): office365users. */
  readonly directory: Directory;
  readonly mailer: Mailer;
  /** The mailbox flows send from and create events in (UPN). Absent → SendEmailV2 fails 400 'no flow mailbox configured (IRM_FLOW_MAILBOX)'. */
  readonly mailbox?: string;
  readonly calendar: Calendar;
  readonly http: HttpClient;
  readonly teams: FlowTeams;
  /** The settings of a connection (by api short name and the action's `connectionName`); `undefined` when none is configured. */
  readonly connection: (api: string, connectionName?: string) => ConnectionSettings | undefined;
  /** The flow's owner: MyProfile_V2 answers with this user; the default calendar owner. */
  readonly runAs?: { readonly upn: string; readonly objectId?: string };
  readonly clock: Clock;
  /** Further ports (the irm connector's) until they get their own field. */
  readonly extra?: Readonly<Record<string, unknown>>;
}

export type ConnectionSettings =
  | {
      readonly kind: 'servicenow';
      /** `https://<instance>.service-now.com`, no trailing path. */
      readonly instanceUrl: string;
      readonly auth:
        | { readonly type: 'basic'; readonly username: string; readonly password: string }
        | { readonly type: 'bearer'; readonly token: string };
    }
  | {
      readonly kind: 'http';
      /** When given, the Http action may only call these hosts (exact, case-insensitive). */
      readonly allowedHosts?: readonly string[];
    };
