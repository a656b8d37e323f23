import type { z } from 'zod';
import type { CalendarRecurrenceSchema } from '../../../core/ports/calendar';
import { badParameter } from '../connector-errors';

/**
 * "Create event (V4)" describes a recurrence with four flat fields (`recurrence` none / daily /
 * weekly / monthly / yearly, `selectedDaysOfWeek`, `recurrenceEnd` a date, `numberOfOccurences`
 * — the swagger's spelling); Graph wants a patternedRecurrence `{ pattern, range }`. Every pattern
 * repeats each period (interval 1), on the start's weekday / day of month / month unless
 * `selectedDaysOfWeek` says otherwise; the range starts on the start's date.
 */

export const RECURRENCE_KINDS = ['none', 'daily', 'weekly', 'monthly', 'yearly'] as const;
export type RecurrenceKind = (typeof RECURRENCE_KINDS)[number];
export const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

export interface RecurrenceFields {
  readonly recurrence?: RecurrenceKind;
  readonly selectedDaysOfWeek?: readonly Weekday[];
  /** `yyyy-MM-dd`. */
  readonly recurrenceEnd?: string;
  readonly numberOfOccurences?: number;
}

type Recurrence = z.infer<typeof CalendarRecurrenceSchema>;

/** Graph's patternedRecurrence for the fields, or undefined when the event does not repeat. `startLocal` is `yyyy-MM-ddTHH:mm…`. */
export function graphRecurrence(fields: RecurrenceFields, startLocal: string, graphZone: string): Recurrence | undefined {
  const kind = fields.recurrence ?? 'none';
  if (kind === 'none') {
    if (fields.recurrenceEnd !== undefined || fields.numberOfOccurences !== undefined || (fields.selectedDaysOfWeek?.length ?? 0) > 0) {
      throw badParameter('item/recurrence', 'expected daily, weekly, monthly or yearly when recurrenceEnd, numberOfOccurences or selectedDaysOfWeek is given');
    }
    return undefined;
  }
  if (fields.recurrenceEnd !== undefined && fields.numberOfOccurences !== undefined) {
    throw badParameter('item/recurrenceEnd', 'give either recurrenceEnd or numberOfOccurences, not both');
  }
  const startDate = startLocal.slice(0, 10);
  const [year, month, day] = startDate.split('-').map(Number);
  const weekday = WEEKDAYS[new Date(Date.UTC(year, month - 1, day)).getUTCDay()];
  if (fields.recurrenceEnd !== undefined && fields.recurrenceEnd < startDate) {
    throw badParameter('item/recurrenceEnd', `expected a date on or after the start (${startDate})`);
  }
  let pattern: Record<string, unknown>;
  switch (kind) {
    case 'daily':
      pattern = { type: 'daily', interval: 1 };
      break;
    case 'weekly': {
      const days = fields.selectedDaysOfWeek !== undefined && fields.selectedDaysOfWeek.length > 0 ? [...new Set(fields.selectedDaysOfWeek)] : [weekday];
      pattern = { type: 'weekly', interval: 1, daysOfWeek: days.map((d) => d.toLowerCase()), firstDayOfWeek: 'sunday' };
      break;
    }
    case 'monthly':
      pattern = { type: 'absoluteMonthly', interval: 1, dayOfMonth: day };
      break;
    case 'yearly':
      pattern = { type: 'absoluteYearly', interval: 1, dayOfMonth: day, month };
      break;
  }
  const range: Record<string, unknown> =
    fields.recurrenceEnd !== undefined
      ? { type: 'endDate', startDate, endDate: fields.recurrenceEnd, recurrenceTimeZone: graphZone }
      : fields.numberOfOccurences !== undefined
        ? { type: 'numbered', startDate, numberOfOccurrences: fields.numberOfOccurences, recurrenceTimeZone: graphZone }
        : { type: 'noEnd', startDate, recurrenceTimeZone: graphZone };
  return { pattern, range };
}

/** The connector's flat fields for a recurrence Graph answered with. */
export function connectorRecurrence(recurrence: Recurrence | undefined): { recurrence: RecurrenceKind; recurrenceEnd?: string; numberOfOccurences?: number } {
  if (recurrence === undefined) return { recurrence: 'none' };
  const type = typeof recurrence.pattern.type === 'string' ? recurrence.pattern.type : '';
  const kind: RecurrenceKind = type === 'daily' ? 'daily' : type === 'weekly' ? 'weekly' : /monthly$/i.test(type) ? 'monthly' : /yearly$/i.test(type) ? 'yearly' : 'none';
  const endDate = recurrence.range.endDate;
  const count = recurrence.range.numberOfOccurrences;
  return {
    recurrence: kind,
    ...(recurrence.range.type === 'endDate' && typeof endDate === 'string' && { recurrenceEnd: endDate }),
    ...(recurrence.range.type === 'numbered' && typeof count === 'number' && { numberOfOccurences: count }),
  };
}
