import { z } from 'zod';
import type { CardJson } from '../../core/ports/messenger';
import { expandCard } from '../common/expand-card';
import template from './notice.card.json';

/** A card that states something (an alert that expired, a message to a user) with no actions. */
export const NoticeCardViewSchema = z.object({
  title: z.string(),
  text: z.string(),
  facts: z.array(z.object({ title: z.string(), value: z.string() })),
});
export type NoticeCardView = z.infer<typeof NoticeCardViewSchema>;

export function noticeCard(view: NoticeCardView): CardJson {
  return expandCard('notice', template, NoticeCardViewSchema, view);
}
