import { detectFormat } from '../../../infra/connectors/detect-format';

describe('detectFormat', () => {
  it.each([
    ['[{"CreationTime":"2026-03-01T00:00:00","Id":"x","Operation":"FileDownloaded","RecordType":6}]', 'audit-json'],
    ['{"CreationTime":"2026-03-01T00:00:00","Id":"x","Operation":"FileDownloaded","RecordType":6}\n{"Id":"y"}', 'audit-ndjson'],
    ['CreationDate,UserIds,Operations,AuditData\n2026-03-01,a@contoso.com,FileDownloaded,"{}"', 'audit-csv'],
    ['\ufeffEmailAddress,ResignationDate,LastWorkingDate\n', 'hr-csv'],
    ['HRScenario,EmailAddress,ResignationDate\n', 'hr-csv'],
    ['[{"UserId":"a@contoso.com","AssetId":"A1","EventTime":"2026-03-01T00:00:00","AccessStatus":"Success"}]', 'badging-json'],
    ['{"value":[{"id":"1","serviceSource":"dataLossPrevention","detectionSource":"microsoftDataLossPrevention"}]}', 'dlp-alerts-json'],
    ['EmailAddress,EffectiveDate,Remarks,Rating\n', 'hr-csv'],
    ['UPN,TerminationDate,LastWorkingDate\n', 'hr-csv'],
    ['User principal name,Display name,Department\n', 'directory-csv'],
    ['{"value":[{"id":"da1","serviceSource":"microsoftDefenderForEndpoint"}]}', 'defender-alerts-json'],
    ['{"value":[{"id":"da1","alertCreationTime":"2026-03-01T00:00:00Z"}]}', 'defender-alerts-json'],
    ['{"value":[{"id":"u1","userPrincipalName":"a@contoso.com"}]}', 'directory-json'],
    ['userPrincipalName,displayName\na@contoso.com,A\n', 'directory-csv'],
  ])('recognizes %s as %s', (text, format) => {
    expect(detectFormat(text, 'input')).toBe(format);
  });

  it('names the file and the formats it knows when nothing fits', () => {
    expect(() => detectFormat('hello,world\n1,2\n', 'notes.csv')).toThrow(/^notes\.csv: cannot tell the signal format from the content; expected one of audit-json, /);
  });
});
