import type { Random } from '../random';
import type { DocumentSite, SiteDocument } from './document-sites.generator';
import { oneDriveUrl } from './document-sites.generator';
import {
  BROWSER_AGENTS,
  LABEL_ID,
  OUTLOOK_CLIENTS,
  SYNC_AGENT,
  TENANT_ID,
  TENANT_NAME,
  USB_DEVICES,
  type LabelName,
} from './organization.catalog';
import type { SyntheticUser } from './people.generator';
import { randomGuid, randomHex, recordGuid } from './random-streams';
import { creationTime } from './work-calendar';

/**
 * Office 365 Management Activity API records in the shapes the service returns them (see
 * reference/o365-management-api, "Common schema", "SharePoint file operations", "SharePoint
 * Sharing schema", "Exchange Mailbox schema", DLP endpoint). Field order follows the service's,
 * which keeps files diff-able against real exports.
 */

/** A record ready for a day file: its time (for sorting) and its JSON text. */
export interface TimedRecord {
  readonly ms: number;
  readonly user: number;
  readonly json: string;
}

/**
 * Collects one user's records for one day. Sequence numbers make every `Id` unique; planted
 * records start at a reserved base so they never meet ordinary ones.
 */
export class RecordSink {
  private sequence: number;
  readonly records: TimedRecord[] = [];

  constructor(
    readonly random: Random,
    readonly user: SyntheticUser,
    readonly day: number,
    sequenceBase = 0,
  ) {
    this.sequence = sequenceBase;
  }

  nextId(): string {
    return recordGuid(this.random, { user: this.user.index, day: this.day, sequence: this.sequence++ });
  }

  push(ms: number, record: Record<string, unknown>): void {
    this.records.push({ ms, user: this.user.index, json: JSON.stringify(record) });
  }
}

function common(sink: RecordSink, ms: number, operation: string, recordType: number, workload: string, userKey: string): Record<string, unknown> {
  return {
    CreationTime: creationTime(ms),
    Id: sink.nextId(),
    Operation: operation,
    OrganizationId: TENANT_ID,
    RecordType: recordType,
    UserKey: userKey,
    UserType: 0,
    Version: 1,
    Workload: workload,
  };
}

const sharePointUserKey = (u: SyntheticUser): string => `i:0h.f|membership|${u.puid.toLowerCase()}@live.com`;

/** Where a document lives: a SharePoint site or the user's own OneDrive. */
export type DocumentLocation =
  | { readonly kind: 'site'; readonly site: DocumentSite }
  | { readonly kind: 'onedrive'; readonly siteId: string; readonly webId: string; readonly listId: string };

function locationFields(user: SyntheticUser, where: DocumentLocation): { workload: string; siteUrl: string; site: string; web: string; list: string } {
  if (where.kind === 'site') {
    return { workload: 'SharePoint', siteUrl: where.site.url, site: where.site.siteId, web: where.site.webId, list: where.site.listId };
  }
  return { workload: 'OneDrive', siteUrl: oneDriveUrl(user.alias), site: where.siteId, web: where.webId, list: where.listId };
}

export type FileOperation =
  | 'FileAccessed'
  | 'FileDownloaded'
  | 'FileSyncDownloadedFull'
  | 'FileUploaded'
  | 'FileModified'
  | 'FileDeleted'
  | 'FileDeletedFirstStageRecycleBin';

/** A SharePoint or OneDrive file operation (RecordType 6, SharePointFileOperation). */
export function fileOperation(sink: RecordSink, ms: number, operation: FileOperation, where: DocumentLocation, doc: SiteDocument): void {
  const r = sink.random;
  const u = sink.user;
  const loc = locationFields(u, where);
  const synced = operation === 'FileSyncDownloadedFull';
  const record = common(sink, ms, operation, 6, loc.workload, sharePointUserKey(u));
  record.ClientIP = r.next() < 0.7 ? u.publicIp : `198.51.100.${r.int(1, 254)}`;
  record.ObjectId = `${loc.siteUrl}${doc.folder}/${doc.name}`;
  record.UserId = u.upn;
  record.CorrelationId = randomGuid(r);
  record.EventSource = 'SharePoint';
  record.ItemType = 'File';
  record.ListId = loc.list;
  record.ListItemUniqueId = doc.uniqueId;
  record.Site = loc.site;
  record.UserAgent = synced ? SYNC_AGENT : r.pick(BROWSER_AGENTS);
  record.WebId = loc.web;
  if (doc.label !== undefined) record.SensitivityLabelId = LABEL_ID[doc.label];
  record.HighPriorityMediaProcessing = false;
  record.SourceFileExtension = doc.extension;
  record.SiteUrl = loc.siteUrl;
  record.SourceFileName = doc.name;
  record.SourceRelativeUrl = doc.folder;
  if (synced) {
    record.MachineDomainInfo = 'CONTOSO';
    record.MachineId = u.objectId;
  } else {
    record.ApplicationDisplayName = 'Microsoft SharePoint Online Web Client Extensibility';
  }
  record.IsManagedDevice = true;
  record.DeviceDisplayName = u.device;
  sink.push(ms, record);
}

