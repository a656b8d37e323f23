import type { DocumentSite } from './document-sites.generator';
import type { People } from './people.generator';
import type { SimulatedDay } from './work-calendar';

/** Everything planned up front: small (people, sites, departures), whatever the number of days. */
export interface OrganizationModel {
  readonly seed: number;
  readonly days: readonly SimulatedDay[];
  readonly people: People;
  readonly sites: readonly DocumentSite[];
  readonly siteByName: ReadonlyMap<string, DocumentSite>;
  /**
   * The last day index on which a leaver still works. After it the account is disabled, so the
   * person has no audit activity and their badge should open nothing.
   */
  readonly lastWorkingDay: ReadonlyMap<number, number>;
}

/** A physical badging record exactly as the connector's JSON carries it. */
export interface BadgeEvent {
  readonly UserId: string;
  readonly AssetId: string;
  readonly AssetName: string;
  readonly EventTime: string;
  readonly AccessStatus: 'Success' | 'Failed';
}

/** A badge event with its time for sorting. */
export interface TimedBadge {
  readonly ms: number;
  readonly event: BadgeEvent;
}
