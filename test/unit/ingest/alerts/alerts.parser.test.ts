import fs from 'node:fs';
import path from 'node:path';
import { ValidationError } from '../../../../core/errors';
import { ActivitySchema, type Activity } from '../../../../core/ingest/activity';
import type { RecordOutcome } from '../../../../core/ingest/record-outcome';
import { defenderAlertsParser } from '../../../../infra/connectors/alerts/defender-alerts.parser';
import { dlpAlertsParser } from '../../../../infra/connectors/alerts/dlp-alerts.parser';
import type { SignalParser } from '../../../../infra/connectors/signal-parser';

const FIXTURES = path.join(__dirname, '../../../fixtures/alerts');
const ISO = 'expected ISO 8601: yyyy-mm-dd or yyyy-mm-ddThh:mm:ss, optionally with a fraction of up to 7 digits and Z or ±hh:mm (no offset means UTC), e.g. 2026-03-01T09:15:49Z';

function parse(parser: SignalParser, name: string): RecordOutcome[] {
  const text = fs.readFileSync(path.join(FIXTURES, name), 'utf8');
  return [...parser.parse(text, { file: name, internalDomains: new Set() })];
}

function activities(outcomes: RecordOutcome[]): Activity[] {
  return outcomes.map((o) => {
    if (o.type !== 'activity') throw new Error(`row ${o.row} is ${o.type}: ${JSON.stringify(o)}`);
    expect(ActivitySchema.parse(o.activity)).toEqual(o.activity);
    return o.activity;
  });
}

describe('dlp-alerts-json parser (Microsoft Graph alerts_v2)', () => {
  it('normalizes DLP alerts: severity, status, title, category, the user from the evidence', () => {
    const outcomes = parse(dlpAlertsParser, 'graph-dlp-alerts.json');
    expect(outcomes.map((o) => o.row)).toEqual([1, 2]);
    // Alerts do not need a known user: a DLP alert on a guest is still worth keeping.
    expect(outcomes.every((o) => o.type === 'activity' && o.requiresKnownUser === undefined)).toBe(true);
    const [device, email] = activities(outcomes);
    expect(device).toEqual({
      id: 'dlp:dl5f0e2c9a-8d41-4b7e-9c3a-1e6d2b8f7a40|new',
      source: 'dlp',
      kind: 'dlp.alert',
      userId: 'megan.bowen@contoso.com',
      time: '2026-03-02T14:05:11.243Z',
      operation: 'DLP policy (U.S. Financial Data) matched for document (Q3-forecast.xlsx) on a device',
      title: 'DLP policy (U.S. Financial Data) matched for document (Q3-forecast.xlsx) on a device',
      status: 'New',
      severity: 'High',
      category: 'Exfiltration',
      details: {
        alertId: 'dl5f0e2c9a-8d41-4b7e-9c3a-1e6d2b8f7a40',
        providerAlertId: '5f0e2c9a-8d41-4b7e-9c3a-1e6d2b8f7a40',
        incidentId: '4127',
        serviceSource: 'dataLossPrevention',
        detectionSource: 'microsoftDataLossPrevention',
        alertWebUrl:
          'https://security.microsoft.com/alerts/dl5f0e2c9a-8d41-4b7e-9c3a-1e6d2b8f7a40?tid=2f4a9c61-7d3e-4b58-a1c0-93e5d7b8f246',
        lastUpdateDateTime: '2026-03-02T14:10:40.77Z',
      },
    });
    // No userEvidence: the mailbox evidence's account names the user.
    expect(email).toMatchObject({
      id: 'dlp:dl0a7d3e6b-2c19-4f8e-a5d4-7b3c9e1f0d62|resolved',
      userId: 'alex.wilber@contoso.com',
      time: '2026-03-03T08:44:02.000Z',
      status: 'Resolved',
      severity: 'Medium',
      details: { classification: 'truePositive', determination: 'maliciousUserActivity', resolvedDateTime: '2026-03-04T10:00:00Z' },
    });
  });

  it('rejects each bad alert naming the property and the reason, and keeps the good one', () => {
    const outcomes = parse(dlpAlertsParser, 'graph-alerts-bad.json');
    expect(outcomes[0]).toMatchObject({ type: 'activity', row: 1, activity: { id: 'dlp:dl-bad-00|new', severity: 'Medium' } });
    expect(outcomes.slice(1)).toEqual([
      { type: 'rejected', row: 2, field: 'id', reason: 'missing; the alert id is required' },
      { type: 'rejected', row: 3, field: 'title', reason: 'empty; the alert title is required' },
      {
        type: 'rejected',
        row: 4,
        field: 'severity',
        reason: "'critical' is not an alert severity; expected informational, low, medium or high (or unknown)",
      },
      {
        type: 'rejected',
        row: 5,
        field: 'status',
        reason: "'dismissed' is not an alert status; expected new, inProgress, resolved or unknown",
      },
      { type: 'rejected', row: 6, field: 'createdDateTime', reason: `'2026-13-07T10:00:00Z' is not a real date; ${ISO}` },
      {
        type: 'rejected',
        row: 7,
        field: 'evidence',
        reason: 'no evidence names a user: expected a userEvidence with userAccount.userPrincipalName',
      },
      {
        type: 'rejected',
        row: 8,
        field: 'evidence',
        reason:
          "userPrincipalName 'CONTOSO\\megan' is not a UPN; no evidence names a user: expected a userEvidence with userAccount.userPrincipalName",
      },
      {
        type: 'rejected',
        row: 9,
        field: 'createdDateTime',
        reason:
          'missing; expected a Microsoft Graph alerts_v2 alert (with createdDateTime) or a Defender for Endpoint API alert (with alertCreationTime)',
      },
      { type: 'rejected', row: 10, field: 'alert', reason: 'expected a JSON object (one alert), got a number' },
    ]);
  });
});

