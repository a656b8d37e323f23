import { z } from 'zod';
import { normalizeUpn } from '../../directory/upn';
import { parseIsoDateTime } from '../iso-date';

/** The physical badging connector takes at most this many records per request. */
export const BADGING_MAX_RECORDS = 50_000;

/** The documented properties, in the order problems are reported. */
export const BADGING_FIELDS = ['UserId', 'AssetId', 'AssetName', 'EventTime', 'AccessStatus'] as const;
export type BadgingField = (typeof BADGING_FIELDS)[number];

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `a ${typeof value} (${JSON.stringify(value)})`;
}

function text(what: string): z.ZodString {
  return z.string({
    error: (issue) => (issue.input === undefined ? `missing; ${what} is required` : `expected a string, got ${describe(issue.input)}`),
  });
}

const ACCESS_STATUS: ReadonlyMap<string, 'Success' | 'Failed'> = new Map([
  ['success', 'Success'],
  ['failed', 'Failed'],
  // SCHEMA.md of the connector's sample scripts says "Success/Failure".
  ['failure', 'Failed'],
]);

export const BadgingRecordSchema = z.object({
  UserId: text('the user principal name').transform((value, ctx) => {
    const upn = normalizeUpn(value);
    if (!upn.ok) {
      ctx.addIssue({ code: 'custom', message: upn.reason });
      return z.NEVER;
    }
    return upn.upn;
  }),
  // Badge systems often number their doors; a JSON number is the same id as its decimal string.
  AssetId: z
    .union([text('the asset id'), z.number().int().transform(String)], {
      error: (issue) =>
        issue.input === undefined ? 'missing; the asset id is required' : `expected a string, got ${describe(issue.input)}`,
    })
    .transform((value, ctx) => {
      const id = value.trim();
      if (id === '') {
        ctx.addIssue({ code: 'custom', message: 'empty; the asset id is required' });
        return z.NEVER;
      }
      return id;
    }),
  AssetName: z
    .union([text('the asset name'), z.null()])
    .optional()
    .transform((value) => {
      const name = value?.trim() ?? '';
      return name === '' ? undefined : name;
    }),
  EventTime: text('the event time').transform((value, ctx) => {
    const time = parseIsoDateTime(value);
    if (!time.ok) {
      ctx.addIssue({ code: 'custom', message: time.reason });
      return z.NEVER;
    }
    return time.value;
  }),
  AccessStatus: text('the access status').transform((value, ctx) => {
    const status = ACCESS_STATUS.get(value.trim().toLowerCase());
    if (status === undefined) {
      ctx.addIssue({ code: 'custom', message: `'${value}' is not an access status; expected Success or Failed (or Failure)` });
      return z.NEVER;
    }
    return status;
  }),
});
export type BadgingRecord = z.infer<typeof BadgingRecordSchema>;
