import { z } from 'zod';
import type { CardJson } from '../../core/ports/messenger';
import { expandCard } from '../common/expand-card';
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
  return expandCard('table', template, TableCardViewSchema, {
    title: input.title,
    subtitle: input.subtitle ?? '',
    columns: input.headers.map((_, i) => ({ width: input.widths?.[i] ?? 1 })),
    headers: input.headers.map((h) => cell(h)),
    rows: input.rows.map((r) => ({ cells: input.headers.map((_, i) => cell(r[i] ?? '')) })),
    emptyText: input.emptyText ?? '(none)',
    footer: input.footer ?? '',
  });
}
