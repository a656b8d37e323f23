import type { ActivityKind } from '../activity';

/**
 * Which audit records become which activity. This table is the single place that decides it;
 * docs/audit-operations.md holds the same table (a unit test keeps the two equal), with notes on
 * what each record type carries.
 *
 * A record is matched by Operation, then RecordType and Workload (the same operation name means
 * different things in different services: `FileDeleted` is a SharePoint file going to the recycle
 * bin with RecordType 6, and a file deleted on a laptop with RecordType 63), then ItemType where
 * given, then the condition. Rows are tried in order; the first whose condition holds gives the
 * kind. A record whose operation has no row, or whose rows' conditions all fail (an internal
 * share, an upgrade of a label), is valid but unscored.
 */

/** Which fields a row's records carry, and so which schema validates them. */
export type AuditRecordFamily =
  | 'sharepoint-file'
  | 'sharepoint-sharing'
  | 'sharepoint-label'
  | 'label-action'
  | 'exchange-send'
  | 'dlp-exchange'
  | 'endpoint';

export type AuditCondition =
  | 'always'
  | 'external-target'
  | 'external-target-via-teams'
  | 'via-teams'
  | 'label-downgraded'
  | 'external-recipient-with-attachment'
  | 'external-recipient-attachment-match';

/** What each condition means, in the words docs/audit-operations.md uses. */
export const AUDIT_CONDITIONS: Readonly<Record<AuditCondition, string>> = {
  always: 'every such record is the activity',
  'external-target':
    'TargetUserOrGroupType is Guest or Partner, or TargetUserOrGroupName has an e-mail domain outside the internal domains',
  'external-target-via-teams': 'as external-target, and ApplicationDisplayName names Microsoft Teams',
  'via-teams': 'ApplicationDisplayName names Microsoft Teams (an anonymous link is external by itself)',
  'label-downgraded': 'SensitivityLabelEventData.LabelEventType is 2 (LabelDowngraded)',
  'external-recipient-with-attachment':
    'Item.Attachments is not empty and a recipientList address has a domain outside the internal domains',
  'external-recipient-attachment-match':
    'an ExchangeMetaData To/CC/BCC address has a domain outside the internal domains, and a matched SensitiveInformation.Location names an attachment',
};

export interface AuditOperationRow {
  readonly operation: string;
  /** AuditLogRecordType values; undefined means any. */
  readonly recordTypes?: readonly number[];
  /** Workload values; undefined means any. */
  readonly workloads?: readonly string[];
  /** SharePoint ItemType values; a record without ItemType counts as File. Undefined means any. */
  readonly itemTypes?: readonly string[];
  readonly condition: AuditCondition;
  readonly kind: ActivityKind;
  readonly family: AuditRecordFamily;
}

const SPO = ['SharePoint', 'OneDrive'] as const;
/** SharePointFileOperation. */
const FILE_OPERATION = [6] as const;
/** SharePointSharingOperation. */
const SHARING_OPERATION = [14] as const;
/** SensitivityLabelAction (Office apps), AipSensitivityLabelAction (AIP client and scanner). */
const LABEL_ACTION = [83, 94] as const;
const FILE = ['File'] as const;
const FOLDER = ['Folder'] as const;
const SITE = ['Web', 'Site'] as const;

function fileOp(operation: string, kind: ActivityKind): AuditOperationRow {
  return { operation, recordTypes: FILE_OPERATION, workloads: SPO, condition: 'always', kind, family: 'sharepoint-file' };
}

/** A targeted share: from Teams, of a file, of a folder, of a site — in that order. */
function targetedShare(operation: string): AuditOperationRow[] {
  const base = { operation, recordTypes: SHARING_OPERATION, workloads: SPO, family: 'sharepoint-sharing' } as const;
  return [
    { ...base, itemTypes: FILE, condition: 'external-target-via-teams', kind: 'teams.file.shared.external' },
    { ...base, itemTypes: FILE, condition: 'external-target', kind: 'file.shared.external' },
    { ...base, itemTypes: FOLDER, condition: 'external-target', kind: 'folder.shared.external' },
    { ...base, itemTypes: SITE, condition: 'external-target', kind: 'site.shared.external' },
  ];
}

function endpointOp(operation: string, kind: ActivityKind): AuditOperationRow {
  return { operation, recordTypes: [63], workloads: ['Endpoint'], condition: 'always', kind, family: 'endpoint' };
}