export type SharingOperation = 'SharingInvitationCreated' | 'AnonymousLinkCreated' | 'CompanyLinkCreated';

/**
 * A sharing event (RecordType 14, SharePointSharingOperation). `target` is the invited person;
 * link creation has none. Guests are outside the organization, members inside.
 */
export function sharingOperation(
  sink: RecordSink,
  ms: number,
  operation: SharingOperation,
  where: DocumentLocation,
  doc: SiteDocument,
  target?: { readonly upn: string; readonly type: 'Member' | 'Guest' },
  /** Set for a file shared from a Teams chat or channel: Teams creates the link on the user's behalf. */
  application?: 'Microsoft Teams',
): void {
  const r = sink.random;
  const u = sink.user;
  const loc = locationFields(u, where);
  const record = common(sink, ms, operation, 14, loc.workload, sharePointUserKey(u));
  record.ClientIP = u.publicIp;
  record.ObjectId = `${loc.siteUrl}${doc.folder}/${doc.name}`;
  record.UserId = u.upn;
  record.CorrelationId = randomGuid(r);
  record.EventSource = 'SharePoint';
  record.ItemType = 'File';
  record.ListId = loc.list;
  record.ListItemUniqueId = doc.uniqueId;
  record.Site = loc.site;
  record.UserAgent = r.pick(BROWSER_AGENTS);
  record.WebId = loc.web;
  record.SourceFileExtension = doc.extension;
  record.SiteUrl = loc.siteUrl;
  record.SourceFileName = doc.name;
  record.SourceRelativeUrl = doc.folder;
  if (target !== undefined) {
    record.TargetUserOrGroupName = target.upn;
    record.TargetUserOrGroupType = target.type;
    record.EventData = `<Type>${r.next() < 0.6 ? 'View' : 'Edit'}</Type><MembersCanShare>Enabled</MembersCanShare>`;
  } else {
    record.EventData = `<Type>${operation === 'AnonymousLinkCreated' ? 'View' : 'Edit'}</Type>`;
  }
  record.UniqueSharingId = randomGuid(r);
  if (application !== undefined) record.ApplicationDisplayName = application;
  sink.push(ms, record);
}

/** LabelEventType of SharePoint label events: 1 upgraded, 2 downgraded, 3 removed, 4 changed at the same order. */
const LABEL_ORDER: Readonly<Record<LabelName, number>> = { Public: 0, General: 1, Confidential: 2, 'Highly Confidential': 3 };

/**
 * A sensitivity label change on a SharePoint/OneDrive file (`FileSensitivityLabelChanged`, or
 * `FileSensitivityLabelRemoved` when `to` is undefined).
 */
export function labelChange(sink: RecordSink, ms: number, where: DocumentLocation, doc: SiteDocument, from: LabelName, to: LabelName | undefined): void {
  const r = sink.random;
  const u = sink.user;
  const loc = locationFields(u, where);
  const operation = to === undefined ? 'FileSensitivityLabelRemoved' : 'FileSensitivityLabelChanged';
  const record = common(sink, ms, operation, 6, loc.workload, sharePointUserKey(u));
  record.ClientIP = u.publicIp;
  record.ObjectId = `${loc.siteUrl}${doc.folder}/${doc.name}`;
  record.UserId = u.upn;
  record.CorrelationId = randomGuid(r);
  record.EventSource = 'SharePoint';
  record.ItemType = 'File';
  record.ListId = loc.list;
  record.ListItemUniqueId = doc.uniqueId;
  record.Site = loc.site;
  record.UserAgent = r.pick(BROWSER_AGENTS);
  record.WebId = loc.web;
  record.SourceFileExtension = doc.extension;
  record.SiteUrl = loc.siteUrl;
  record.SourceFileName = doc.name;
  record.SourceRelativeUrl = doc.folder;
  const eventType = to === undefined ? 3 : LABEL_ORDER[to] > LABEL_ORDER[from] ? 1 : LABEL_ORDER[to] < LABEL_ORDER[from] ? 2 : 4;
  record.SourceLabel = LABEL_ID[from];
  if (to !== undefined) {
    record.DestinationLabel = LABEL_ID[to];
    record.SensitivityLabelId = LABEL_ID[to];
  }
  record.SensitivityLabelEventData = {
    ...(to !== undefined ? { SensitivityLabelId: LABEL_ID[to] } : {}),
    OldSensitivityLabelId: LABEL_ID[from],
    LabelEventType: eventType,
    ActionSource: 1,
    ...(eventType === 2 || eventType === 3 ? { JustificationText: 'Previous label no longer applies' } : {}),
  };
  sink.push(ms, record);
}

