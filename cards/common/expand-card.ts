import * as ACData from 'adaptivecards-templating';
import type { z } from 'zod';
import { UnexpectedError } from '../../core/errors';
import type { CardJson } from '../../core/ports/messenger';

/** Teams' bot message limit is ~100 KB, but cards may travel through Power Automate (28 KB): stay under the lower one. */
export const MAX_CARD_BYTES = 28 * 1024;

/** A card that would exceed the size limit: a programming error unless the caller can shorten it (tables do). */
export class CardTooLargeError extends UnexpectedError {}

/**
 * Parsed templates, one per template object. Constructing a Template parses every binding with
 * adaptive-expressions (~35 ms for the alert card here); expanding a parsed one takes ~2 ms, and
 * expansion is synchronous, so one instance serves every call.
 */
const parsed = new WeakMap<object, ACData.Template>();
function templateFor(template: object): ACData.Template {
  let found = parsed.get(template);
  if (found === undefined) {
    found = new ACData.Template(template);
    parsed.set(template, found);
  }
  return found;
}

/**
 * Expands a card template (`*.card.json`) with a view model checked by `schema`. A binding the
 * view model does not satisfy would be left in the card verbatim (`${…}`); that and an oversized
 * card are programming errors, reported rather than sent.
 */
export function expandCard<T>(name: string, template: object, schema: z.ZodType<T>, view: unknown): CardJson {
  const checked = neutralize(schema.parse(view));
  const expanded: unknown = templateFor(template).expand({ $root: checked });
  const text = JSON.stringify(expanded);
  const leftover = /\$\{[^}]*\}/.exec(text);
  if (leftover !== null) throw new UnexpectedError(`card ${name}: binding ${leftover[0]} was not expanded`);
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > MAX_CARD_BYTES) throw new CardTooLargeError(`card ${name}: ${bytes} bytes, more than the ${MAX_CARD_BYTES} allowed`);
  return expanded as CardJson;
}

/**
 * Text from the outside world (a file named `${x}.docx`) must not look like an unexpanded
 * binding; a zero-width space between `$` and `{` keeps it readable and inert.
 */
function neutralize<T>(value: T): T {
  if (typeof value === 'string') return value.replace(/\$\{/g, '$\u200b{') as T;
  if (Array.isArray(value)) return value.map((v: unknown) => neutralize(v)) as T;
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, neutralize(v)])) as T;
  }
  return value;
}
