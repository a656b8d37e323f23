import { ValidationError } from '../../errors';
import { HR_DATA_TYPES, HR_SCENARIO_NAME, type HrDataType } from './hr-data-type';

/** What a column means, independent of how the HR system spells its header. */
export type HrField =
  | 'email'
  | 'resignationDate'
  | 'lastWorkingDate'
  | 'effectiveDate'
  | 'oldLevel'
  | 'newLevel'
  | 'remarks'
  | 'rating'
  | 'userName'
  | 'firstName'
  | 'lastName'
  | 'addressLine1'
  | 'addressLine2'
  | 'city'
  | 'state'
  | 'zipCode'
  | 'country'
  | 'department'
  | 'employeeType'
  | 'role';

/**
 * Accepted header names per field, the documented name first (it is the one error messages
 * suggest). Matching ignores case and surrounding blanks but not inner spaces: the connector
 * wizard matches names case-insensitively and requires spaces to match.
 */
export const HR_COLUMN_NAMES: Readonly<Record<HrField, readonly string[]>> = {
  email: ['EmailAddress', 'Email', 'UserPrincipalName', 'UPN'],
  // TerminationDate is the v1 connector's name (2019–2021 docs).
  resignationDate: ['ResignationDate', 'TerminationDate'],
  lastWorkingDate: ['LastWorkingDate'],
  effectiveDate: ['EffectiveDate'],
  oldLevel: ['OldLevel'],
  newLevel: ['NewLevel'],
  // The PIP sample header spells them ImprovementRemarks/PerformanceRating, the PIP table
  // Remarks/Rating; both name the same thing.
  remarks: ['Remarks', 'ImprovementRemarks'],
  rating: ['Rating', 'PerformanceRating'],
  userName: ['UserName'],
  firstName: ['EmployeeFirstName'],
  lastName: ['EmployeeLastName'],
  // The employee-profile sample header abbreviates (AddLine1, Dept); its column table spells out.
  addressLine1: ['EmployeeAddLine1', 'EmployeeAddressLine1'],
  addressLine2: ['EmployeeAddLine2', 'EmployeeAddressLine2'],
  city: ['EmployeeCity'],
  state: ['EmployeeState'],
  zipCode: ['EmployeeZipCode'],
  country: ['EmployeeCountry'],
  department: ['EmployeeDept', 'EmployeeDepartment'],
  employeeType: ['EmployeeType'],
  role: ['EmployeeRole'],
};

export const HR_SCENARIO_COLUMN = 'HRScenario';

interface HrTypeColumns {
  readonly mandatory: readonly HrField[];
  readonly optional: readonly HrField[];
}

export const HR_TYPE_COLUMNS: Readonly<Record<HrDataType, HrTypeColumns>> = {
  resignation: { mandatory: ['email', 'resignationDate', 'lastWorkingDate'], optional: [] },
  'job-level-change': { mandatory: ['email', 'effectiveDate'], optional: ['oldLevel', 'newLevel', 'remarks'] },
  'performance-review': { mandatory: ['email', 'effectiveDate'], optional: ['remarks', 'rating'] },
  'performance-improvement-plan': { mandatory: ['email', 'effectiveDate'], optional: ['remarks', 'rating'] },
  'employee-profile': {
    mandatory: ['email', 'firstName', 'lastName', 'addressLine1', 'zipCode'],
    // EffectiveDate is our addition: a profile has no event time, and when the file gives one it
    // is a better activity time than none (see hr.normalizer.ts).
    optional: [
      'userName',
      'addressLine2',
      'city',
      'state',
      'country',
      'department',
      'employeeType',
      'role',
      'effectiveDate',
    ],
  },
};

const PROFILE_ONLY: readonly HrField[] = [
  'userName',
  'firstName',
  'lastName',
  'addressLine1',
  'addressLine2',
  'city',
  'state',
  'zipCode',
  'country',
  'department',
  'employeeType',
  'role',
];

const FIELD_BY_NAME: ReadonlyMap<string, HrField> = new Map(
  (Object.keys(HR_COLUMN_NAMES) as HrField[]).flatMap((field) =>
    HR_COLUMN_NAMES[field].map((name) => [name.toLowerCase(), field] as const),
  ),
);

export interface HrColumn {
  readonly index: number;
  /** The header as written in the file: what rejections name. */
  readonly name: string;
}

/** Where each known field sits in one file, and how each row's data type is known. */
export type HrLayout = {
  readonly header: readonly string[];
  readonly columns: ReadonlyMap<HrField, HrColumn>;
} & (
  | { readonly scenario: HrColumn; readonly singleType?: undefined }
  | { readonly scenario?: undefined; readonly singleType: HrDataType }
);

function fail(file: string, message: string, column?: string): never {
  throw new ValidationError(`${file}: ${message}`, [{ file, row: 1, field: column, reason: message }]);
}

