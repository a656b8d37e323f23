import { createRandom, type Random } from './random';

/**
 * Realistic Office 365 Management Activity API records (about 1 KB each, as the API returns
 * them): SharePoint/OneDrive file operations and Endpoint DLP device activities, with the
 * fields those record types carry. Used by benchmarks and by tests that need volume.
 */
export interface AuditGeneratorOptions {
  readonly seed?: number;
  readonly users?: readonly string[];
  readonly start?: Date;
  /** Average spacing between records in milliseconds. */
  readonly spacingMs?: number;
}

const TENANT = '4a1f5ad2-7c3e-4b8f-9d61-2e0c8b7f1a93';
const SITES = ['Finance', 'Engineering', 'Legal', 'HR', 'Sales', 'Marketing', 'ProductRoadmap'];
const FILE_STEMS = ['Q3 forecast', 'Customer list', 'Design spec', 'Board deck', 'Pricing model', 'Roadmap 2027', 'Payroll', 'Contract draft'];
const EXTENSIONS = ['xlsx', 'docx', 'pptx', 'pdf', 'csv', 'zip'];
const AGENTS = [
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/139.0.0.0 Safari/537.36 Edg/139.0.0.0',
  'Microsoft SkyDriveSync 25.090.0511.0001 ship; Windows NT 10.0 (19045)',
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15',
];

export function defaultUsers(count: number): string[] {
  return Array.from({ length: count }, (_, i) => `user${String(i).padStart(5, '0')}@contoso.com`);
}

export function* generateAuditRecords(count: number, options: AuditGeneratorOptions = {}): Generator<Record<string, unknown>> {
  const random = createRandom(options.seed ?? 42);
  const users = options.users ?? defaultUsers(500);
  let time = (options.start ?? new Date('2026-03-02T08:00:00Z')).getTime();
  const spacing = options.spacingMs ?? 250;
  for (let i = 0; i < count; i++) {
    time += random.int(0, spacing * 2);
    const user = random.pick(users);
    const roll = random.next();
    yield roll < 0.7 ? sharePointRecord(random, user, time) : endpointRecord(random, user, time);
  }
}

function creationTime(ms: number): string {
  // The API writes UTC without an offset and without fractions.
  return new Date(ms).toISOString().slice(0, 19);
}

function sharePointRecord(random: Random, user: string, ms: number): Record<string, unknown> {
  const site = random.pick(SITES);
  const ext = random.pick(EXTENSIONS);
  const name = `${random.pick(FILE_STEMS)} ${random.int(1, 999)}.${ext}`;
  const operation = random.pick(['FileDownloaded', 'FileDownloaded', 'FileSyncDownloadedFull', 'FileUploaded', 'FileAccessed', 'FileDeleted']);
  const siteUrl = `https://contoso.sharepoint.com/sites/${site}/`;
  return {
    CreationTime: creationTime(ms),
    Id: random.guid(),
    Operation: operation,
    OrganizationId: TENANT,
    RecordType: 6,
    UserKey: `i:0h.f|membership|10032000${random.hex(8)}@live.com`,
    UserType: 0,
    Version: 1,
    Workload: 'SharePoint',
    ClientIP: `203.0.113.${random.int(1, 254)}`,
    ObjectId: `${siteUrl}Shared Documents/${name}`,
    UserId: user,
    CorrelationId: random.guid(),
    EventSource: 'SharePoint',
    ItemType: 'File',
    ListId: random.guid(),
    ListItemUniqueId: random.guid(),
    Site: random.guid(),
    UserAgent: random.pick(AGENTS),
    WebId: random.guid(),
    SourceFileExtension: ext,
    SiteUrl: siteUrl,
    SourceFileName: name,
    SourceRelativeUrl: 'Shared Documents',
    ApplicationDisplayName: 'SharePoint Online Web Client Extensibility',
    IsManagedDevice: random.next() < 0.8,
    DeviceDisplayName: `LAPTOP-${random.hex(6).toUpperCase()}`,
    HighPriorityMediaProcessing: false,
  };
}

function endpointRecord(random: Random, user: string, ms: number): Record<string, unknown> {
  const ext = random.pick(EXTENSIONS);
  const name = `${random.pick(FILE_STEMS)} ${random.int(1, 999)}.${ext}`;
  const local = user.split('@')[0];
  const source = `C:\\Users\\${local}\\Documents\\${name}`;
  const operation = random.pick(['FileCopiedToRemovableMedia', 'FilePrinted', 'FileUploadedToCloud', 'FileCopiedToNetworkShare', 'FileRenamed', 'FileArchived']);
  const record: Record<string, unknown> = {
    CreationTime: creationTime(ms),
    Id: random.guid(),
    Operation: operation,
    OrganizationId: TENANT,
    RecordType: 63,
    UserKey: random.guid(),
    UserType: 0,
    Version: 1,
    Workload: 'Endpoint',
    UserId: user,
    ClientIP: `10.20.${random.int(0, 255)}.${random.int(1, 254)}`,
    DeviceName: `LAPTOP-${random.hex(6).toUpperCase()}.contoso.com`,
    Platform: 1,
    Application: random.pick(['explorer.exe', 'msedge.exe', 'WINWORD.EXE', 'EXCEL.EXE']),
    FileExtension: ext,
    FileSize: random.int(10_000, 9_000_000),
    FileType: ext.toUpperCase(),
    ObjectId: source,
    Sha1: random.hex(40),
    Sha256: random.hex(64),
    SourceLocationType: 1,
    EnforcementMode: 1,
  };
  switch (operation) {
    case 'FileCopiedToRemovableMedia':
      record.TargetFilePath = `E:\\${name}`;
      record.RemovableMediaDeviceAttributes = { Manufacturer: 'SanDisk', Model: 'Ultra USB 3.0', SerialNumber: random.hex(12).toUpperCase(), Capacity: 61_530_439_680, BusType: 7 };
      break;
    case 'FilePrinted':
      record.TargetPrinterName = random.pick(['HP LaserJet 4th Floor', 'Canon iR-ADV C5535']);
      break;
    case 'FileUploadedToCloud':
      record.TargetDomain = random.pick(['drive.google.com', 'www.dropbox.com', 'wetransfer.com']);
      record.TargetUrl = `https://${String(record.TargetDomain)}/upload`;
      break;
    case 'FileCopiedToNetworkShare':
      record.TargetFilePath = `\\\\fileserver01\\public\\${name}`;
      break;
    case 'FileRenamed':
      record.TargetFilePath = `C:\\Users\\${local}\\Documents\\holiday photos ${random.int(1, 99)}.${ext}`;
      break;
    case 'FileArchived':
      record.TargetFilePath = `C:\\Users\\${local}\\Documents\\archive ${random.int(1, 99)}.zip`;
      break;
  }
  return record;
}
