import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { ValidationError } from '../../../../core/errors';
import { ActivitySchema, type Activity } from '../../../../core/ingest/activity';
import type { RecordOutcome } from '../../../../core/ingest/record-outcome';
import { hrCsvParser } from '../../../../infra/connectors/hr/hr-csv.parser';

const FIXTURES = path.join(__dirname, '../../../fixtures/hr');
const ISO = 'expected ISO 8601: yyyy-mm-dd or yyyy-mm-ddThh:mm:ss, optionally with a fraction of up to 7 digits and Z or ±hh:mm (no offset means UTC), e.g. 2026-03-01T09:15:49Z';

function parseText(text: string, file = 'hr.csv'): RecordOutcome[] {
  return [...hrCsvParser.parse(text, { file, internalDomains: new Set(['contoso.com']) })];
}

function parseFixture(name: string): RecordOutcome[] {
  return parseText(fs.readFileSync(path.join(FIXTURES, name), 'utf8'), name);
}

function activities(outcomes: RecordOutcome[]): Activity[] {
  return outcomes.map((o) => {
    if (o.type !== 'activity') throw new Error(`row ${o.row} is ${o.type}: ${JSON.stringify(o)}`);
    return o.activity;
  });
}

function rejections(outcomes: RecordOutcome[]): { row: number; field: string; reason: string }[] {
  return outcomes.flatMap((o) => (o.type === 'rejected' ? [{ row: o.row, field: o.field, reason: o.reason }] : []));
}

function hrId(material: unknown[]): string {
  return `hr:${createHash('sha256').update(JSON.stringify(material)).digest('hex')}`;
}

function fileError(name: string): ValidationError {
  try {
    parseFixture(name);
  } catch (error) {
    if (error instanceof ValidationError) return error;
    throw error;
  }
  throw new Error(`${name} was accepted`);
}

