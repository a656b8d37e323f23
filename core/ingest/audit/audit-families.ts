import type { z } from 'zod';
import type { Activity, ActivityKind } from '../activity';
import type { AuditCondition } from './audit-operation-map';
import { addressDomain, externalDomains, isInternalDomain, recipientAddress } from './audit-recipients';
import {
  DlpExchangeRecordSchema,
  EndpointRecordSchema,
  ExchangeSendRecordSchema,
  LabelActionRecordSchema,
  SharePointFileRecordSchema,
  SharePointLabelRecordSchema,
  SharePointSharingRecordSchema,
  type AuditCommonRecord,
  type DlpExchangeRecord,
  type EndpointRecord,
  type ExchangeSendRecord,
  type LabelActionRecord,
  type SharePointFileRecord,
  type SharePointLabelRecord,
  type SharePointSharingRecord,
} from './audit-record.schema';

/**
 * Per record family: the schema of the fields it carries, how its conditions are decided, and
 * which activity fields it fills. The operation map says which family a row belongs to.
 */
export interface AuditFamily<R extends AuditCommonRecord> {
  readonly schema: z.ZodType<R>;
  /** The SharePoint ItemType, for rows that distinguish files, folders and sites. */
  itemType(record: R): string | undefined;
  /** Whether a condition other than `always` holds for the record. */
  holds(condition: AuditCondition, record: R, internalDomains: ReadonlySet<string>): boolean;
  /** Adds the family's fields to an activity that already has the common ones. */
  complete(activity: Activity, record: R, internalDomains: ReadonlySet<string>): void;
}

type Details = NonNullable<Activity['details']>;

/** A value worth keeping: services write empty strings as often as null. */
function text(value: string | null | undefined): string | undefined {
  if (value === null || value === undefined || value.length === 0) return undefined;
  // Only values that start or end with whitespace can be blank; the rest skip the trim.
  if (value.charCodeAt(0) > 32 && value.charCodeAt(value.length - 1) > 32) return value;
  return value.trim() === '' ? undefined : value;
}

/** The last segment of a URL or a Windows or POSIX path. */
export function fileNameOf(path: string): string {
  let end = path.length;
  while (end > 0 && (path.charCodeAt(end - 1) === 47 || path.charCodeAt(end - 1) === 92)) end--;
  const start = Math.max(path.lastIndexOf('/', end - 1), path.lastIndexOf('\\', end - 1)) + 1;
  return path.slice(start, end);
}

/** Lower-case, without the dot; undefined for names without an extension. */
export function extensionOf(fileName: string): string | undefined {
  const dot = fileName.lastIndexOf('.');
  if (dot <= 0 || dot === fileName.length - 1) return undefined;
  return fileName.slice(dot + 1).toLowerCase();
}

function normalizedExtension(extension: string | null | undefined): string | undefined {
  const value = text(extension);
  if (value === undefined) return undefined;
  const bare = value.charCodeAt(0) === 46 /* . */ ? value.slice(1) : value;
  return bare === '' ? undefined : bare.toLowerCase();
}

function setFile(activity: Activity, path: string | undefined, name: string | undefined, extension: string | null | undefined): void {
  const fileName = name ?? (path === undefined ? undefined : text(fileNameOf(path)));
  if (path !== undefined) activity.filePath = path;
  if (fileName !== undefined) activity.fileName = fileName;
  const ext = normalizedExtension(extension) ?? (fileName === undefined ? undefined : extensionOf(fileName));
  if (ext !== undefined) activity.fileExtension = ext;
}

function addDetail(activity: Activity, key: string, value: string | number | boolean | undefined): void {
  if (value === undefined) return;
  const details: Details = activity.details ?? (activity.details = {});
  details[key] = value;
}

function viaTeams(application: string | null | undefined): boolean {
  return application !== null && application !== undefined && application.toLowerCase().includes('teams');
}

// ---------------------------------------------------------------------------------------------
// SharePoint and OneDrive

function completeSharePointFile(activity: Activity, record: SharePointFileRecord): void {
  setFile(activity, text(record.ObjectId), text(record.SourceFileName), record.SourceFileExtension);
  const siteUrl = text(record.SiteUrl);
  if (siteUrl !== undefined) activity.siteUrl = siteUrl;
  const device = text(record.DeviceDisplayName);
  if (device !== undefined) activity.deviceName = device;
  addDetail(activity, 'application', text(record.ApplicationDisplayName));
}