export interface MailAttachment {
  readonly name: string;
  readonly sizeBytes: number;
}

/**
 * An Exchange `Send` (RecordType 2, ExchangeItem). Recipients go in `recipientList` /
 * `recipientCount` of the Exchange Mailbox schema; attachments in `Item.Attachments` as the
 * service writes them ("name (size b); …").
 */
export function mailSend(sink: RecordSink, ms: number, mail: { readonly subject: string; readonly recipients: readonly string[]; readonly attachments: readonly MailAttachment[] }): void {
  const r = sink.random;
  const u = sink.user;
  const record = common(sink, ms, 'Send', 2, 'Exchange', u.puid);
  record.ResultStatus = 'Succeeded';
  record.ClientIP = u.clientIp;
  record.UserId = u.upn;
  record.AppId = '00000002-0000-0ff1-ce00-000000000000';
  record.ClientIPAddress = u.clientIp;
  record.ClientInfoString = r.pick(OUTLOOK_CLIENTS);
  record.ExternalAccess = false;
  record.InternalLogonType = 0;
  record.LogonType = 0;
  record.LogonUserSid = u.sid;
  record.MailboxGuid = u.mailboxGuid;
  record.MailboxOwnerSid = u.sid;
  record.MailboxOwnerUPN = u.upn;
  record.OrganizationName = TENANT_NAME;
  record.OriginatingServer = `AM${r.int(0, 9)}PR0${r.int(1, 9)}MB${r.int(1000, 9999)} (15.20.8${r.int(100, 999)}.0${r.int(10, 40)})`;
  record.SessionId = randomGuid(r);
  const attachmentBytes = mail.attachments.reduce((s, a) => s + a.sizeBytes, 0);
  const item: Record<string, unknown> = {
    Id: `RgAAAAD${randomHex(r, 40).toUpperCase()}AAAA`,
    InternetMessageId: `<${randomHex(r, 8).toUpperCase()}${randomHex(r, 8).toUpperCase()}@AM${r.int(0, 9)}PR0${r.int(1, 9)}MB${r.int(1000, 9999)}.eurprd0${r.int(1, 9)}.prod.outlook.com>`,
    ParentFolder: { Id: `LgAAAAD${randomHex(r, 24).toUpperCase()}AQ`, Path: '\\Sent Items' },
    SizeInBytes: 4_000 + r.int(0, 40_000) + attachmentBytes,
    Subject: mail.subject,
  };
  if (mail.attachments.length > 0) item.Attachments = mail.attachments.map((a) => `${a.name} (${a.sizeBytes}b)`).join('; ');
  record.Item = item;
  record.SaveToSentItems = true;
  record.recipientCount = mail.recipients.length;
  record.recipientList = mail.recipients.map((address) => ({ Address: address }));
  sink.push(ms, record);
}

export type EndpointOperation =
  | 'FileCopiedToRemovableMedia'
  | 'FilePrinted'
  | 'FileUploadedToCloud'
  | 'FileCopiedToNetworkShare'
  | 'FileRenamed'
  | 'FileArchived'
  | 'FileDeleted'
  | 'FileCreated';

export interface EndpointFile {
  /** Full local path of the file the activity is about (`ObjectId`). */
  readonly path: string;
  readonly sizeBytes: number;
  readonly label?: LabelName;
}

export interface EndpointTarget {
  readonly targetPath?: string;
  /** For a rename: the old name (`path` is the old path, `targetPath` the new one). */
  readonly previousFileName?: string;
  readonly domain?: string;
  readonly printer?: string;
  /** Index into the catalogue's USB devices; the serial number is the user's own stick. */
  readonly usb?: number;
}

