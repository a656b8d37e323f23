import { dailyAggregatesCollection } from '../persistence/collections';
import type { StoreTransaction } from '../ports/store';
import { indicatorDefinition, isIndicatorId } from '../scoring/indicator-catalogue';

export interface TimelineDay {
  readonly day: string;
  /** `Copying files to USB ×25; Downloading content from SharePoint ×3` */
  readonly text: string;
  readonly events: number;
}

const DAY_MS = 86_400_000;

/**
 * The user's risk activity timeline (the case's "User activity" tab): scored events per day and
 * indicator, newest day first, over `days` days ending at `until` (event time: the case's latest
 * alert activity, so a case looked at months later still shows its period).
 */
export async function activityTimeline(tx: StoreTransaction, userId: string, until: string, days: 30 | 90): Promise<TimelineDay[]> {
  const end = new Date(Date.parse(until) + DAY_MS).toISOString().slice(0, 10);
  const start = new Date(Date.parse(until) - (days - 1) * DAY_MS).toISOString().slice(0, 10);
  const found = await tx.documents(dailyAggregatesCollection).query({ partition: userId, range: { field: 'day', from: start, to: end }, orderBy: { field: 'day', direction: 'desc' }, limit: days });
  const timeline: TimelineDay[] = [];
  for (const { value } of found) {
    const parts = Object.entries(value.cells)
      .filter(([, cell]) => cell.count > 0)
      .sort((a, b) => b[1].count - a[1].count)
      .map(([id, cell]) => `${isIndicatorId(id) ? indicatorDefinition(id).label : id} ×${cell.count}`);
    if (parts.length === 0) continue;
    timeline.push({ day: value.day, text: parts.join('; '), events: Object.values(value.cells).reduce((n, c) => n + c.count, 0) });
  }
  return timeline;
}
