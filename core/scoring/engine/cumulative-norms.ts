import { orgExfiltrationCollection, SYSTEM_PARTITION } from '../../persistence/collections';
import type { StoreTransaction } from '../../ports/store';
import { CUMULATIVE_WINDOW_DAYS, evaluateCumulativeExfiltration, type CumulativeExfiltrationFinding, type UserExfiltrationTotals } from '../cumulative-exfiltration';
import type { ExfiltrationChannel } from '../indicator-catalogue';

const DAY_MS = 86_400_000;

/** Findings per user for the 30 days ending on a day. */
export type CumulativeNorms = (asOfDay: string) => Promise<ReadonlyMap<string, readonly CumulativeExfiltrationFinding[]>>;

/**
 * Compares every user's exfiltration over the 30 days ending on a day with the organization and
 * with their peers (department, else manager, else job title). Everyone in the directory counts,
 * with zeros, so the percentiles describe the whole organization. Computed once per day per unit
 * of work (memoised): the ranking sorts each channel once, whatever the number of users asked for.
 */
export function createCumulativeNorms(tx: StoreTransaction): CumulativeNorms {
  const memo = new Map<string, Promise<ReadonlyMap<string, readonly CumulativeExfiltrationFinding[]>>>();
  let directory: Promise<Map<string, UserExfiltrationTotals>> | undefined;
  const loadDirectory = async (): Promise<Map<string, UserExfiltrationTotals>> => {
    const users = new Map<string, UserExfiltrationTotals>();
    let after: string | undefined;
    for (;;) {
      const page = await tx.users.list({ after, limit: 1000 });
      for (const u of page) {
        users.set(u.upn, { userId: u.upn, totals: {}, department: u.department, managerUpn: u.managerUpn, jobTitle: u.jobTitle });
      }
      if (page.length < 1000) return users;
      after = page[page.length - 1].upn;
    }
  };
  return (asOfDay) => {
    let result = memo.get(asOfDay);
    if (result === undefined) {
      result = (async () => {
        directory ??= loadDirectory();
        const people = await directory;
        const from = new Date(Date.parse(`${asOfDay}T00:00:00.000Z`) - (CUMULATIVE_WINDOW_DAYS - 1) * DAY_MS).toISOString().slice(0, 10);
        const days = await tx.documents(orgExfiltrationCollection).query({
          partition: SYSTEM_PARTITION,
          range: { field: 'day', from, to: `${asOfDay}~` },
          limit: 10_000,
        });
        const totals = new Map<string, Partial<Record<ExfiltrationChannel, number>>>();
        for (const { value } of days) {
          for (const [userId, channels] of Object.entries(value.totals)) {
            const sum = totals.get(userId) ?? {};
            for (const [channel, n] of Object.entries(channels)) sum[channel as ExfiltrationChannel] = (sum[channel as ExfiltrationChannel] ?? 0) + n;
            totals.set(userId, sum);
          }
        }
        const users: UserExfiltrationTotals[] = [...people.values()].map((u) => ({ ...u, totals: totals.get(u.userId) ?? {} }));
        // Activity of people missing from the directory still counts, without a peer group.
        for (const [userId, t] of totals) if (!people.has(userId)) users.push({ userId, totals: t });
        const byUser = new Map<string, CumulativeExfiltrationFinding[]>();
        for (const finding of evaluateCumulativeExfiltration(users)) {
          const list = byUser.get(finding.userId) ?? [];
          list.push(finding);
          byUser.set(finding.userId, list);
        }
        return byUser;
      })();
      memo.set(asOfDay, result);
    }
    return result;
  };
}