describe('hr-csv parser: the five data types', () => {
  it('reads resignations, normalizing e-mail case and every documented ISO 8601 variant to UTC', () => {
    const outcomes = parseFixture('resignation.csv');
    expect(outcomes.map((o) => o.row)).toEqual([2, 3, 4]);
    expect(outcomes.every((o) => o.type === 'activity' && o.requiresKnownUser?.field === 'EmailAddress')).toBe(true);
    const [megan, alex, lidia] = activities(outcomes);
    expect(megan).toEqual({
      id: hrId(['resignation', 'megan.bowen@contoso.com', '2026-02-02T12:00:00.123Z', '2026-02-27T12:00:00.123Z']),
      source: 'hr',
      kind: 'hr.resignation',
      userId: 'megan.bowen@contoso.com',
      time: '2026-02-02T12:00:00.123Z',
      operation: 'Resignation',
      details: { lastWorkingDate: '2026-02-27T12:00:00.123Z' },
    });
    // Z, and no offset (UTC) with a 7-digit fraction truncated to milliseconds.
    expect(alex).toMatchObject({
      userId: 'alex.wilber@contoso.com',
      time: '2026-02-03T09:15:49.000Z',
      details: { lastWorkingDate: '2026-03-06T15:18:02.711Z' },
    });
    // A date alone is midnight UTC.
    expect(lidia).toMatchObject({ time: '2026-02-10T00:00:00.000Z', details: { lastWorkingDate: '2026-02-28T00:00:00.000Z' } });
    for (const a of [megan, alex, lidia]) expect(ActivitySchema.parse(a)).toEqual(a);
  });

  it('accepts the v1 column name TerminationDate and gives the same fact the same id', () => {
    const [v1] = activities(parseFixture('resignation-v1-termination.csv'));
    const [v2] = activities(parseFixture('resignation.csv'));
    expect(v1).toEqual(v2);
  });

  it('reads job level changes with optional levels and remarks', () => {
    const outcomes = parseFixture('job-level-change.csv');
    const [diego, pradeep] = activities(outcomes);
    expect(diego).toEqual({
      id: hrId([
        'job-level-change',
        'diego.siciliani@contoso.com',
        '2026-01-15T09:00:00.000Z',
        'Level 62 Director',
        'Level 60 Sr Manager',
        'Reorganization; role reduced, no pay change',
      ]),
      source: 'hr',
      kind: 'hr.job-level-change',
      userId: 'diego.siciliani@contoso.com',
      time: '2026-01-15T09:00:00.000Z',
      operation: 'Job level change',
      details: { oldLevel: 'Level 62 Director', newLevel: 'Level 60 Sr Manager', remarks: 'Reorganization; role reduced, no pay change' },
    });
    // -08:00 moves the instant forward eight hours; empty optional cells are left out.
    expect(pradeep).toMatchObject({ time: '2026-01-20T08:00:00.000Z', details: { oldLevel: 'Level 61 Sr. Manager' } });
    expect(pradeep.details).toEqual({ oldLevel: 'Level 61 Sr. Manager' });
  });

  it('reads performance reviews with header names in any case, naming the e-mail column as written', () => {
    const outcomes = parseFixture('performance-review.csv');
    expect(outcomes[0]).toMatchObject({ type: 'activity', row: 2, requiresKnownUser: { field: 'emailaddress' } });
    const [isaiah, johanna] = activities(outcomes);
    expect(isaiah).toMatchObject({
      kind: 'hr.performance-review',
      operation: 'Performance review',
      userId: 'isaiah.langer@contoso.com',
      time: '2026-01-31T12:00:00.000Z',
      details: { remarks: 'Met expectations, but several conflicts with the team', rating: '2 Below expectations' },
    });
    expect(johanna.details).toEqual({});
  });

  it('reads performance improvement plans from the documented ImprovementRemarks/PerformanceRating header', () => {
    const [pip] = activities(parseFixture('performance-improvement-plan.csv'));
    expect(pip).toEqual({
      id: hrId([
        'performance-improvement-plan',
        'isaiah.langer@contoso.com',
        '2026-02-14T10:00:00.500Z',
        'Needs to improve communication with stakeholders',
        '1 Does not meet',
      ]),
      source: 'hr',
      kind: 'hr.performance-improvement-plan',
      userId: 'isaiah.langer@contoso.com',
      time: '2026-02-14T10:00:00.500Z',
      operation: 'Performance improvement plan',
      details: { remarks: 'Needs to improve communication with stakeholders', rating: '1 Does not meet' },
    });
  });

  it('reads employee profiles, pinning undated profiles to a fixed time so re-imports are identical', () => {
    const [nestor, grady] = activities(parseFixture('employee-profile.csv'));
    expect(nestor).toMatchObject({
      kind: 'hr.employee-profile',
      operation: 'Employee profile',
      userId: 'nestor.wilke@contoso.com',
      time: '1970-01-01T00:00:00.000Z',
      details: {
        timeSource: 'none',
        userName: 'nestorw',
        firstName: 'Nestor',
        lastName: 'Wilke',
        addressLine1: '1 Microsoft Way',
        addressLine2: 'Building 92',
        city: 'Redmond',
        state: 'WA',
        zipCode: '98052',
        department: 'Operations',
        employeeType: 'Regular',
        role: 'Nurse',
      },
    });
    expect(grady.details).toEqual({
      timeSource: 'none',
      userName: 'gradya',
      firstName: 'Grady',
      lastName: 'Archie',
      addressLine1: '500 Pine St, Apt 12',
      city: 'Seattle',
      state: 'WA',
      zipCode: '98101',
      department: 'Research',
      employeeType: 'Contractor',
    });
    const again = activities(parseFixture('employee-profile.csv'));
    expect(again).toEqual([nestor, grady]);
  });

  it('accepts the long employee-profile spellings (EmployeeAddressLine1, EmployeeDepartment, EmployeeCountry)', () => {
    const [nestor] = activities(parseFixture('employee-profile-long-names.csv'));
    expect(nestor.details).toEqual({
      timeSource: 'none',
      firstName: 'Nestor',
      lastName: 'Wilke',
      addressLine1: '1 Microsoft Way',
      addressLine2: 'Building 92',
      city: 'Redmond',
      state: 'WA',
      zipCode: '98052',
      country: 'USA',
      department: 'Operations',
      employeeType: 'Regular',
      role: 'Nurse',
    });
  });

  it('uses EffectiveDate as the time of a profile when the file has one', () => {
    const [profile] = activities(
      parseText(
        'EmailAddress,EmployeeFirstName,EmployeeLastName,EmployeeAddLine1,EmployeeZipCode,EffectiveDate\n' +
          'nestor.wilke@contoso.com,Nestor,Wilke,1 Microsoft Way,98052,2026-03-01\n',
      ),
    );
    expect(profile).toMatchObject({ time: '2026-03-01T00:00:00.000Z', details: { timeSource: 'EffectiveDate' } });
  });
});

