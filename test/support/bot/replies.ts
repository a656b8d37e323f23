import type { Activity } from 'botbuilder';

/** Reading the bot's replies in tests: the text, the card, and a table card's cells. */

export interface ReplyCard {
  readonly body?: readonly { readonly type: string; readonly text?: string; readonly rows?: readonly { readonly cells: readonly { readonly items: readonly { readonly text: string }[] }[] }[] }[];
}

export function replyText(reply: Partial<Activity>): string {
  return reply.text ?? '';
}

/** The adaptive card attached to the reply, or undefined for a text reply. */
export function replyCard(reply: Partial<Activity>): ReplyCard | undefined {
  const attachment = reply.attachments?.[0];
  if (attachment === undefined) return undefined;
  expect(attachment.contentType).toBe('application/vnd.microsoft.card.adaptive');
  return attachment.content as ReplyCard;
}

/** A table card's rows without the header row, as cell texts; fails when the reply is not a table card. */
export function tableRows(reply: Partial<Activity>): string[][] {
  const card = replyCard(reply);
  if (card === undefined) throw new Error(`expected a table card, got the text: ${replyText(reply)}`);
  const table = card.body?.find((b) => b.type === 'Table');
  if (table === undefined) return [];
  return (table.rows ?? []).slice(1).map((r) => r.cells.map((c) => c.items[0].text));
}

/** The header row of a table card. */
export function tableHeaders(reply: Partial<Activity>): string[] {
  const table = replyCard(reply)?.body?.find((b) => b.type === 'Table');
  return (table?.rows?.[0]?.cells ?? []).map((c) => c.items[0].text);
}

/** Every TextBlock text outside the table (title, subtitle, footer, empty text). */
export function cardTexts(reply: Partial<Activity>): string[] {
  return (replyCard(reply)?.body ?? []).filter((b) => b.type === 'TextBlock').map((b) => b.text ?? '');
}