export const SHAREPOINT_FILE: AuditFamily<SharePointFileRecord> = {
  schema: SharePointFileRecordSchema,
  itemType: () => undefined,
  holds: () => false,
  complete(activity, record) {
    completeSharePointFile(activity, record);
    const label = text(record.SensitivityLabelId);
    if (label !== undefined) activity.sensitivityLabel = label;
  },
};

const EXTERNAL_TARGET_TYPES: ReadonlySet<string> = new Set(['guest', 'partner']);
const SITE_ITEM_TYPES: ReadonlySet<string> = new Set(['Web', 'Site']);

function sharingTarget(record: SharePointSharingRecord, internalDomains: ReadonlySet<string>): { external: boolean; domain?: string } {
  const name = text(record.TargetUserOrGroupName);
  const domain = name === undefined ? undefined : addressDomain(name);
  const type = text(record.TargetUserOrGroupType);
  const guest = type !== undefined && EXTERNAL_TARGET_TYPES.has(type.toLowerCase());
  const outside = domain !== undefined && !isInternalDomain(domain, internalDomains);
  return domain === undefined ? { external: guest } : { external: guest || outside, domain };
}

export const SHAREPOINT_SHARING: AuditFamily<SharePointSharingRecord> = {
  schema: SharePointSharingRecordSchema,
  itemType: (record) => text(record.ItemType),
  holds(condition, record, internalDomains) {
    switch (condition) {
      case 'external-target':
        return sharingTarget(record, internalDomains).external;
      case 'external-target-via-teams':
        return viaTeams(record.ApplicationDisplayName) && sharingTarget(record, internalDomains).external;
      case 'via-teams':
        return viaTeams(record.ApplicationDisplayName);
      default:
        return false;
    }
  },
  complete(activity, record, internalDomains) {
    const itemType = text(record.ItemType);
    if (itemType !== undefined && SITE_ITEM_TYPES.has(itemType)) {
      // A shared site (or subsite) is named by its URL; it has no file name.
      const site = text(record.ObjectId) ?? text(record.SiteUrl);
      if (site !== undefined) activity.siteUrl = site;
      addDetail(activity, 'application', text(record.ApplicationDisplayName));
    } else {
      completeSharePointFile(activity, record);
    }
    const name = text(record.TargetUserOrGroupName);
    if (name === undefined) {
      // Only anonymous ("anyone") links have no target; rows map nothing else without one.
      activity.destination = 'Anyone with the link';
    } else {
      const target = sharingTarget(record, internalDomains);
      if (target.domain === undefined) {
        activity.destination = name;
      } else {
        activity.recipients = [recipientAddress(name)];
        if (target.external) activity.targetDomains = [target.domain];
      }
    }
    addDetail(activity, 'targetType', text(record.TargetUserOrGroupType));
  },
};

const LABEL_DOWNGRADED = 2;

export const SHAREPOINT_LABEL: AuditFamily<SharePointLabelRecord> = {
  schema: SharePointLabelRecordSchema,
  itemType: () => undefined,
  holds: (condition, record) =>
    condition === 'label-downgraded' && record.SensitivityLabelEventData?.LabelEventType === LABEL_DOWNGRADED,
  complete(activity, record) {
    completeSharePointFile(activity, record);
    const event = record.SensitivityLabelEventData;
    const current = text(event?.SensitivityLabelId) ?? text(record.DestinationLabel);
    const previous = text(event?.OldSensitivityLabelId) ?? text(record.SourceLabel);
    if (current !== undefined) activity.sensitivityLabel = current;
    if (previous !== undefined) activity.previousSensitivityLabel = previous;
    addDetail(activity, 'labelEventType', event?.LabelEventType ?? undefined);
    addDetail(activity, 'justification', text(event?.JustificationText));
  },
};

export const LABEL_ACTION: AuditFamily<LabelActionRecord> = {
  schema: LabelActionRecordSchema,
  itemType: () => undefined,
  holds: (condition, record) =>
    condition === 'label-downgraded' && record.SensitivityLabelEventData?.LabelEventType === LABEL_DOWNGRADED,
  complete(activity, record) {
    const objectId = text(record.ObjectId);
    // Outlook labels messages, not files: their ObjectId is a message id, not a path.
    if (record.Workload === 'Exchange') addDetail(activity, 'objectId', objectId);
    else setFile(activity, objectId, undefined, undefined);
    const device = text(record.DeviceName);
    if (device !== undefined) activity.deviceName = device;
    const event = record.SensitivityLabelEventData;
    const current = text(event?.SensitivityLabelId);
    const previous = text(event?.OldSensitivityLabelId);
    if (current !== undefined) activity.sensitivityLabel = current;
    if (previous !== undefined) activity.previousSensitivityLabel = previous;
    addDetail(activity, 'application', text(record.Application) ?? text(record.ApplicationName));
    addDetail(activity, 'labelEventType', event?.LabelEventType ?? undefined);
    addDetail(activity, 'justification', text(event?.JustificationText));
  },
};