export const AUDIT_OPERATION_MAP: readonly AuditOperationRow[] = [
  // SharePoint and OneDrive file operations.
  fileOp('FileDownloaded', 'file.downloaded'),
  fileOp('FileSyncDownloadedFull', 'file.synced'),
  // Deprecated with the old Groove.exe sync client, still present in older exports.
  fileOp('FileSyncDownloadedPartial', 'file.synced'),
  fileOp('FileUploaded', 'file.uploaded'),
  fileOp('FileSyncUploadedFull', 'file.uploaded'),
  fileOp('FileSyncUploadedPartial', 'file.uploaded'),
  fileOp('FileDeleted', 'file.deleted'),
  // Newer tenants log moving a file to the recycle bin as FileRecycled instead of FileDeleted.
  fileOp('FileRecycled', 'file.deleted'),
  fileOp('FileDeletedFirstStageRecycleBin', 'file.deleted.first-stage-recycle-bin'),
  fileOp('FileDeletedSecondStageRecycleBin', 'file.deleted.second-stage-recycle-bin'),
  fileOp('FolderDeleted', 'folder.deleted'),
  fileOp('FolderRecycled', 'folder.deleted'),
  fileOp('FolderDeletedFirstStageRecycleBin', 'folder.deleted.first-stage-recycle-bin'),
  fileOp('FolderDeletedSecondStageRecycleBin', 'folder.deleted.second-stage-recycle-bin'),

  // Sharing with people outside the organization.
  ...targetedShare('SharingInvitationCreated'),
  ...targetedShare('AddedToSecureLink'),
  ...targetedShare('SharingSet'),
  ...targetedShare('AccessInvitationCreated'),
  {
    operation: 'AnonymousLinkCreated',
    recordTypes: SHARING_OPERATION,
    workloads: SPO,
    itemTypes: FILE,
    condition: 'via-teams',
    kind: 'teams.file.shared.external',
    family: 'sharepoint-sharing',
  },
  {
    operation: 'AnonymousLinkCreated',
    recordTypes: SHARING_OPERATION,
    workloads: SPO,
    itemTypes: FILE,
    condition: 'always',
    kind: 'file.shared.external',
    family: 'sharepoint-sharing',
  },
  {
    operation: 'AnonymousLinkCreated',
    recordTypes: SHARING_OPERATION,
    workloads: SPO,
    itemTypes: FOLDER,
    condition: 'always',
    kind: 'folder.shared.external',
    family: 'sharepoint-sharing',
  },
  {
    operation: 'AnonymousLinkCreated',
    recordTypes: SHARING_OPERATION,
    workloads: SPO,
    itemTypes: SITE,
    condition: 'always',
    kind: 'site.shared.external',
    family: 'sharepoint-sharing',
  },

  // Sensitivity labels: Office on the web and auto-labeling (SharePoint), Office apps and AIP.
  { operation: 'FileSensitivityLabelRemoved', workloads: SPO, condition: 'always', kind: 'label.removed', family: 'sharepoint-label' },
  {
    operation: 'FileSensitivityLabelChanged',
    workloads: SPO,
    condition: 'label-downgraded',
    kind: 'label.downgraded',
    family: 'sharepoint-label',
  },
  { operation: 'SensitivityLabelRemoved', recordTypes: LABEL_ACTION, condition: 'always', kind: 'label.removed', family: 'label-action' },
  {
    operation: 'SensitivityLabelUpdated',
    recordTypes: LABEL_ACTION,
    condition: 'label-downgraded',
    kind: 'label.downgraded',
    family: 'label-action',
  },

  // E-mail with attachments to recipients outside the organization.
  ...['Send', 'SendAs', 'SendOnBehalf'].map(
    (operation): AuditOperationRow => ({
      operation,
      recordTypes: [2],
      workloads: ['Exchange'],
      condition: 'external-recipient-with-attachment',
      kind: 'email.sent.external-attachment',
      family: 'exchange-send',
    }),
  ),
  {
    operation: 'DlpRuleMatch',
    recordTypes: [13],
    workloads: ['Exchange'],
    condition: 'external-recipient-attachment-match',
    kind: 'email.sent.external-attachment',
    family: 'dlp-exchange',
  },

  // Endpoint DLP device activities.
  endpointOp('FileCopiedToRemovableMedia', 'device.copied-to-usb'),
  endpointOp('FileCreatedOnRemovableMedia', 'device.copied-to-usb'),
  endpointOp('FilePrinted', 'device.printed'),
  endpointOp('FileUploadedToCloud', 'device.uploaded-to-cloud'),
  endpointOp('FileCopiedToNetworkShare', 'device.copied-to-network-share'),
  endpointOp('FileCreatedOnNetworkShare', 'device.copied-to-network-share'),
  endpointOp('FileCopiedToClipboard', 'device.copied-to-clipboard'),
  endpointOp('FileCopiedToRemoteDesktopSession', 'device.copied-to-remote-desktop'),
  endpointOp('FileRenamed', 'device.file.renamed'),
  endpointOp('FileArchived', 'device.file.archived'),
  endpointOp('FileDeleted', 'device.file.deleted'),
  endpointOp('FileCreated', 'device.file.created'),
  endpointOp('FileRead', 'device.file.read'),
  endpointOp('FileDownloadedFromBrowser', 'device.downloaded-by-browser'),
];

const BY_OPERATION: ReadonlyMap<string, readonly AuditOperationRow[]> = (() => {
  const index = new Map<string, AuditOperationRow[]>();
  for (const row of AUDIT_OPERATION_MAP) {
    const rows = index.get(row.operation);
    if (rows === undefined) index.set(row.operation, [row]);
    else rows.push(row);
  }
  return index;
})();

/** The rows for an operation, in table order; empty when the operation is not scored at all. */
export function auditRowsForOperation(operation: string): readonly AuditOperationRow[] {
  return BY_OPERATION.get(operation) ?? [];
}