describe('hr-csv parser: multi-type files', () => {
  it('reads every data type by its HRScenario value, case-insensitively, with the same ids as single-type files', () => {
    const outcomes = parseFixture('multi-type.csv');
    const list = activities(outcomes);
    expect(list.map((a) => a.kind)).toEqual([
      'hr.resignation',
      'hr.job-level-change',
      'hr.performance-review',
      'hr.performance-improvement-plan',
      'hr.employee-profile',
    ]);
    expect(list[0].id).toBe(activities(parseFixture('resignation.csv'))[0].id);
    expect(list[1].id).toBe(activities(parseFixture('job-level-change.csv'))[0].id);
    expect(list[2].id).toBe(activities(parseFixture('performance-review.csv'))[0].id);
    expect(list[3].id).toBe(activities(parseFixture('performance-improvement-plan.csv'))[0].id);
    expect(list[4]).toMatchObject({
      userId: 'nestor.wilke@contoso.com',
      details: { firstName: 'Nestor', lastName: 'Wilke', addressLine1: '1 Microsoft Way', zipCode: '98052' },
    });
  });

  it('reports the documented sample defect (fewer commas than the header) per row and keeps the good rows', () => {
    const outcomes = parseFixture('multi-type-doc-defect.csv');
    expect(outcomes.map((o) => [o.row, o.type])).toEqual([
      [2, 'rejected'],
      [3, 'activity'],
      [4, 'rejected'],
      [5, 'activity'],
      [6, 'rejected'],
    ]);
    expect(rejections(outcomes)).toEqual([
      {
        row: 2,
        field: 'NewLevel',
        reason: 'the row has 8 fields but the header has 9; every row needs one field per header column, left empty when unused',
      },
      // The job-level rows of the sample put the date under ResignationDate: EffectiveDate is empty.
      { row: 4, field: 'EffectiveDate', reason: `empty; ${ISO}` },
      {
        row: 6,
        field: 'NewLevel',
        reason: 'the row has 8 fields but the header has 9; every row needs one field per header column, left empty when unused',
      },
    ]);
  });

  it('rejects rows with an empty or unknown HRScenario and accepts the documented plural names and PIP', () => {
    const outcomes = parseFixture('multi-type-bad-scenario.csv');
    const expected =
      "expected one of 'Resignation', 'Job level change', 'Performance review', 'Performance improvement plan', 'Employee profile'";
    expect(rejections(outcomes)).toEqual([
      { row: 3, field: 'HRScenario', reason: `unknown HR scenario 'Promotion'; ${expected}` },
      { row: 4, field: 'HRScenario', reason: `empty; ${expected}` },
    ]);
    expect(outcomes.flatMap((o) => (o.type === 'activity' ? [[o.row, o.activity.kind]] : []))).toEqual([
      [2, 'hr.resignation'],
      [5, 'hr.performance-review'],
      [6, 'hr.performance-improvement-plan'],
    ]);
  });
});

