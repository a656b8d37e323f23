import { z } from 'zod';
import type { RecordOutcome } from '../ingest/record-outcome';
import type { DirectoryUser } from './directory-user';
import { isGuid, isUpnLike, normalizeUpn } from './upn';

/** What a directory column or property means, however the export spells it. */
export type DirectoryField =
  | 'upn'
  | 'objectId'
  | 'displayName'
  | 'mail'
  | 'department'
  | 'jobTitle'
  | 'managerUpn'
  | 'accountEnabled';

/**
 * One user as read from a CSV row or a JSON object, before validation. CSV gives strings only;
 * JSON may give a boolean for accountEnabled.
 */
export type DirectoryValues = Partial<Record<Exclude<DirectoryField, 'accountEnabled'>, string | null>> & {
  readonly accountEnabled?: boolean | string | null;
};

const optionalText = z
  .string()
  .nullish()
  .transform((v) => {
    const t = v?.trim() ?? '';
    return t === '' ? undefined : t;
  });

function refined<T>(check: (value: string) => { ok: true; value: T } | { ok: false; reason: string }) {
  return optionalText.transform((value, ctx): T | undefined => {
    if (value === undefined) return undefined;
    const r = check(value);
    if (!r.ok) {
      ctx.addIssue({ code: 'custom', message: r.reason });
      return z.NEVER;
    }
    return r.value;
  });
}

const BOOLEAN_WORDS: ReadonlyMap<string, boolean> = new Map([
  ['true', true],
  ['yes', true],
  ['1', true],
  ['false', false],
  ['no', false],
  ['0', false],
]);

// Key order is the order in which problems are reported.
export const DirectoryValuesSchema = z.object({
  upn: z
    .string({ error: 'missing; the user principal name is required' })
    .nullish()
    .transform((value, ctx) => {
      const r = normalizeUpn(value ?? '');
      if (!r.ok) {
        ctx.addIssue({ code: 'custom', message: r.reason });
        return z.NEVER;
      }
      return r.upn;
    }),
  objectId: refined((v) =>
    isGuid(v)
      ? { ok: true, value: v.toLowerCase() }
      : { ok: false, reason: `'${v}' is not an object id; expected a GUID such as 6e7b768e-07e2-4810-8459-485f84f8f204` },
  ),
  displayName: optionalText,
  mail: refined((v) =>
    isUpnLike(v) ? { ok: true, value: v } : { ok: false, reason: `'${v}' is not an e-mail address (expected name@domain)` },
  ),
  department: optionalText,
  jobTitle: optionalText,
  managerUpn: refined((v) => {
    const r = normalizeUpn(v);
    return r.ok ? { ok: true, value: r.upn } : { ok: false, reason: `manager: ${r.reason}` };
  }),
  accountEnabled: z
    .union([z.boolean(), z.string(), z.null()], { error: 'expected true or false' })
    .optional()
    .transform((value, ctx) => {
      if (value === undefined || value === null || typeof value === 'boolean') return value ?? undefined;
      if (value.trim() === '') return undefined;
      const b = BOOLEAN_WORDS.get(value.trim().toLowerCase());
      if (b === undefined) {
        ctx.addIssue({ code: 'custom', message: `'${value}' is not a yes/no value; expected true or false` });
        return z.NEVER;
      }
      return b;
    }),
});

export type DirectoryRowResult =
  | { readonly ok: true; readonly user: DirectoryUser }
  | { readonly ok: false; readonly field: DirectoryField; readonly reason: string };

/**
 * Validates one user. Without a display name the UPN stands in: every directory user has one in
 * Entra, but hand-made CSVs often leave it out, and refusing the user would make their HR and
 * badging rows fail too.
 */
export function validateDirectoryValues(values: DirectoryValues): DirectoryRowResult {
  const parsed = DirectoryValuesSchema.safeParse(values);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { ok: false, field: issue.path[0] as DirectoryField, reason: issue.message };
  }
  const v = parsed.data;
  if (v.managerUpn !== undefined && v.managerUpn === v.upn) {
    return { ok: false, field: 'managerUpn', reason: `'${v.managerUpn}' is the user's own UPN; a user cannot be their own manager` };
  }
  const user: DirectoryUser = {
    upn: v.upn,
    displayName: v.displayName ?? v.upn,
    ...(v.objectId === undefined ? {} : { objectId: v.objectId }),
    ...(v.mail === undefined ? {} : { mail: v.mail }),
    ...(v.department === undefined ? {} : { department: v.department }),
    ...(v.jobTitle === undefined ? {} : { jobTitle: v.jobTitle }),
    ...(v.managerUpn === undefined ? {} : { managerUpn: v.managerUpn }),
    ...(v.accountEnabled === undefined ? {} : { accountEnabled: v.accountEnabled }),
  };
  return { ok: true, user };
}

/** One input record of a directory file, located and named as the file names it. */
export type DirectoryInput =
  | {
      readonly row: number;
      readonly values: DirectoryValues;
      /** The column header or property name of each field, as written: what rejections name. */
      readonly names: Readonly<Partial<Record<DirectoryField, string>>>;
    }
  | { readonly row: number; readonly rejected: { readonly field: string; readonly reason: string } };

/**
 * Users of one file as outcomes. A UPN (or object id) given twice in one file is refused on its
 * second occurrence: the store upserts by UPN, so the later row would silently overwrite the
 * earlier and which one wins would depend on row order.
 */
export function* directoryOutcomes(inputs: Iterable<DirectoryInput>): Generator<RecordOutcome> {
  const firstRow = new Map<string, number>();
  const firstObjectRow = new Map<string, { row: number; upn: string }>();
  for (const input of inputs) {
    if ('rejected' in input) {
      yield { type: 'rejected', row: input.row, ...input.rejected };
      continue;
    }
    const result = validateDirectoryValues(input.values);
    if (!result.ok) {
      yield { type: 'rejected', row: input.row, field: input.names[result.field] ?? result.field, reason: result.reason };
      continue;
    }
    const earlier = firstRow.get(result.user.upn);
    if (earlier !== undefined) {
      yield {
        type: 'rejected',
        row: input.row,
        field: input.names.upn ?? 'upn',
        reason: `duplicate: '${result.user.upn}' is already in row ${earlier} of this file`,
      };
      continue;
    }
    const objectId = result.user.objectId;
    const sameObject = objectId === undefined ? undefined : firstObjectRow.get(objectId);
    if (sameObject !== undefined) {
      yield {
        type: 'rejected',
        row: input.row,
        field: input.names.objectId ?? 'objectId',
        reason: `duplicate: object id ${objectId} is already in row ${sameObject.row} of this file (as '${sameObject.upn}')`,
      };
      continue;
    }
    firstRow.set(result.user.upn, input.row);
    if (objectId !== undefined) firstObjectRow.set(objectId, { row: input.row, upn: result.user.upn });
    yield { type: 'user', row: input.row, user: result.user };
  }
}
