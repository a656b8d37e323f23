import { z } from 'zod';

/**
 * The fields of Office 365 Management Activity API records that normalization reads, per record
 * family (reference/o365-management-api: "Common schema", "SharePoint file operations",
 * "SharePoint Sharing schema", "Exchange Mailbox schema", "DLP schema", Endpoint DLP records).
 *
 * Only these fields are validated. Every other field of a record is accepted whatever it holds:
 * the services add fields all the time, and a new one must never turn a valid record into a
 * rejection. The schemas are plain `z.object`s rather than `z.looseObject`s because the unknown
 * fields are never read from the parse result (details come from validated fields), and copying
 * the ~30 other fields of every record made validation five times slower on the ingestion hot
 * path (measured: docs/audit-operations.md, "Performance").
 */

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') return `a string (${JSON.stringify(value.length > 60 ? `${value.slice(0, 60)}…` : value)})`;
  if (typeof value === 'number' || typeof value === 'boolean') return `a ${typeof value} (${String(value)})`;
  return `a ${typeof value}`;
}

const REQUIRED_WHAT = {
  Id: 'the record Id (a GUID)',
  Operation: 'the Operation',
  UserId: 'the UserId (UPN of the user who acted)',
} as const;

function required(what: string): z.ZodString {
  // Blank values (all whitespace) are refused by the normalizer with `blankReason`: a zod refine
  // per required field cost a tenth of the validation time on the hot path.
  return z.string({
    error: (issue) => (issue.input === undefined ? `missing; ${what} is required` : `expected a string, got ${describe(issue.input)}`),
  });
}

/** Why a required field that is present but blank is refused. */
export function blankReason(field: 'Id' | 'Operation' | 'UserId'): string {
  return `empty; ${REQUIRED_WHAT[field]} is required`;
}

// Optional fields: services write null as often as they leave a field out.
const optionalText = z
  .string({ error: (issue) => `expected a string, got ${describe(issue.input)}` })
  .nullish();

function optionalObject<T extends z.ZodRawShape>(shape: T) {
  return z.object(shape, { error: (issue) => `expected an object, got ${describe(issue.input)}` }).nullish();
}

function optionalArray<T extends z.ZodType>(element: T) {
  return z.array(element, { error: (issue) => `expected an array, got ${describe(issue.input)}` }).nullish();
}

const optionalInteger = z.number({ error: (issue) => `expected a number, got ${describe(issue.input)}` }).int().nullish();

/** The Common schema fields every record must carry to be stored or counted. */
const COMMON_SHAPE = {
  Id: required(REQUIRED_WHAT.Id),
  CreationTime: z.string({
    error: (issue) =>
      issue.input === undefined
        ? 'missing; the record CreationTime (UTC, e.g. 2026-03-02T08:00:00) is required'
        : `expected a string, got ${describe(issue.input)}`,
  }),
  Operation: required(REQUIRED_WHAT.Operation),
  RecordType: z
    .number({
      error: (issue) =>
        issue.input === undefined
          ? 'missing; the RecordType (AuditLogRecordType number, e.g. 6) is required'
          : `expected the AuditLogRecordType number (e.g. 6 for SharePointFileOperation), got ${describe(issue.input)}`,
    })
    .int({ error: 'expected a whole AuditLogRecordType number' }),
  UserId: required(REQUIRED_WHAT.UserId),
  Workload: optionalText,
};

/** Label ids as SharePoint, Office apps and Endpoint DLP report them. */
const LABEL_EVENT_SHAPE = {
  SensitivityLabelId: optionalText,
  OldSensitivityLabelId: optionalText,
  /** 0 None, 1 LabelUpgraded, 2 LabelDowngraded, 3 LabelRemoved, 4 LabelChangedSameOrder. */
  LabelEventType: optionalInteger,
  JustificationText: optionalText,
};

const SHAREPOINT_SHAPE = {
  ...COMMON_SHAPE,
  ObjectId: optionalText,
  SiteUrl: optionalText,
  SourceFileName: optionalText,
  SourceFileExtension: optionalText,
  SensitivityLabelId: optionalText,
  ApplicationDisplayName: optionalText,
  DeviceDisplayName: optionalText,
};

export const AuditCommonRecordSchema = z.object(COMMON_SHAPE);

export const SharePointFileRecordSchema = z.object(SHAREPOINT_SHAPE);

export const SharePointSharingRecordSchema = z.object({
  ...SHAREPOINT_SHAPE,
  /** File, Folder, Web, Site …: sharing rows differ by it; no other row does. */
  ItemType: optionalText,
  TargetUserOrGroupName: optionalText,
  TargetUserOrGroupType: optionalText,
});

