import fs from 'node:fs';
import path from 'node:path';
import { DirectoryUserSchema, type DirectoryUser } from '../../../../core/directory/directory-user';
import { ValidationError } from '../../../../core/errors';
import type { RecordOutcome } from '../../../../core/ingest/record-outcome';
import { directoryCsvParser } from '../../../../infra/connectors/directory/directory-csv.parser';
import { directoryJsonParser } from '../../../../infra/connectors/directory/directory-json.parser';
import type { SignalParser } from '../../../../infra/connectors/signal-parser';

const FIXTURES = path.join(__dirname, '../../../fixtures/directory');

function parse(parser: SignalParser, name: string): RecordOutcome[] {
  const text = fs.readFileSync(path.join(FIXTURES, name), 'utf8');
  return [...parser.parse(text, { file: name, internalDomains: new Set() })];
}

function users(outcomes: RecordOutcome[]): DirectoryUser[] {
  return outcomes.map((o) => {
    if (o.type !== 'user') throw new Error(`row ${o.row} is ${o.type}: ${JSON.stringify(o)}`);
    expect(DirectoryUserSchema.parse(o.user)).toEqual(o.user);
    return o.user;
  });
}

describe('directory-csv parser', () => {
  it('reads users with lower-case UPNs, object ids and manager UPNs, and yes/no words for accountEnabled', () => {
    const outcomes = parse(directoryCsvParser, 'users.csv');
    expect(outcomes.map((o) => o.row)).toEqual([2, 3, 4, 5]);
    expect(users(outcomes)).toEqual([
      {
        upn: 'megan.bowen@contoso.com',
        objectId: '0c2b7d4e-3f85-4a16-9e27-b1d8c5a9f360',
        displayName: 'Megan Bowen',
        mail: 'Megan.Bowen@contoso.com',
        department: 'Finance',
        jobTitle: 'Financial Analyst',
        managerUpn: 'lidia.holloway@contoso.com',
        accountEnabled: true,
      },
      {
        upn: 'alex.wilber@contoso.com',
        objectId: '7e1c4a9b-0d36-4f2e-8b5a-c6d9e0f13a27',
        displayName: 'Alex Wilber',
        mail: 'alex.wilber@contoso.com',
        department: 'Sales',
        jobTitle: 'Marketing Assistant, EMEA',
        managerUpn: 'lidia.holloway@contoso.com',
        accountEnabled: true,
      },
      {
        upn: 'lidia.holloway@contoso.com',
        objectId: '3a9d1f7c-6b24-4e80-9c51-d7e2a4b8f093',
        displayName: 'Lidia Holloway',
        mail: 'lidia.holloway@contoso.com',
        department: 'Finance',
        jobTitle: 'Finance Director',
        accountEnabled: true,
      },
      // Only a UPN: the display name falls back to it.
      { upn: 'diego.siciliani@contoso.com', displayName: 'diego.siciliani@contoso.com', accountEnabled: false },
    ]);
  });

  it('reads the Entra admin center user download, inverting "Block sign in"', () => {
    expect(users(parse(directoryCsvParser, 'users-entra-export.csv'))).toEqual([
      {
        upn: 'megan.bowen@contoso.com',
        objectId: '0c2b7d4e-3f85-4a16-9e27-b1d8c5a9f360',
        displayName: 'Megan Bowen',
        department: 'Finance',
        jobTitle: 'Financial Analyst',
        accountEnabled: true,
      },
      {
        upn: 'former.employee@contoso.com',
        objectId: '9b0e7f3c-2d14-4a6b-8c5e-f1a3d7b9e024',
        displayName: 'Former Employee',
        department: 'Sales',
        accountEnabled: false,
      },
    ]);
  });

  it('rejects each bad row with its row number, the column as written and the reason', () => {
    const outcomes = parse(directoryCsvParser, 'users-bad.csv');
    expect(outcomes[0]).toMatchObject({ type: 'user', row: 2, user: { upn: 'megan.bowen@contoso.com' } });
    expect(outcomes.slice(1)).toEqual([
      { type: 'rejected', row: 3, field: 'UPN', reason: 'empty; a user principal name (e.g. ada@contoso.com) is required' },
      {
        type: 'rejected',
        row: 4,
        field: 'UPN',
        reason: "'megan.bowen' is not a user principal name or e-mail address (expected name@domain, e.g. ada@contoso.com)",
      },
      {
        type: 'rejected',
        row: 5,
        field: 'ObjectId',
        reason: "'12345' is not an object id; expected a GUID such as 6e7b768e-07e2-4810-8459-485f84f8f204",
      },
      { type: 'rejected', row: 6, field: 'Mail', reason: "'lidia at contoso' is not an e-mail address (expected name@domain)" },
      { type: 'rejected', row: 7, field: 'UPN', reason: "duplicate: 'megan.bowen@contoso.com' is already in row 2 of this file" },
      { type: 'rejected', row: 8, field: 'AccountEnabled', reason: "'maybe' is not a yes/no value; expected true or false" },
      {
        type: 'rejected',
        row: 9,
        field: 'ObjectId',
        reason: "duplicate: object id 0c2b7d4e-3f85-4a16-9e27-b1d8c5a9f360 is already in row 2 of this file (as 'megan.bowen@contoso.com')",
      },
      {
        type: 'rejected',
        row: 10,
        field: 'ManagerUpn',
        reason: "'grady.archie@contoso.com' is the user's own UPN; a user cannot be their own manager",
      },
      {
        type: 'rejected',
        row: 11,
        field: 'Mail',
        reason: 'the row has 3 fields but the header has 6; every row needs one field per header column, left empty when unused',
      },
    ]);
  });

  it('refuses a file without a UPN column as a whole', () => {
    const run = (): unknown => parse(directoryCsvParser, 'users-no-upn-column.csv');
    expect(run).toThrow(ValidationError);
    expect(run).toThrow(
      'users-no-upn-column.csv: missing mandatory column userPrincipalName (also accepted: UPN, User principal name); the header is: displayName,mail,department',
    );
  });

  it('refuses two columns for one field', () => {
    expect(() => [...directoryCsvParser.parse('userPrincipalName,UPN\na@contoso.com,a@contoso.com\n', { file: 'u.csv', internalDomains: new Set() })]).toThrow(
      'u.csv: the columns userPrincipalName and UPN both give userPrincipalName; keep one',
    );
  });
});

