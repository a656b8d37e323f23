/**
 * A small real-format scenario for bot and bench tests: the directory, a resignation from the HR
 * connector (the trigger of "Data theft by departing users"), then Endpoint DLP records of files
 * copied to USB after it: 25 copies in a day raise a Low alert under the departing-user policy and
 * another under the exfiltration data-leak policy (see docs/scoring.md for the arithmetic).
 */
export interface ScenarioUser {
  readonly upn: string;
  readonly objectId: string;
  readonly displayName: string;
}

export function scenarioUsers(count: number, domain = 'contoso.com'): ScenarioUser[] {
  return Array.from({ length: count }, (_, i) => ({
    upn: `user${String(i + 1).padStart(5, '0')}@${domain}`,
    objectId: `00000000-0000-4000-8000-${String(i + 1).padStart(12, '0')}`,
    displayName: `User ${i + 1}`,
  }));
}

export function directoryCsv(users: readonly ScenarioUser[]): string {
  const rows = users.map((u) => `${u.upn},${u.objectId},${u.displayName},${u.upn},Research,Engineer,,true`);
  return ['userPrincipalName,id,displayName,mail,department,jobTitle,manager,accountEnabled', ...rows].join('\n') + '\n';
}

export function resignationCsv(users: readonly ScenarioUser[], resignedOn: string, lastDay: string): string {
  return ['EmailAddress,ResignationDate,LastWorkingDate', ...users.map((u) => `${u.upn},${resignedOn}T09:00:00Z,${lastDay}T17:00:00Z`)].join('\n') + '\n';
}

/** `count` USB copies per user on `day`, one a minute from 10:00 UTC, as Endpoint DLP audit records (NDJSON). */
export function usbCopiesNdjson(users: readonly ScenarioUser[], day: string, count: number, batch = 1): string {
  const lines: string[] = [];
  users.forEach((u, ui) => {
    for (let i = 0; i < count; i++) {
      const minute = String(i % 60).padStart(2, '0');
      const hour = String(10 + Math.floor(i / 60)).padStart(2, '0');
      const file = `Roadmap ${ui + 1}-${i + 1}.docx`;
      lines.push(
        JSON.stringify({
          CreationTime: `${day}T${hour}:${minute}:00`,
          Id: `${(ui + 1).toString(16).padStart(8, '0')}-${(i + 1).toString(16).padStart(4, '0')}-4000-8000-${batch.toString(16).padStart(12, '0')}`,
          Operation: 'FileCopiedToRemovableMedia',
          OrganizationId: 'b5c8d2e1-3f4a-4c6b-9e7d-2a1b0c9d8e7f',
          RecordType: 63,
          UserKey: u.objectId,
          UserType: 0,
          Version: 1,
          Workload: 'Endpoint',
          UserId: u.upn,
          ClientIP: '10.20.4.31',
          DeviceName: `LAPTOP-${ui + 1}.contoso.com`,
          Platform: 1,
          Application: 'explorer.exe',
          FileExtension: 'docx',
          FileSize: 48_211,
          FileType: 'DOCX',
          ObjectId: `C:\\Users\\user${ui + 1}\\Documents\\${file}`,
          SourceLocationType: 1,
          EnforcementMode: 1,
          RMSEncrypted: false,
          TargetFilePath: `E:\\${file}`,
          RemovableMediaDeviceAttributes: { Manufacturer: 'SanDisk', Model: 'Ultra USB 3.0', SerialNumber: '4C530001230815109371', BusType: 7 },
          DestinationLocationType: 2,
        }),
      );
    }
  });
  return lines.join('\n') + '\n';
}
