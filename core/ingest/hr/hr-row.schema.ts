import { z } from 'zod';
import { normalizeUpn } from '../../directory/upn';
import { parseIsoDateTime } from '../iso-date';
import type { HrField } from './hr-columns';
import type { HrDataType } from './hr-data-type';

/** Documented limits of the HR connector's free-text columns. */
export const HR_REMARKS_MAX = 200;
export const HR_RATING_MAX = 25;

const EMPTY_REQUIRED = 'empty; a value is required';

/** Characters as people count them: an emoji or an accented letter from NFD input is one. */
function charCount(value: string): number {
  return [...value].length;
}

const requiredText = z.string().trim().min(1, { error: EMPTY_REQUIRED });

/** An optional column: absent and empty both mean "not given". */
function optionalText(max?: number): z.ZodType<string | undefined, string | undefined> {
  return z
    .string()
    .optional()
    .transform((value, ctx) => {
      const text = value?.trim() ?? '';
      if (text === '') return undefined;
      if (max !== undefined && charCount(text) > max) {
        ctx.addIssue({ code: 'custom', message: `${charCount(text)} characters long; at most ${max} are allowed` });
        return z.NEVER;
      }
      return text;
    });
}

const isoDate = z.string().transform((value, ctx) => {
  const parsed = parseIsoDateTime(value);
  if (!parsed.ok) {
    ctx.addIssue({ code: 'custom', message: parsed.reason });
    return z.NEVER;
  }
  return parsed.value;
});

const optionalIsoDate = z
  .string()
  .optional()
  .transform((value, ctx) => {
    if (value === undefined || value.trim() === '') return undefined;
    const parsed = parseIsoDateTime(value);
    if (!parsed.ok) {
      ctx.addIssue({ code: 'custom', message: parsed.reason });
      return z.NEVER;
    }
    return parsed.value;
  });

const email = z.string().transform((value, ctx) => {
  const parsed = normalizeUpn(value);
  if (!parsed.ok) {
    ctx.addIssue({ code: 'custom', message: parsed.reason });
    return z.NEVER;
  }
  return parsed.upn;
});

// Key order is the order in which problems are reported: the user first, then dates, then text.
export const HrResignationRowSchema = z.object({
  email,
  resignationDate: isoDate,
  lastWorkingDate: isoDate,
});

export const HrJobLevelChangeRowSchema = z.object({
  email,
  effectiveDate: isoDate,
  oldLevel: optionalText(),
  newLevel: optionalText(),
  remarks: optionalText(HR_REMARKS_MAX),
});

export const HrPerformanceRowSchema = z.object({
  email,
  effectiveDate: isoDate,
  remarks: optionalText(HR_REMARKS_MAX),
  rating: optionalText(HR_RATING_MAX),
});

export const HrEmployeeProfileRowSchema = z.object({
  email,
  firstName: requiredText,
  lastName: requiredText,
  addressLine1: requiredText,
  zipCode: requiredText,
  effectiveDate: optionalIsoDate,
  userName: optionalText(),
  addressLine2: optionalText(),
  city: optionalText(),
  state: optionalText(),
  country: optionalText(),
  department: optionalText(),
  employeeType: optionalText(),
  role: optionalText(),
});

/** One validated, normalized HR row: e-mail lower-case, dates canonical UTC, text trimmed. */
export type HrRecord =
  | ({ readonly dataType: 'resignation' } & z.infer<typeof HrResignationRowSchema>)
  | ({ readonly dataType: 'job-level-change' } & z.infer<typeof HrJobLevelChangeRowSchema>)
  | ({ readonly dataType: 'performance-review' } & z.infer<typeof HrPerformanceRowSchema>)
  | ({ readonly dataType: 'performance-improvement-plan' } & z.infer<typeof HrPerformanceRowSchema>)
  | ({ readonly dataType: 'employee-profile' } & z.infer<typeof HrEmployeeProfileRowSchema>);

export type HrRowResult =
  | { readonly ok: true; readonly record: HrRecord }
  | { readonly ok: false; readonly field: HrField; readonly reason: string };

/** The raw cell values of one row, by field; fields without a column are absent. */
export type HrRowValues = Partial<Record<HrField, string>>;

function firstIssue(error: z.ZodError): { field: HrField; reason: string } {
  const issue = error.issues[0];
  return { field: issue.path[0] as HrField, reason: issue.message };
}

/** Validates one row as the given data type; reports the first problem in schema key order. */
export function validateHrRow(dataType: HrDataType, values: HrRowValues): HrRowResult {
  switch (dataType) {
    case 'resignation': {
      const r = HrResignationRowSchema.safeParse(values);
      return r.success ? { ok: true, record: { dataType, ...r.data } } : { ok: false, ...firstIssue(r.error) };
    }
    case 'job-level-change': {
      const r = HrJobLevelChangeRowSchema.safeParse(values);
      return r.success ? { ok: true, record: { dataType, ...r.data } } : { ok: false, ...firstIssue(r.error) };
    }
    case 'performance-review':
    case 'performance-improvement-plan': {
      const r = HrPerformanceRowSchema.safeParse(values);
      return r.success ? { ok: true, record: { dataType, ...r.data } } : { ok: false, ...firstIssue(r.error) };
    }
    case 'employee-profile': {
      const r = HrEmployeeProfileRowSchema.safeParse(values);
      return r.success ? { ok: true, record: { dataType, ...r.data } } : { ok: false, ...firstIssue(r.error) };
    }
  }
}