describe('directory-json parser (Microsoft Graph /users?$expand=manager)', () => {
  it('reads a Graph users page with expanded managers', () => {
    const outcomes = parse(directoryJsonParser, 'users-graph.json');
    expect(outcomes.map((o) => o.row)).toEqual([1, 2, 3]);
    expect(users(outcomes)).toEqual([
      {
        upn: 'meganb@contoso.com',
        objectId: '0c2b7d4e-3f85-4a16-9e27-b1d8c5a9f360',
        displayName: 'Megan Bowen',
        mail: 'MeganB@contoso.com',
        department: 'Finance',
        jobTitle: 'Financial Analyst',
        managerUpn: 'lidiah@contoso.com',
        accountEnabled: true,
      },
      {
        upn: 'lidiah@contoso.com',
        objectId: '3a9d1f7c-6b24-4e80-9c51-d7e2a4b8f093',
        displayName: 'Lidia Holloway',
        mail: 'LidiaH@contoso.com',
        department: 'Finance',
        jobTitle: 'Finance Director',
        accountEnabled: true,
      },
      {
        upn: 'conf-room-adams@contoso.com',
        objectId: '9b0e7f3c-2d14-4a6b-8c5e-f1a3d7b9e024',
        displayName: 'Conf Room Adams',
        accountEnabled: false,
      },
    ]);
  });

  it('reads a bare array the same way', () => {
    const page = JSON.parse(fs.readFileSync(path.join(FIXTURES, 'users-graph.json'), 'utf8')) as { value: unknown[] };
    const ctx = { file: 'u.json', internalDomains: new Set<string>() };
    expect([...directoryJsonParser.parse(JSON.stringify(page.value), ctx)]).toEqual(parse(directoryJsonParser, 'users-graph.json'));
  });

  it('rejects each bad user naming the property and the reason', () => {
    const outcomes = parse(directoryJsonParser, 'users-graph-bad.json');
    expect(outcomes[0]).toMatchObject({ type: 'user', row: 1 });
    expect(outcomes.slice(1)).toEqual([
      { type: 'rejected', row: 2, field: 'userPrincipalName', reason: 'empty; a user principal name (e.g. ada@contoso.com) is required' },
      {
        type: 'rejected',
        row: 3,
        field: 'id',
        reason: "'not-a-guid' is not an object id; expected a GUID such as 6e7b768e-07e2-4810-8459-485f84f8f204",
      },
      { type: 'rejected', row: 4, field: 'accountEnabled', reason: "'sometimes' is not a yes/no value; expected true or false" },
      {
        type: 'rejected',
        row: 5,
        field: 'manager.userPrincipalName',
        reason: 'missing; expand the manager with its UPN: $expand=manager($select=id,userPrincipalName)',
      },
      { type: 'rejected', row: 6, field: 'userPrincipalName', reason: 'expected a string, got a number' },
      { type: 'rejected', row: 7, field: 'user', reason: 'expected a JSON object (one user), got a string' },
      { type: 'rejected', row: 8, field: 'userPrincipalName', reason: "duplicate: 'meganb@contoso.com' is already in row 1 of this file" },
    ]);
  });

  it.each([
    ['{"value": 3}', 'u.json: expected a Graph users list ({"value": [ … ]}, as GET /users returns it) or a JSON array of users; got an object without a "value" array'],
    ['"users"', 'u.json: expected a Graph users list ({"value": [ … ]}, as GET /users returns it) or a JSON array of users; got a string'],
    ['[{"id": ', /^u\.json: not valid JSON \(.+\); expected a Graph users list$/],
  ])('refuses %s as a whole', (text, message) => {
    const run = (): unknown => directoryJsonParser.parse(text, { file: 'u.json', internalDomains: new Set() });
    expect(run).toThrow(ValidationError);
    expect(run).toThrow(message);
  });
});