const APPLICATION: Readonly<Record<EndpointOperation, readonly string[]>> = {
  FileCopiedToRemovableMedia: ['explorer.exe'],
  FilePrinted: ['WINWORD.EXE', 'EXCEL.EXE', 'POWERPNT.EXE', 'AcroRd32.exe', 'msedge.exe'],
  FileUploadedToCloud: ['msedge.exe', 'chrome.exe'],
  FileCopiedToNetworkShare: ['explorer.exe'],
  FileRenamed: ['explorer.exe'],
  FileArchived: ['7zFM.exe', 'explorer.exe'],
  FileDeleted: ['explorer.exe'],
  FileCreated: ['WINWORD.EXE', 'EXCEL.EXE', 'explorer.exe'],
};

/** An Endpoint DLP device activity (RecordType 63, DLPEndpoint). */
export function endpointActivity(sink: RecordSink, ms: number, operation: EndpointOperation, file: EndpointFile, target: EndpointTarget = {}): void {
  const r = sink.random;
  const u = sink.user;
  const dot = file.path.lastIndexOf('.');
  const extension = dot > file.path.lastIndexOf('\\') ? file.path.slice(dot + 1).toLowerCase() : '';
  const record = common(sink, ms, operation, 63, 'Endpoint', u.objectId);
  record.UserId = u.upn;
  record.ClientIP = u.clientIp;
  record.DeviceName = `${u.device}.contoso.com`;
  record.Platform = 1;
  record.Application = r.pick(APPLICATION[operation]);
  record.FileExtension = extension;
  record.FileSize = file.sizeBytes;
  record.FileType = extension.toUpperCase();
  record.ObjectId = file.path;
  record.Sha1 = randomHex(r, 40);
  record.Sha256 = randomHex(r, 64);
  record.SourceLocationType = 1;
  record.EnforcementMode = 1;
  if (file.label !== undefined) {
    record.SensitivityLabelEventData = { SensitivityLabelId: LABEL_ID[file.label] };
  }
  if (target.targetPath !== undefined) record.TargetFilePath = target.targetPath;
  if (target.previousFileName !== undefined) record.PreviousFileName = target.previousFileName;
  if (target.domain !== undefined) {
    record.TargetDomain = target.domain;
    record.TargetUrl = `https://${target.domain}/`;
  }
  if (target.printer !== undefined) record.TargetPrinterName = target.printer;
  if (target.usb !== undefined) {
    const device = USB_DEVICES[target.usb % USB_DEVICES.length];
    record.RemovableMediaDeviceAttributes = {
      Manufacturer: device.Manufacturer,
      Model: device.Model,
      SerialNumber: `${u.puid.slice(-6)}${target.usb}A${device.Capacity % 9973}`,
      Capacity: device.Capacity,
      BusType: 7,
    };
    record.DestinationLocationType = 2;
  }
  sink.push(ms, record);
}

/** A sign-in (RecordType 15): a record the product does not score, as real feeds are full of them. */
export function userLoggedIn(sink: RecordSink, ms: number): void {
  const r = sink.random;
  const u = sink.user;
  const record = common(sink, ms, 'UserLoggedIn', 15, 'AzureActiveDirectory', u.objectId);
  record.ResultStatus = 'Success';
  record.ClientIP = u.publicIp;
  record.ObjectId = '00000003-0000-0ff1-ce00-000000000000';
  record.UserId = u.upn;
  record.AzureActiveDirectoryEventType = 1;
  record.ExtendedProperties = [
    { Name: 'ResultStatusDetail', Value: 'Success' },
    { Name: 'UserAgent', Value: r.pick(BROWSER_AGENTS) },
    { Name: 'RequestType', Value: 'OAuth2:Authorize' },
  ];
  record.ModifiedProperties = [];
  record.Actor = [
    { ID: u.objectId, Type: 0 },
    { ID: u.upn, Type: 5 },
  ];
  record.ActorContextId = TENANT_ID;
  record.ActorIpAddress = u.publicIp;
  record.InterSystemsId = randomGuid(r);
  record.IntraSystemId = randomGuid(r);
  record.SupportTicketId = '';
  record.Target = [{ ID: '00000003-0000-0ff1-ce00-000000000000', Type: 0 }];
  record.TargetContextId = TENANT_ID;
  record.ApplicationId = '89bee1f7-5e6e-4d8a-9f3d-ecd601259da7';
  record.DeviceProperties = [
    { Name: 'OS', Value: 'Windows10' },
    { Name: 'IsCompliant', Value: 'True' },
    { Name: 'IsCompliantAndManaged', Value: 'True' },
  ];
  record.ErrorNumber = '0';
  sink.push(ms, record);
}

/** Local paths the device records use. */
export function localPath(user: SyntheticUser, folder: 'Documents' | 'Downloads' | 'Desktop', name: string): string {
  return `C:\\Users\\${user.alias}\\${folder}\\${name}`;
}
