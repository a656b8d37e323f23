import { z } from 'zod';
import type { CardJson } from '../../core/ports/messenger';
import { CardTooLargeError, expandCard } from '../common/expand-card';
import template from './table.card.json';

/** Replies that are tables (alerts, roles, audit, settings …) render as this card. */
export const TableCardViewSchema = z.object({
  title: z.string(),
  subtitle: z.string(),
  columns: z.array(z.object({ width: z.number().int().positive() })).min(1).max(8),
  headers: z.array(z.object({ text: z.string() })),
  rows: z.array(z.object({ cells: z.array(z.object({ text: z.string() })) })),
  emptyText: z.string(),
  footer: z.string(),
});

export interface TableCardInput {
  readonly title: string;
  readonly subtitle?: string;
  readonly headers: readonly string[];
  readonly rows: readonly (readonly string[])[];
  /** Relative column widths; default: equal. */
  readonly widths?: readonly number[];
  readonly footer?: string;
  readonly emptyText?: string;
}

/** Cells are cut to keep one card under the size limit; a reply that must list more says so in its footer. */
const MAX_CELL = 300;
export function tableCard(input: TableCardInput): CardJson {
  const cell = (text: string): { text: string } => ({ text: text.length > MAX_CELL ? `${text.slice(0, MAX_CELL - 1)}…` : text === '' ? ' ' : text });
  const build = (count: number): CardJson => {
    const omitted = input.rows.length - count;
    const more = omitted === 0 ? '' : `${omitted} more row${omitted === 1 ? '' : 's'} not shown (a card holds at most 28 KB); narrow the request.`;
    return expandCard('table', template, TableCardViewSchema, {
      title: input.title,
      subtitle: input.subtitle ?? '',
      columns: input.headers.map((_, i) => ({ width: input.widths?.[i] ?? 1 })),
      headers: input.headers.map((h) => cell(h)),
      rows: input.rows.slice(0, count).map((r) => ({ cells: input.headers.map((_, i) => cell(r[i] ?? '')) })),
      emptyText: input.emptyText ?? '(none)',
      footer: [input.footer ?? '', more].filter((f) => f !== '').join(' '),
    });
  };
  const fits = (count: number): CardJson | undefined => {
    try {
      return build(count);
    } catch (error) {
      if (error instanceof CardTooLargeError) return undefined;
      throw error;
    }
  };
  const whole = fits(input.rows.length);
  if (whole !== undefined) return whole;
  // The most rows that fit: a binary search over expansions (each a few milliseconds).
  let low = 0;
  let high = input.rows.length - 1;
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    if (fits(mid) !== undefined) low = mid;
    else high = mid - 1;
  }
  return build(low);
}