// ---------------------------------------------------------------------------------------------
// Exchange

// "report.xlsx (48213b)": the service appends each attachment's size in bytes.
const ATTACHMENT_SIZE = /\s*\(\d+b\)\s*$/;

/** The names in an Exchange `Item.Attachments` list ("a.xlsx (48213b); b.pdf (1024b)"). */
export function attachmentNames(list: string | null | undefined): string[] {
  const value = text(list);
  if (value === undefined) return [];
  const names: string[] = [];
  for (const part of value.split(';')) {
    const name = part.replace(ATTACHMENT_SIZE, '').trim();
    if (name !== '') names.push(name);
  }
  return names;
}

function sendRecipients(record: ExchangeSendRecord): string[] {
  const recipients: string[] = [];
  for (const entry of record.recipientList ?? []) {
    const address = text(entry.Address);
    if (address !== undefined) recipients.push(address.trim().toLowerCase());
  }
  return recipients;
}

function completeMail(
  activity: Activity,
  recipients: readonly string[],
  attachments: readonly string[],
  internalDomains: ReadonlySet<string>,
): void {
  if (recipients.length > 0) activity.recipients = [...recipients];
  const domains = externalDomains(recipients, internalDomains);
  if (domains.length > 0) activity.targetDomains = domains;
  if (attachments.length > 0) {
    setFile(activity, undefined, attachments[0], undefined);
    addDetail(activity, 'attachments', attachments.join('; '));
    addDetail(activity, 'attachmentCount', attachments.length);
  }
}

export const EXCHANGE_SEND: AuditFamily<ExchangeSendRecord> = {
  schema: ExchangeSendRecordSchema,
  itemType: () => undefined,
  holds: (condition, record, internalDomains) =>
    condition === 'external-recipient-with-attachment' &&
    attachmentNames(record.Item?.Attachments).length > 0 &&
    externalDomains(sendRecipients(record), internalDomains).length > 0,
  complete(activity, record, internalDomains) {
    completeMail(activity, sendRecipients(record), attachmentNames(record.Item?.Attachments), internalDomains);
    addDetail(activity, 'subject', text(record.Item?.Subject));
    addDetail(activity, 'internetMessageId', text(record.Item?.InternetMessageId));
  },
};

// Locations DLP reports for matches in the message itself rather than in an attached file.
const MESSAGE_LOCATIONS: ReadonlySet<string> = new Set(['message body', 'body', 'subject', 'message subject']);

function dlpRecipients(record: DlpExchangeRecord): string[] {
  const meta = record.ExchangeMetaData;
  const recipients: string[] = [];
  for (const list of [meta?.To, meta?.CC, meta?.BCC]) {
    for (const address of list ?? []) {
      const value = text(address);
      if (value !== undefined) recipients.push(value.trim().toLowerCase());
    }
  }
  return recipients;
}

interface DlpMatches {
  readonly attachments: string[];
  readonly sensitiveInfoTypes: string[];
  readonly policies: string[];
}

function dlpMatches(record: DlpExchangeRecord): DlpMatches {
  const matches: DlpMatches = { attachments: [], sensitiveInfoTypes: [], policies: [] };
  for (const policy of record.PolicyDetails ?? []) {
    const policyName = text(policy.PolicyName);
    if (policyName !== undefined && !matches.policies.includes(policyName)) matches.policies.push(policyName);
    for (const rule of policy.Rules ?? []) {
      for (const info of rule.ConditionsMatched?.SensitiveInformation ?? []) {
        const type = text(info.SensitiveInformationTypeName) ?? text(info.SensitiveType);
        if (type !== undefined && !matches.sensitiveInfoTypes.includes(type)) matches.sensitiveInfoTypes.push(type);
        const location = text(info.Location)?.trim();
        if (location !== undefined && !MESSAGE_LOCATIONS.has(location.toLowerCase()) && !matches.attachments.includes(location)) {
          matches.attachments.push(location);
        }
      }
    }
  }
  return matches;
}