describe('hr-csv parser: bad rows', () => {
  it('rejects each bad row with its row number, the column as written and the reason, and accepts the rest', () => {
    const outcomes = parseFixture('performance-review-bad-rows.csv');
    expect(outcomes).toHaveLength(12);
    expect(rejections(outcomes)).toEqual([
      { row: 3, field: 'EffectiveDate', reason: `'2026-02-30' is not a real date; ${ISO}` },
      { row: 4, field: 'EffectiveDate', reason: `'31/01/2026' is not a date in the expected format; ${ISO}` },
      { row: 5, field: 'EmailAddress', reason: 'empty; a user principal name (e.g. ada@contoso.com) is required' },
      {
        row: 6,
        field: 'EmailAddress',
        reason: "'lynne.robbins' is not a user principal name or e-mail address (expected name@domain, e.g. ada@contoso.com)",
      },
      { row: 7, field: 'Remarks', reason: '239 characters long; at most 200 are allowed' },
      { row: 8, field: 'Rating', reason: '26 characters long; at most 25 are allowed' },
      { row: 9, field: 'EffectiveDate', reason: `empty; ${ISO}` },
      { row: 10, field: 'EffectiveDate', reason: `'2026-01-31T24:00:00Z' is not a real time of day; ${ISO}` },
      { row: 11, field: 'EffectiveDate', reason: `'2026-01-31T10:00:00+15:00' is not a real UTC offset; ${ISO}` },
      { row: 12, field: 'Rating', reason: 'the row has 5 fields but the header has 4; quote values that contain commas' },
      {
        row: 13,
        field: 'EmailAddress',
        reason:
          "'6e7b768e-07e2-4810-8459-485f84f8f204' is an object id (GUID), not a user principal name; send the UPN (e.g. ada@contoso.com)",
      },
    ]);
    expect(outcomes[0]).toMatchObject({ type: 'activity', row: 2, activity: { userId: 'isaiah.langer@contoso.com' } });
  });

  it('accepts Remarks of exactly 200 and Rating of exactly 25 characters', () => {
    const remarks = 'r'.repeat(200);
    const rating = 'x'.repeat(25);
    const [a] = activities(parseText(`EmailAddress,EffectiveDate,Remarks,Rating\nada@contoso.com,2026-01-31,${remarks},${rating}\n`));
    expect(a.details).toEqual({ remarks, rating });
  });

  it('gives a corrected row a new id and an unchanged row the same id', () => {
    const header = 'EmailAddress,EffectiveDate,Remarks,Rating\n';
    const [first] = activities(parseText(`${header}ada@contoso.com,2026-01-31,Good,3\n`));
    const [same] = activities(parseText(`${header}ADA@contoso.com , 2026-01-31T00:00:00Z ,Good ,3\n`));
    const [corrected] = activities(parseText(`${header}ada@contoso.com,2026-01-31,Very good,3\n`));
    expect(same.id).toBe(first.id);
    expect(corrected.id).not.toBe(first.id);
  });
});

describe('hr-csv parser: file-level problems reject the whole file before any row', () => {
  it.each([
    [
      'missing-mandatory-column.csv',
      'missing-mandatory-column.csv: missing mandatory column ResignationDate (also accepted: TerminationDate) for Resignation data; the header is: EmailAddress,LastWorkingDate',
      'ResignationDate',
    ],
    [
      'employee-profile-missing-zip.csv',
      'employee-profile-missing-zip.csv: missing mandatory column EmployeeZipCode for Employee profile data; the header is: EmailAddress,EmployeeFirstName,EmployeeLastName,EmployeeAddLine1,EmployeeCity',
      'EmployeeZipCode',
    ],
    [
      'multi-type-missing-profile-columns.csv',
      'multi-type-missing-profile-columns.csv: missing mandatory column EmployeeFirstName for Employee profile data; the header is: HRScenario,EmailAddress,ResignationDate,LastWorkingDate',
      'EmployeeFirstName',
    ],
    [
      'mixed-without-scenario.csv',
      'mixed-without-scenario.csv: the column OldLevel belongs to Job level change data, but the other columns are Resignation data; a file with several HR data types needs an HRScenario column',
      'OldLevel',
    ],
    [
      'ambiguous-header.csv',
      'ambiguous-header.csv: cannot tell the HR data type from the header (EmailAddress,EffectiveDate); expected the columns of one data type, e.g. EmailAddress,ResignationDate,LastWorkingDate or EmailAddress,EffectiveDate,Remarks,Rating, or an HRScenario column naming the type of each row',
      undefined,
    ],
    [
      'duplicate-column.csv',
      'duplicate-column.csv: the columns Remarks and ImprovementRemarks mean the same thing (Remarks); keep one',
      'ImprovementRemarks',
    ],
    [
      'trailing-comma-header.csv',
      'trailing-comma-header.csv: column 4 of the header has no name (a stray comma in the header?); name it or remove it',
      undefined,
    ],
    [
      'unterminated-quote.csv',
      'unterminated-quote.csv: not valid CSV at row 2: a quoted field is not closed before the end of the file',
      undefined,
    ],
  ])('%s', (name, message, field) => {
    const error = fileError(name);
    expect(error.message).toBe(message);
    expect(error.issues[0]).toMatchObject({ file: name, ...(field === undefined ? {} : { field }) });
  });

  it('throws when parse() is called, before anything can be stored', () => {
    expect(() => hrCsvParser.parse('EmailAddress,LastWorkingDate\nada@contoso.com,2026-03-20\n', { file: 'x.csv', internalDomains: new Set() })).toThrow(
      ValidationError,
    );
  });

  it('rejects an empty file', () => {
    expect(() => parseText('\n\n', 'empty.csv')).toThrow(
      'empty.csv: the file is empty; expected a header row such as EmailAddress,ResignationDate,LastWorkingDate',
    );
  });
});
