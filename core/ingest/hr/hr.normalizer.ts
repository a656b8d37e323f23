import type { Activity } from '../activity';
import { HR_ACTIVITY_KIND, HR_SCENARIO_NAME } from './hr-data-type';
import type { HrRecord } from './hr-row.schema';

/**
 * A hex digest of a string (sha256 in production). core/ may not import node:crypto, so the
 * normalizer decides *what* identifies a row (the key material below) and infra decides *how* it
 * is hashed; tests can pass any stable function.
 */
export type HexDigest = (material: string) => string;

/**
 * Employee-profile rows are reference data, not events: the connector re-sends the same profile
 * every couple of weeks. Their activity time must not depend on when a file was processed (a
 * re-import would then differ), so without an EffectiveDate they are pinned to this instant, which
 * also keeps them out of every scoring window.
 */
export const HR_PROFILE_UNDATED_TIME = '1970-01-01T00:00:00.000Z';

type Details = Record<string, string>;

function withoutEmpty(details: Record<string, string | undefined>): Details {
  const out: Details = {};
  for (const [key, value] of Object.entries(details)) if (value !== undefined) out[key] = value;
  return out;
}

/**
 * What makes two rows the same HR fact: the data type and every normalized value, in a fixed order,
 * independent of header spellings, column order and single- vs multi-type files. A corrected row
 * (new remarks, a fixed date) is therefore a new activity, and the same row sent again is not.
 */
export function hrKeyMaterial(record: HrRecord): string {
  switch (record.dataType) {
    case 'resignation':
      return JSON.stringify([record.dataType, record.email, record.resignationDate, record.lastWorkingDate]);
    case 'job-level-change':
      return JSON.stringify([
        record.dataType,
        record.email,
        record.effectiveDate,
        record.oldLevel ?? null,
        record.newLevel ?? null,
        record.remarks ?? null,
      ]);
    case 'performance-review':
    case 'performance-improvement-plan':
      return JSON.stringify([record.dataType, record.email, record.effectiveDate, record.remarks ?? null, record.rating ?? null]);
    case 'employee-profile':
      return JSON.stringify([
        record.dataType,
        record.email,
        record.effectiveDate ?? null,
        record.userName ?? null,
        record.firstName,
        record.lastName,
        record.addressLine1,
        record.addressLine2 ?? null,
        record.city ?? null,
        record.state ?? null,
        record.zipCode,
        record.country ?? null,
        record.department ?? null,
        record.employeeType ?? null,
        record.role ?? null,
      ]);
  }
}

export function hrActivity(record: HrRecord, digest: HexDigest): Activity {
  const base = {
    id: `hr:${digest(hrKeyMaterial(record))}`,
    source: 'hr' as const,
    kind: HR_ACTIVITY_KIND[record.dataType],
    userId: record.email,
    operation: HR_SCENARIO_NAME[record.dataType],
  };
  switch (record.dataType) {
    case 'resignation':
      return { ...base, time: record.resignationDate, details: { lastWorkingDate: record.lastWorkingDate } };
    case 'job-level-change':
      return {
        ...base,
        time: record.effectiveDate,
        details: withoutEmpty({ oldLevel: record.oldLevel, newLevel: record.newLevel, remarks: record.remarks }),
      };
    case 'performance-review':
    case 'performance-improvement-plan':
      return { ...base, time: record.effectiveDate, details: withoutEmpty({ remarks: record.remarks, rating: record.rating }) };
    case 'employee-profile':
      return {
        ...base,
        time: record.effectiveDate ?? HR_PROFILE_UNDATED_TIME,
        details: withoutEmpty({
          timeSource: record.effectiveDate === undefined ? 'none' : 'EffectiveDate',
          userName: record.userName,
          firstName: record.firstName,
          lastName: record.lastName,
          addressLine1: record.addressLine1,
          addressLine2: record.addressLine2,
          city: record.city,
          state: record.state,
          zipCode: record.zipCode,
          country: record.country,
          department: record.department,
          employeeType: record.employeeType,
          role: record.role,
        }),
      };
  }
}