export const DLP_EXCHANGE: AuditFamily<DlpExchangeRecord> = {
  schema: DlpExchangeRecordSchema,
  itemType: () => undefined,
  holds: (condition, record, internalDomains) =>
    condition === 'external-recipient-attachment-match' &&
    dlpMatches(record).attachments.length > 0 &&
    externalDomains(dlpRecipients(record), internalDomains).length > 0,
  complete(activity, record, internalDomains) {
    const matches = dlpMatches(record);
    completeMail(activity, dlpRecipients(record), matches.attachments, internalDomains);
    if (matches.sensitiveInfoTypes.length > 0) activity.sensitiveInfoTypes = matches.sensitiveInfoTypes;
    addDetail(activity, 'subject', text(record.ExchangeMetaData?.Subject));
    addDetail(activity, 'internetMessageId', text(record.ExchangeMetaData?.MessageID));
    if (matches.policies.length > 0) addDetail(activity, 'policies', matches.policies.join('; '));
  },
};

// ---------------------------------------------------------------------------------------------
// Endpoint DLP

/** The host of an http(s) URL, lower-case, without port. */
function urlHost(url: string): string | undefined {
  const scheme = url.indexOf('://');
  const start = scheme < 0 ? 0 : scheme + 3;
  let end = start;
  while (end < url.length) {
    const c = url.charCodeAt(end);
    if (c === 47 /* / */ || c === 58 /* : */ || c === 63 /* ? */ || c === 35 /* # */) break;
    end++;
  }
  return end > start ? url.slice(start, end).toLowerCase() : undefined;
}

function mediaName(record: EndpointRecord): string | undefined {
  const media = record.RemovableMediaDeviceAttributes;
  if (media === null || media === undefined) return undefined;
  const manufacturer = text(media.Manufacturer);
  const model = text(media.Model);
  if (manufacturer === undefined) return model;
  return model === undefined ? manufacturer : `${manufacturer} ${model}`;
}

function completeDestination(activity: Activity, kind: ActivityKind, record: EndpointRecord): void {
  const targetPath = text(record.TargetFilePath);
  switch (kind) {
    case 'device.copied-to-usb': {
      const media = mediaName(record);
      activity.destination = media ?? targetPath ?? 'removable media';
      if (media !== undefined) addDetail(activity, 'targetFilePath', targetPath);
      addDetail(activity, 'serialNumber', text(record.RemovableMediaDeviceAttributes?.SerialNumber));
      return;
    }
    case 'device.printed': {
      const printer = text(record.TargetPrinterName);
      if (printer !== undefined) activity.destination = printer;
      return;
    }
    case 'device.uploaded-to-cloud': {
      const url = text(record.TargetUrl);
      const domain = text(record.TargetDomain)?.trim().toLowerCase() ?? (url === undefined ? undefined : urlHost(url));
      if (domain !== undefined) activity.targetDomains = [domain];
      const destination = url ?? domain;
      if (destination !== undefined) activity.destination = destination;
      return;
    }
    case 'device.downloaded-by-browser': {
      // The domain the file came from: the indicator compares it with the allowed/unallowed lists.
      const origin = text(record.OriginatingDomain)?.trim().toLowerCase();
      if (origin !== undefined) activity.targetDomains = [origin];
      return;
    }
    default:
      if (targetPath !== undefined) activity.destination = targetPath;
  }
}

export const ENDPOINT: AuditFamily<EndpointRecord> = {
  schema: EndpointRecordSchema,
  itemType: () => undefined,
  holds: () => false,
  complete(activity, record) {
    setFile(activity, text(record.ObjectId), undefined, record.FileExtension);
    const device = text(record.DeviceName);
    if (device !== undefined) activity.deviceName = device;
    completeDestination(activity, activity.kind, record);
    const label = text(record.SensitivityLabelEventData?.SensitivityLabelId);
    if (label !== undefined) activity.sensitivityLabel = label;
    const types: string[] = [];
    for (const info of record.SensitiveInfoTypeData ?? []) {
      const type = text(info.SensitiveInfoTypeName) ?? text(info.SensitiveInfoTypeId);
      if (type !== undefined && !types.includes(type)) types.push(type);
    }
    if (types.length > 0) activity.sensitiveInfoTypes = types;
    addDetail(activity, 'application', text(record.Application));
    addDetail(activity, 'previousFileName', text(record.PreviousFileName));
    // A blocked attempt is still an attempt; scoring decides whether it counts the same.
    addDetail(activity, 'enforcementMode', record.EnforcementMode ?? undefined);
    if (record.Hidden === true) addDetail(activity, 'hidden', true);
  },
};