describe('defender-alerts-json parser', () => {
  it('normalizes Defender for Endpoint alerts from Graph alerts_v2, preferring userEvidence over a SYSTEM process account', () => {
    const [tamper, pua] = activities(parse(defenderAlertsParser, 'graph-defender-alerts.json'));
    expect(tamper).toEqual({
      id: 'defender:da638764523605170000_1893356212|inprogress',
      source: 'defender',
      kind: 'defender.alert',
      userId: 'megan.bowen@contoso.com',
      time: '2026-03-05T19:22:40.517Z',
      operation: 'Attempt to bypass security controls: tampering with Microsoft Defender Antivirus settings',
      title: 'Attempt to bypass security controls: tampering with Microsoft Defender Antivirus settings',
      status: 'InProgress',
      severity: 'High',
      category: 'DefenseEvasion',
      deviceName: 'lt-megan-07.contoso.com',
      details: {
        alertId: 'da638764523605170000_1893356212',
        providerAlertId: 'da638764523605170000_1893356212',
        incidentId: '4140',
        serviceSource: 'microsoftDefenderForEndpoint',
        detectionSource: 'microsoftDefenderForEndpoint',
        mitreTechniques: 'T1562.001,T1112',
        alertWebUrl: 'https://security.microsoft.com/alerts/da638764523605170000_1893356212?tid=2f4a9c61-7d3e-4b58-a1c0-93e5d7b8f246',
        lastUpdateDateTime: '2026-03-05T20:02:11.0Z',
      },
    });
    expect(pua).toMatchObject({
      id: 'defender:da638765101122334455_-401277120|new',
      userId: 'lidia.holloway@contoso.com',
      severity: 'Informational',
      status: 'New',
      category: 'UnwantedSoftware',
      time: '2026-03-06T11:05:12.112Z',
    });
  });

  it('reads the Defender for Endpoint API shape (alertCreationTime, relatedUser, evidence)', () => {
    const outcomes = parse(defenderAlertsParser, 'mde-api-alerts.json');
    const [first, second] = outcomes;
    expect(first).toMatchObject({ type: 'activity', row: 1 });
    expect(second).toMatchObject({ type: 'activity', row: 2 });
    const [tamper, pua] = activities([first, second]);
    expect(tamper).toEqual({
      id: 'defender:da638764523605170000_1893356212|new',
      source: 'defender',
      kind: 'defender.alert',
      userId: 'megan.bowen@contoso.com',
      time: '2026-03-05T19:22:40.517Z',
      operation: 'Attempt to bypass security controls: tampering with Microsoft Defender Antivirus settings',
      title: 'Attempt to bypass security controls: tampering with Microsoft Defender Antivirus settings',
      status: 'New',
      severity: 'High',
      category: 'DefenseEvasion',
      deviceName: 'lt-megan-07.contoso.com',
      details: {
        alertId: 'da638764523605170000_1893356212',
        incidentId: '4140',
        detectionSource: 'WindowsDefenderAtp',
        machineId: '4b8e2f6a1c3d5e7f9a0b2c4d6e8f0a1b3c5d7e9f',
        mitreTechniques: 'T1562.001,T1112',
        lastUpdateTime: '2026-03-05T19:22:42.2Z',
      },
    });
    // No User evidence, but relatedUser.userName is a UPN.
    expect(pua).toMatchObject({
      userId: 'lidia.holloway@contoso.com',
      severity: 'Informational',
      status: 'InProgress',
      deviceName: 'lt-lidia-02.contoso.com',
      details: { threatFamilyName: 'uTorrent', detectionSource: 'WindowsDefenderAv' },
    });
    expect(outcomes.slice(2)).toEqual([
      {
        type: 'rejected',
        row: 3,
        field: 'relatedUser',
        reason:
          "'CONTOSO\\pradeepg' is a Windows account, not a user principal name, and no User evidence has a userPrincipalName (list alerts with $expand=evidence)",
      },
      { type: 'rejected', row: 4, field: 'alertCreationTime', reason: 'missing; the creation time is required' },
    ]);
  });

  it('imports each triage-status change of an alert as one more activity, and a re-read in the same status as a duplicate', () => {
    const list = activities(parse(defenderAlertsParser, 'mde-alert-status-changes.json'));
    expect(list.map((a) => a.id)).toEqual([
      'defender:da638764523605170000_1893356212|new',
      'defender:da638764523605170000_1893356212|new',
      'defender:da638764523605170000_1893356212|inprogress',
      'defender:da638764523605170000_1893356212|resolved',
    ]);
    expect(list.map((a) => a.status)).toEqual(['New', 'New', 'InProgress', 'Resolved']);
    // Every status activity keeps the alert's creation time: the behaviour happened then.
    expect(new Set(list.map((a) => a.time))).toEqual(new Set(['2026-03-05T19:22:40.517Z']));
    expect(list[3].details).toMatchObject({ resolvedTime: '2026-03-06T09:15:00Z' });
  });

  it('leaves out a severity the API reports as UnSpecified', () => {
    const text = JSON.stringify([
      {
        id: 'da1',
        title: 'Suspicious PowerShell command line',
        severity: 'UnSpecified',
        status: 'Unknown',
        alertCreationTime: '2026-03-06T13:00:00Z',
        relatedUser: { userName: 'pradeep.gupta@contoso.com', domainName: 'AzureAD' },
      },
    ]);
    const [alert] = activities([...defenderAlertsParser.parse(text, { file: 'a.json', internalDomains: new Set() })]);
    expect(alert).toMatchObject({ id: 'defender:da1|unknown', status: 'Unknown' });
    expect(alert.severity).toBeUndefined();
  });
});

