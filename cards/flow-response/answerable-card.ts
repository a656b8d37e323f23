import type { CardJson } from '../../core/ports/messenger';

/**
 * A flow's own Adaptive Card (the JSON its author wrote) made answerable through the bot, and the
 * same card once answered. The card is data the flow produced: these functions walk and copy it as
 * JSON values, never as text, so nothing in it can change the structure around it.
 */

export interface AnswerableSubmit {
  /** The Action.Execute verb the bot routes to the waiting run. */
  readonly verb: string;
  /** Identifies the waiting step; travels in every action's data. */
  readonly waitToken: string;
}

export interface AnswerableCard {
  readonly card: CardJson;
  /** The `submitActionId` of every rewritten action (its id, else its title), in card order. */
  readonly actionIds: readonly string[];
}

/** Action.Execute (universal actions) arrived with schema 1.4; a card declaring less is raised to it. */
const EXECUTE_VERSION = '1.4';

/**
 * Every `Action.Submit` and `Action.Execute` — top-level actions, action sets, show-cards,
 * `selectAction`s — becomes an `Action.Execute` with `verb` and data
 * `{ ...original data, submitActionId, waitToken }`. The original data comes first so a card
 * cannot replace the token or the action id by naming a field the same. Data that is not an object
 * (Action.Submit allows a string) is kept under `actionData`; Teams' `msteams` submit options mean
 * nothing to Action.Execute and are dropped. A card's `refresh` is dropped: Teams invokes it
 * without anyone clicking, and rewritten it would answer the wait on its own.
 */
export function answerableCard(card: CardJson, submit: AnswerableSubmit): AnswerableCard {
  const actionIds: string[] = [];
  const rewrite = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(rewrite);
    if (!isRecord(value)) return value;
    if (value.type === 'AdaptiveCard' && 'refresh' in value) {
      const { refresh: _refresh, ...card } = value;
      return rewrite(card);
    }
    if (value.type === 'Action.Submit' || value.type === 'Action.Execute') {
      const submitActionId = actionId(value, actionIds.length);
      actionIds.push(submitActionId);
      const { data, verb: _verb, ...rest } = value;
      const copied = Object.fromEntries(Object.entries(rest).map(([k, v]) => [k, rewrite(v)]));
      return { ...copied, type: 'Action.Execute', verb: submit.verb, data: { ...actionData(data), submitActionId, waitToken: submit.waitToken } };
    }
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, rewrite(v)]));
  };
  const rewritten = rewrite(card) as Record<string, unknown>;
  rewritten.version = atLeast(typeof rewritten.version === 'string' ? rewritten.version : undefined, EXECUTE_VERSION);
  return { card: rewritten, actionIds };
}

/**
 * The card with nothing left to click — no actions, action sets, select actions or refresh — and
 * `line` (the flow's update message) at the end, emphasised.
 */
export function answeredCard(card: CardJson, line: string): CardJson {
  const strip = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.filter((v) => !(isRecord(v) && v.type === 'ActionSet')).map(strip);
    if (!isRecord(value)) return value;
    const kept = Object.entries(value).filter(([k]) => k !== 'selectAction' && !(k === 'actions' && value.type === 'AdaptiveCard') && !(k === 'refresh' && value.type === 'AdaptiveCard'));
    return Object.fromEntries(kept.map(([k, v]) => [k, strip(v)]));
  };
  const stripped = strip(card) as Record<string, unknown>;
  const body: unknown[] = Array.isArray(stripped.body) ? (stripped.body as unknown[]) : [];
  const note = { type: 'Container', style: 'emphasis', separator: true, items: [{ type: 'TextBlock', text: line, wrap: true, weight: 'Bolder' }] };
  return { ...stripped, body: [...body, note] };
}

function actionId(action: Readonly<Record<string, unknown>>, index: number): string {
  if (typeof action.id === 'string' && action.id !== '') return action.id;
  if (typeof action.title === 'string' && action.title !== '') return action.title;
  return `action${index + 1}`;
}

function actionData(data: unknown): Record<string, unknown> {
  if (data === undefined || data === null) return {};
  if (!isRecord(data)) return { actionData: data };
  const { msteams: _msteams, ...rest } = data;
  return rest;
}

/** `1.2` < `1.4` < `1.10`: compared part by part as numbers. */
function atLeast(version: string | undefined, minimum: string): string {
  if (version === undefined) return minimum;
  const a = version.split('.').map(Number);
  const b = minimum.split('.').map(Number);
  if (a.some((n) => !Number.isFinite(n))) return minimum;
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const x = a[i] ?? 0;
    const y = b[i] ?? 0;
    if (x !== y) return x > y ? version : minimum;
  }
  return version;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