/**
 * Maps a header row to fields and, without an HRScenario column, tells the data type from the
 * columns present. Throws ValidationError naming the file and the column on any header problem:
 * an unnamed column, a field given twice, columns of several types without HRScenario, or a
 * missing mandatory column of a single-type file. Columns we do not know are ignored, as the
 * connector ignores columns that are not mapped.
 */
export function resolveHrHeader(header: readonly string[], file: string): HrLayout {
  const columns = new Map<HrField, HrColumn>();
  let scenario: HrColumn | undefined;
  header.forEach((raw, index) => {
    const name = raw.trim();
    if (name === '') {
      fail(file, `column ${index + 1} of the header has no name (a stray comma in the header?); name it or remove it`);
    }
    const key = name.toLowerCase();
    if (key === HR_SCENARIO_COLUMN.toLowerCase()) {
      if (scenario !== undefined) fail(file, `the header has the column ${HR_SCENARIO_COLUMN} twice`, name);
      scenario = { index, name };
      return;
    }
    const field = FIELD_BY_NAME.get(key);
    if (field === undefined) return;
    const earlier = columns.get(field);
    if (earlier !== undefined) {
      const same = earlier.name.toLowerCase() === key;
      fail(
        file,
        same
          ? `the header has the column ${name} twice`
          : `the columns ${earlier.name} and ${name} mean the same thing (${HR_COLUMN_NAMES[field][0]}); keep one`,
        name,
      );
    }
    columns.set(field, { index, name });
  });

  if (scenario !== undefined) {
    requireColumn(header, columns, 'email', file, undefined);
    return { header, columns, scenario };
  }
  const singleType = detectSingleType(header, columns, file);
  for (const field of HR_TYPE_COLUMNS[singleType].mandatory) requireColumn(header, columns, field, file, singleType);
  return { header, columns, singleType };
}

/**
 * In a multi-type file, the columns each data type needs are required only for the types that
 * actually occur: the documented multi-type sample has no employee-profile columns at all.
 */
export function requireHrColumnsFor(layout: HrLayout, types: Iterable<HrDataType>, file: string): void {
  for (const type of types) {
    for (const field of HR_TYPE_COLUMNS[type].mandatory) requireColumn(layout.header, layout.columns, field, file, type);
  }
}

function requireColumn(
  header: readonly string[],
  columns: ReadonlyMap<HrField, HrColumn>,
  field: HrField,
  file: string,
  type: HrDataType | undefined,
): void {
  if (columns.has(field)) return;
  const [name, ...aliases] = HR_COLUMN_NAMES[field];
  const forType = type === undefined ? 'every HR row' : `${HR_SCENARIO_NAME[type]} data`;
  const also = aliases.length > 0 ? ` (also accepted: ${aliases.join(', ')})` : '';
  fail(
    file,
    `missing mandatory column ${name}${also} for ${forType}; the header is: ${header.map((h) => h.trim()).join(',')}`,
    name,
  );
}

/** Which type's columns a header name is evidence of, in precedence order. */
function detectSingleType(header: readonly string[], columns: ReadonlyMap<HrField, HrColumn>, file: string): HrDataType {
  const has = (field: HrField): boolean => columns.has(field);
  const written = (field: HrField): string => columns.get(field)?.name.toLowerCase() ?? '';
  let type: HrDataType | undefined;
  if (has('resignationDate') || has('lastWorkingDate')) type = 'resignation';
  else if (PROFILE_ONLY.some(has)) type = 'employee-profile';
  else if (has('oldLevel') || has('newLevel')) type = 'job-level-change';
  else if (written('remarks') === 'improvementremarks' || written('rating') === 'performancerating') {
    type = 'performance-improvement-plan';
  } else if (has('remarks') || has('rating')) type = 'performance-review';

  if (type === undefined) {
    fail(
      file,
      'cannot tell the HR data type from the header ' +
        `(${header.map((h) => h.trim()).join(',')}); expected the columns of one data type, e.g. ` +
        'EmailAddress,ResignationDate,LastWorkingDate or EmailAddress,EffectiveDate,Remarks,Rating, ' +
        `or an ${HR_SCENARIO_COLUMN} column naming the type of each row`,
    );
  }
  const allowed = new Set<HrField>([...HR_TYPE_COLUMNS[type].mandatory, ...HR_TYPE_COLUMNS[type].optional]);
  for (const [field, column] of columns) {
    if (allowed.has(field)) continue;
    const owners = HR_DATA_TYPES.filter(
      (t) => HR_TYPE_COLUMNS[t].mandatory.includes(field) || HR_TYPE_COLUMNS[t].optional.includes(field),
    ).map((t) => HR_SCENARIO_NAME[t]);
    fail(
      file,
      `the column ${column.name} belongs to ${owners.join(' or ')} data, ` +
        `but the other columns are ${HR_SCENARIO_NAME[type]} data; ` +
        `a file with several HR data types needs an ${HR_SCENARIO_COLUMN} column`,
      column.name,
    );
  }
  return type;
}
