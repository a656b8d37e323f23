import type { ActivityKind } from '../activity';

/** The five data types of the HR connector (v2), in the order the connector wizard lists them. */
export const HR_DATA_TYPES = [
  'resignation',
  'job-level-change',
  'performance-review',
  'performance-improvement-plan',
  'employee-profile',
] as const;
export type HrDataType = (typeof HR_DATA_TYPES)[number];

export const HR_ACTIVITY_KIND: Readonly<Record<HrDataType, ActivityKind>> = {
  resignation: 'hr.resignation',
  'job-level-change': 'hr.job-level-change',
  'performance-review': 'hr.performance-review',
  'performance-improvement-plan': 'hr.performance-improvement-plan',
  'employee-profile': 'hr.employee-profile',
};

/**
 * The documented HRScenario value of each type. Also the activity's `operation`, so the activity
 * explorer shows the name the HR team wrote.
 */
export const HR_SCENARIO_NAME: Readonly<Record<HrDataType, string>> = {
  resignation: 'Resignation',
  'job-level-change': 'Job level change',
  'performance-review': 'Performance review',
  'performance-improvement-plan': 'Performance improvement plan',
  'employee-profile': 'Employee profile',
};

/**
 * HRScenario spellings accepted besides the documented ones. The connector lets customers map any
 * value in its wizard; without a wizard we accept the names the documentation itself uses for the
 * data types (singular and plural), and `PIP`. Matching ignores case and treats runs of spaces,
 * hyphens and underscores as one space, so `job-level-change` and `JOB_LEVEL_CHANGE` work too.
 */
const SCENARIO_SPELLINGS: Readonly<Record<HrDataType, readonly string[]>> = {
  resignation: ['resignation', 'resignations', 'employee resignation', 'employee resignations'],
  'job-level-change': ['job level change', 'job level changes'],
  'performance-review': ['performance review', 'performance reviews'],
  'performance-improvement-plan': ['performance improvement plan', 'performance improvement plans', 'pip'],
  'employee-profile': ['employee profile', 'employee profiles'],
};

const SCENARIO_LOOKUP: ReadonlyMap<string, HrDataType> = new Map(
  HR_DATA_TYPES.flatMap((type) => SCENARIO_SPELLINGS[type].map((spelling) => [spelling, type] as const)),
);

export function hrDataTypeFromScenario(value: string): HrDataType | undefined {
  const key = value.trim().toLowerCase().replace(/[\s_-]+/g, ' ');
  return SCENARIO_LOOKUP.get(key);
}

export const HR_SCENARIO_EXPECTED = `expected one of ${HR_DATA_TYPES.map((t) => `'${HR_SCENARIO_NAME[t]}'`).join(', ')}`;
