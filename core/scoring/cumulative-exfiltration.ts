import {
  EXFILTRATION_CHANNELS,
  INDICATOR_CATALOGUE,
  type ExfiltrationChannel,
  type IndicatorId,
  type IndicatorThresholds,
} from './indicator-catalogue';

/**
 * Cumulative exfiltration: a user's 30-day total on one exfiltration channel, ranked against the
 * whole organization and against the user's peers. Channels are ranked separately because their
 * units differ (a printed page and a shared site are not the same amount of data), so a sum over
 * channels would mostly measure who prints.
 */

export const CUMULATIVE_WINDOW_DAYS = 30;

/** The score bands: top 1 % → 50, top 0.1 % → 75, both gated by a minimum volume. */
export const CUMULATIVE_BANDS: readonly { readonly percentile: number; readonly score: number }[] = [
  { percentile: 99.9, score: 75 },
  { percentile: 99, score: 50 },
];

/** The 30-day total must also reach this many times the channel's lowest daily threshold. */
export const CUMULATIVE_MIN_EVENTS_FACTOR = 5;

export type PeerGroupBasis = 'department' | 'manager' | 'jobTitle';

export interface UserExfiltrationTotals {
  readonly userId: string;
  /** Events per channel over the last 30 days (missing = 0). */
  readonly totals: Partial<Readonly<Record<ExfiltrationChannel, number>>>;
  readonly department?: string;
  readonly managerUpn?: string;
  readonly jobTitle?: string;
}

export interface CumulativeExfiltrationOptions {
  /** The policy's thresholds where they differ from the catalogue's. */
  readonly thresholds?: Partial<Readonly<Record<IndicatorId, IndicatorThresholds>>>;
}

export interface CumulativeExfiltrationFinding {
  readonly userId: string;
  readonly channel: ExfiltrationChannel;
  readonly total: number;
  readonly minimumEvents: number;
  readonly organizationPercentile: number;
  readonly peerGroup?: { readonly by: PeerGroupBasis; readonly key: string; readonly size: number };
  readonly peerPercentile?: number;
  /** The comparison that gave the score (organization when both give the same). */
  readonly comparedWith: 'organization' | 'peers';
  readonly percentile: number;
  readonly score: number;
}

/** Lowest daily threshold among the channel's indicators, × 5. */
export function cumulativeMinimumEvents(
  channel: ExfiltrationChannel,
  thresholds: Partial<Readonly<Record<IndicatorId, IndicatorThresholds>>> = {},
): number {
  let lowest = Number.POSITIVE_INFINITY;
  for (const definition of INDICATOR_CATALOGUE) {
    if (definition.exfiltrationChannel !== channel) continue;
    lowest = Math.min(lowest, (thresholds[definition.id] ?? definition.thresholds).low);
  }
  return CUMULATIVE_MIN_EVENTS_FACTOR * (Number.isFinite(lowest) ? lowest : 1);
}

/**
 * Percentage of the population (the user included) whose total is strictly lower. Including the
 * user in the denominator means a percentile claim needs a population to back it: the top user of
 * 20 peers is at the 95th percentile, of 1,000 at the 99.9th. `sorted` is ascending.
 */
export function percentileOf(sorted: Float64Array, value: number): number {
  if (sorted.length === 0) return 0;
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] < value) lo = mid + 1;
    else hi = mid;
  }
  return (100 * lo) / sorted.length;
}

export function cumulativeScore(percentile: number, total: number, minimumEvents: number): number {
  if (total < minimumEvents) return 0;
  for (const band of CUMULATIVE_BANDS) if (percentile >= band.percentile) return band.score;
  return 0;
}

function peerGroupOf(user: UserExfiltrationTotals): { by: PeerGroupBasis; key: string } | undefined {
  const candidates: [PeerGroupBasis, string | undefined][] = [
    ['department', user.department],
    ['manager', user.managerUpn],
    ['jobTitle', user.jobTitle],
  ];
  for (const [by, value] of candidates) {
    const key = value?.trim().toLowerCase();
    if (key !== undefined && key.length > 0) return { by, key };
  }
  return undefined;
}

function sortedTotals(values: number[]): Float64Array {
  return Float64Array.from(values).sort();
}

/**
 * Findings (score > 0 only) for every user and channel. Work per evaluation: one sort per channel
 * for the organization and one per peer group, then a binary search per user, so 20,000 users ×
 * 8 channels is a few hundred thousand comparisons beyond the sorts.
 */
export function evaluateCumulativeExfiltration(
  users: readonly UserExfiltrationTotals[],
  options: CumulativeExfiltrationOptions = {},
): CumulativeExfiltrationFinding[] {
  const groups = users.map(peerGroupOf);
  const groupKey = (i: number): string | undefined => {
    const g = groups[i];
    return g === undefined ? undefined : `${g.by}\u0000${g.key}`;
  };
  const findings: CumulativeExfiltrationFinding[] = [];
  for (const channel of EXFILTRATION_CHANNELS) {
    const minimumEvents = cumulativeMinimumEvents(channel, options.thresholds);
    const totals = users.map((u) => Math.max(0, u.totals[channel] ?? 0));
    // Nobody reaches the minimum: no ranking needed on this channel.
    if (!totals.some((t) => t >= minimumEvents)) continue;
    const organization = sortedTotals(totals);
    const peerValues = new Map<string, number[]>();
    totals.forEach((total, i) => {
      const key = groupKey(i);
      if (key === undefined) return;
      const list = peerValues.get(key) ?? [];
      list.push(total);
      peerValues.set(key, list);
    });
    const peers = new Map<string, Float64Array>();
    for (const [key, values] of peerValues) peers.set(key, sortedTotals(values));

    totals.forEach((total, i) => {
      if (total < minimumEvents) return;
      const organizationPercentile = percentileOf(organization, total);
      const key = groupKey(i);
      const peerSorted = key === undefined ? undefined : peers.get(key);
      const peerPercentile = peerSorted === undefined ? undefined : percentileOf(peerSorted, total);
      const orgScore = cumulativeScore(organizationPercentile, total, minimumEvents);
      const peerScore = peerPercentile === undefined ? 0 : cumulativeScore(peerPercentile, total, minimumEvents);
      const score = Math.max(orgScore, peerScore);
      if (score === 0) return;
      const byPeers = peerScore > orgScore;
      const group = groups[i];
      findings.push({
        userId: users[i].userId,
        channel,
        total,
        minimumEvents,
        organizationPercentile,
        ...(group === undefined || peerSorted === undefined ? {} : { peerGroup: { ...group, size: peerSorted.length } }),
        ...(peerPercentile === undefined ? {} : { peerPercentile }),
        comparedWith: byPeers ? 'peers' : 'organization',
        percentile: byPeers ? (peerPercentile as number) : organizationPercentile,
        score,
      });
    });
  }
  // Input order must not matter to whoever stores these.
  const channelRank = (c: ExfiltrationChannel): number => EXFILTRATION_CHANNELS.indexOf(c);
  return findings.sort((a, b) => (a.userId < b.userId ? -1 : a.userId > b.userId ? 1 : channelRank(a.channel) - channelRank(b.channel)));
}