describe('mixed Graph alerts lists', () => {
  it.each([
    [dlpAlertsParser, 'dlp'],
    [defenderAlertsParser, 'defender'],
  ] as const)('classify each alert by its serviceSource; the chosen format only decides alerts without one (%#)', (parser, fallback) => {
    const outcomes = parse(parser, 'graph-alerts-mixed.json');
    expect(outcomes.map((o) => (o.type === 'activity' ? o.activity.kind : o.type))).toEqual([
      'dlp.alert',
      'defender.alert',
      'unscored',
      `${fallback}.alert`,
    ]);
    expect(outcomes[2]).toEqual({
      type: 'unscored',
      row: 3,
      key: 'alert:microsoftDefenderForIdentity:ad1f9c7b5e3a4d2c8b6e0f1a3c5e7d9b1f',
      operation: 'microsoftDefenderForIdentity alert',
    });
    expect(outcomes[3]).toMatchObject({ activity: { id: `${fallback}:fa-no-service-source-0001|new`, severity: 'Low' } });
  });
});

describe('alerts documents', () => {
  it('accepts a bare array and a single alert as well as {"value": [...]}', () => {
    const page = JSON.parse(fs.readFileSync(path.join(FIXTURES, 'graph-dlp-alerts.json'), 'utf8')) as { value: unknown[] };
    const ctx = { file: 'a.json', internalDomains: new Set<string>() };
    const fromPage = [...dlpAlertsParser.parse(JSON.stringify(page), ctx)];
    expect([...dlpAlertsParser.parse(JSON.stringify(page.value), ctx)]).toEqual(fromPage);
    expect([...dlpAlertsParser.parse(JSON.stringify(page.value[0]), ctx)]).toEqual([fromPage[0]]);
  });

  it.each([
    ['not json', /^a\.json: not valid JSON \(.+\); expected an alerts list as the API returns it$/],
    [
      '{"value": null}',
      'a.json: expected an alerts list as the API returns it ({"value": [ … ]}), a JSON array of alerts, or one alert; "value" is null, not an array of alerts',
    ],
    [
      '{"error": {"code": "Unauthorized"}}',
      'a.json: expected an alerts list as the API returns it ({"value": [ … ]}), a JSON array of alerts, or one alert; got an object without "value"',
    ],
  ])('refuses %s as a whole', (text, message) => {
    const run = (): unknown => defenderAlertsParser.parse(text, { file: 'a.json', internalDomains: new Set() });
    expect(run).toThrow(ValidationError);
    expect(run).toThrow(message);
  });
});
