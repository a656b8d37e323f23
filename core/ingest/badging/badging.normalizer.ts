import type { Activity } from '../activity';
import { BADGING_FIELDS, BadgingRecordSchema, type BadgingField } from './badging-record.schema';

export type BadgingResult =
  | {
      readonly ok: true;
      readonly activity: Activity;
      /** The property that named the user, as written: the ingest service names it if the user is unknown. */
      readonly userField: string;
    }
  | { readonly ok: false; readonly field: string; readonly reason: string };

type DetailValue = string | number | boolean | null;

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function detailValue(value: unknown): DetailValue {
  if (value === null || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  // Activity details are flat; a nested value is kept, readable, as its JSON text.
  return JSON.stringify(value) ?? null;
}

/**
 * One badging record into a `physical.access` activity. Property names are matched without regard
 * to case (exports from badge systems vary: `userId`, `UserID`); anything besides the documented
 * properties, such as `SourceSystem` in the sample data set, is kept in `details`.
 *
 * The id is the user, the asset and the instant: a badge reader logs one event per person, door
 * and moment, and a re-sent file must not count an access twice.
 */
export function normalizeBadgingRecord(input: unknown): BadgingResult {
  if (!isPlainObject(input)) {
    return {
      ok: false,
      field: 'record',
      reason: `expected a JSON object with UserId, AssetId, EventTime and AccessStatus, got ${Array.isArray(input) ? 'an array' : input === null ? 'null' : `a ${typeof input}`}`,
    };
  }
  const canonical = new Map<string, BadgingField>(BADGING_FIELDS.map((f) => [f.toLowerCase(), f]));
  const known: Partial<Record<BadgingField, unknown>> = {};
  const written: Partial<Record<BadgingField, string>> = {};
  // A Map, then Object.fromEntries: a property named __proto__ stays an ordinary detail.
  const details = new Map<string, DetailValue>();
  for (const [key, value] of Object.entries(input)) {
    const field = canonical.get(key.toLowerCase());
    if (field === undefined) {
      details.set(key, detailValue(value));
      continue;
    }
    const earlier = written[field];
    if (earlier !== undefined) {
      return { ok: false, field: key, reason: `the record has both ${earlier} and ${key}; send ${field} once` };
    }
    written[field] = key;
    known[field] = value;
  }

  const parsed = BadgingRecordSchema.safeParse(known);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue.path[0] as BadgingField;
    return { ok: false, field: written[field] ?? field, reason: issue.message };
  }
  const r = parsed.data;
  const activity: Activity = {
    id: `badging:${r.UserId}|${r.AssetId}|${r.EventTime}`,
    source: 'badging',
    kind: 'physical.access',
    userId: r.UserId,
    time: r.EventTime,
    operation: 'Physical access',
    assetId: r.AssetId,
    ...(r.AssetName === undefined ? {} : { assetName: r.AssetName }),
    accessStatus: r.AccessStatus,
    ...(details.size === 0 ? {} : { details: Object.fromEntries(details) }),
  };
  return { ok: true, activity, userField: written.UserId ?? 'UserId' };
}