export const SharePointLabelRecordSchema = z.object({
  ...SHAREPOINT_SHAPE,
  SourceLabel: optionalText,
  DestinationLabel: optionalText,
  SensitivityLabelEventData: optionalObject(LABEL_EVENT_SHAPE),
});

/** SensitivityLabelAction (83) and AipSensitivityLabelAction (94): labels changed in Office apps or the AIP client. */
export const LabelActionRecordSchema = z.object({
  ...COMMON_SHAPE,
  ObjectId: optionalText,
  DeviceName: optionalText,
  Application: optionalText,
  ApplicationName: optionalText,
  SensitivityLabelEventData: optionalObject(LABEL_EVENT_SHAPE),
});

/** ExchangeItem (2): Send, SendAs, SendOnBehalf. */
export const ExchangeSendRecordSchema = z.object({
  ...COMMON_SHAPE,
  Item: optionalObject({
    Subject: optionalText,
    Attachments: optionalText,
    InternetMessageId: optionalText,
  }),
  recipientList: optionalArray(z.object({ Address: optionalText }, { error: (issue) => `expected an object, got ${describe(issue.input)}` })),
});

const addressList = optionalArray(z.string({ error: (issue) => `expected an e-mail address, got ${describe(issue.input)}` }));

/** ComplianceDLPExchange (13): DlpRuleMatch on a message. */
export const DlpExchangeRecordSchema = z.object({
  ...COMMON_SHAPE,
  ExchangeMetaData: optionalObject({
    MessageID: optionalText,
    Subject: optionalText,
    To: addressList,
    CC: addressList,
    BCC: addressList,
  }),
  PolicyDetails: optionalArray(
    z.object({
      PolicyName: optionalText,
      Rules: optionalArray(
        z.object({
          ConditionsMatched: optionalObject({
            SensitiveInformation: optionalArray(
              z.object({
                SensitiveInformationTypeName: optionalText,
                SensitiveType: optionalText,
                Location: optionalText,
              }),
            ),
          }),
        }),
      ),
    }),
  ),
});

/** DLPEndpoint (63): device activities reported by Endpoint DLP. */
export const EndpointRecordSchema = z.object({
  ...COMMON_SHAPE,
  DeviceName: optionalText,
  ObjectId: optionalText,
  FileExtension: optionalText,
  Application: optionalText,
  TargetFilePath: optionalText,
  TargetDomain: optionalText,
  TargetUrl: optionalText,
  TargetPrinterName: optionalText,
  OriginatingDomain: optionalText,
  PreviousFileName: optionalText,
  /** 1 audit, 2 warn (block with override), 3 warn and bypass, 4 block, 5 allow. */
  EnforcementMode: optionalInteger,
  Hidden: z.boolean({ error: (issue) => `expected true or false, got ${describe(issue.input)}` }).nullish(),
  RemovableMediaDeviceAttributes: optionalObject({
    Manufacturer: optionalText,
    Model: optionalText,
    SerialNumber: optionalText,
  }),
  SensitiveInfoTypeData: optionalArray(
    z.object({ SensitiveInfoTypeId: optionalText, SensitiveInfoTypeName: optionalText }),
  ),
  SensitivityLabelEventData: optionalObject({ SensitivityLabelId: optionalText }),
});

export type AuditCommonRecord = z.infer<typeof AuditCommonRecordSchema>;
export type SharePointFileRecord = z.infer<typeof SharePointFileRecordSchema>;
export type SharePointSharingRecord = z.infer<typeof SharePointSharingRecordSchema>;
export type SharePointLabelRecord = z.infer<typeof SharePointLabelRecordSchema>;
export type LabelActionRecord = z.infer<typeof LabelActionRecordSchema>;
export type ExchangeSendRecord = z.infer<typeof ExchangeSendRecordSchema>;
export type DlpExchangeRecord = z.infer<typeof DlpExchangeRecordSchema>;
export type EndpointRecord = z.infer<typeof EndpointRecordSchema>;

/** Where a validation issue is, in the notation error messages use: `Item.Attachments`, `recipientList[2].Address`. */
export function issueField(path: readonly PropertyKey[]): string {
  let field = '';
  for (const part of path) {
    if (typeof part === 'number') field += `[${part}]`;
    else field += field === '' ? String(part) : `.${String(part)}`;
  }
  return field === '' ? 'record' : field;
}
