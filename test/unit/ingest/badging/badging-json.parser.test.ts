import fs from 'node:fs';
import path from 'node:path';
import { PayloadTooLargeError, ValidationError } from '../../../../core/errors';
import { ActivitySchema } from '../../../../core/ingest/activity';
import type { RecordOutcome } from '../../../../core/ingest/record-outcome';
import { badgingJsonParser } from '../../../../infra/connectors/badging/badging-json.parser';

const FIXTURES = path.join(__dirname, '../../../fixtures/badging');
const ISO = 'expected ISO 8601: yyyy-mm-dd or yyyy-mm-ddThh:mm:ss, optionally with a fraction of up to 7 digits and Z or ±hh:mm (no offset means UTC), e.g. 2026-03-01T09:15:49Z';

function parseText(text: string, file = 'badging.json'): RecordOutcome[] {
  return [...badgingJsonParser.parse(text, { file, internalDomains: new Set() })];
}

function parseFixture(name: string): RecordOutcome[] {
  return parseText(fs.readFileSync(path.join(FIXTURES, name), 'utf8'), name);
}

const record = { UserId: 'megan.bowen@contoso.com', AssetId: 'Mid-Sec-7', EventTime: '2026-03-04T01:57:49', AccessStatus: 'Success' };

describe('badging-json parser', () => {
  it('normalizes records into physical.access activities keyed by user, asset and instant', () => {
    const outcomes = parseFixture('badging.json');
    expect(outcomes).toEqual([
      {
        type: 'activity',
        row: 1,
        requiresKnownUser: { field: 'UserId' },
        activity: {
          id: 'badging:megan.bowen@contoso.com|Mid-Sec-7|2026-03-04T01:57:49.000Z',
          source: 'badging',
          kind: 'physical.access',
          userId: 'megan.bowen@contoso.com',
          // No offset: the connector documents EventTime as UTC.
          time: '2026-03-04T01:57:49.000Z',
          operation: 'Physical access',
          assetId: 'Mid-Sec-7',
          assetName: 'Main Building 1st Floor Mid Section',
          accessStatus: 'Failed',
          details: { SourceSystem: 'Lenel' },
        },
      },
      {
        type: 'activity',
        row: 2,
        requiresKnownUser: { field: 'UserId' },
        activity: {
          id: 'badging:alex.wilber@contoso.com|DC-North-Cage-2|2026-03-04T07:02:11.500Z',
          source: 'badging',
          kind: 'physical.access',
          userId: 'alex.wilber@contoso.com',
          time: '2026-03-04T07:02:11.500Z',
          operation: 'Physical access',
          assetId: 'DC-North-Cage-2',
          assetName: 'Datacenter North, Cage 2',
          accessStatus: 'Success',
          details: { SourceSystem: 'Lenel' },
        },
      },
      {
        type: 'activity',
        row: 3,
        requiresKnownUser: { field: 'UserId' },
        activity: {
          id: 'badging:lidia.holloway@contoso.com|Lab-3|2026-03-05T22:40:00.000Z',
          source: 'badging',
          kind: 'physical.access',
          userId: 'lidia.holloway@contoso.com',
          time: '2026-03-05T22:40:00.000Z',
          operation: 'Physical access',
          assetId: 'Lab-3',
          // "Failure", as the connector's SCHEMA.md spells it, is Failed.
          accessStatus: 'Failed',
        },
      },
      {
        type: 'activity',
        row: 4,
        // Property names in another case are read, and the rejection would name them as written.
        requiresKnownUser: { field: 'userid' },
        activity: {
          id: 'badging:diego.siciliani@contoso.com|4017|2026-03-06T07:00:00.000Z',
          source: 'badging',
          kind: 'physical.access',
          userId: 'diego.siciliani@contoso.com',
          time: '2026-03-06T07:00:00.000Z',
          operation: 'Physical access',
          assetId: '4017',
          accessStatus: 'Success',
          details: { DoorController: '{"panel":"P-12","reader":3}' },
        },
      },
    ]);
    for (const o of outcomes) if (o.type === 'activity') expect(ActivitySchema.parse(o.activity)).toEqual(o.activity);
  });

  it('gives the same access the same id whatever the offset notation', () => {
    const [a] = parseText(JSON.stringify([{ ...record, EventTime: '2026-03-04T03:57:49+02:00' }]));
    const [b] = parseText(JSON.stringify([{ ...record, EventTime: '2026-03-04T01:57:49.0000000Z', UserId: 'MEGAN.BOWEN@contoso.com' }]));
    expect(a.type === 'activity' && b.type === 'activity' && a.activity.id === b.activity.id).toBe(true);
  });

  it('rejects each bad record with its position, the property and the reason, and accepts the rest', () => {
    const outcomes = parseFixture('badging-bad-records.json');
    expect(outcomes).toHaveLength(11);
    expect(outcomes[0]).toMatchObject({ type: 'activity', row: 1 });
    expect(outcomes.slice(1)).toEqual([
      { type: 'rejected', row: 2, field: 'UserId', reason: 'missing; the user principal name is required' },
      {
        type: 'rejected',
        row: 3,
        field: 'UserId',
        reason: "'megan.bowen' is not a user principal name or e-mail address (expected name@domain, e.g. ada@contoso.com)",
      },
      { type: 'rejected', row: 4, field: 'AssetId', reason: 'empty; the asset id is required' },
      { type: 'rejected', row: 5, field: 'EventTime', reason: `'03/04/2026 01:57' is not a date in the expected format; ${ISO}` },
      { type: 'rejected', row: 6, field: 'EventTime', reason: `'2026-02-29T01:57:49' is not a real date; ${ISO}` },
      {
        type: 'rejected',
        row: 7,
        field: 'AccessStatus',
        reason: "'Denied' is not an access status; expected Success or Failed (or Failure)",
      },
      { type: 'rejected', row: 8, field: 'EventTime', reason: 'expected a string, got a number (1772589469)' },
      {
        type: 'rejected',
        row: 9,
        field: 'record',
        reason: 'expected a JSON object with UserId, AssetId, EventTime and AccessStatus, got a string',
      },
      {
        type: 'rejected',
        row: 10,
        field: 'UserId',
        reason:
          "'9d3f1c2a-5b7e-4c1d-8a6f-2e4b6c8d0f1a' is an object id (GUID), not a user principal name; send the UPN (e.g. ada@contoso.com)",
      },
      { type: 'rejected', row: 11, field: 'userId', reason: 'the record has both UserId and userId; send UserId once' },
    ]);
  });

  it('refuses more than 50,000 records in one request, saying how many were sent', () => {
    const body = JSON.stringify(Array.from({ length: 50_001 }, () => record));
    let error: unknown;
    try {
      badgingJsonParser.parse(body, { file: 'big.json', internalDomains: new Set() });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(PayloadTooLargeError);
    expect((error as Error).message).toBe(
      'big.json: 50,001 records were sent, but at most 50,000 are accepted per request; split the file',
    );
  });

  it('accepts exactly 50,000 records', () => {
    const body = JSON.stringify(Array.from({ length: 50_000 }, (_, i) => ({ ...record, AssetId: `A${i}` })));
    const outcomes = parseText(body);
    expect(outcomes).toHaveLength(50_000);
    expect(outcomes[49_999]).toMatchObject({ type: 'activity', row: 50_000, activity: { assetId: 'A49999' } });
  });

  it.each([
    [
      'badging-single-object.json',
      'badging-single-object.json: expected a JSON array of badging records ([{"UserId": …, "AssetId": …, "EventTime": …, "AccessStatus": …}]), got an object',
    ],
    ['badging-truncated.json', /^badging-truncated\.json: not valid JSON \(.+\); expected a JSON array of badging records$/],
  ])('refuses %s as a whole', (name, message) => {
    expect(() => parseFixture(name)).toThrow(ValidationError);
    expect(() => parseFixture(name)).toThrow(message);
  });

  it('yields nothing for an empty array', () => {
    expect(parseText('[]')).toEqual([]);
  });
});
