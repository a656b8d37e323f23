import { z } from 'zod';

/**
 * Where a signal came from. The prefix of every activity id, so keys from different sources
 * never collide.
 */
export const SignalSourceSchema = z.enum(['audit', 'hr', 'badging', 'dlp', 'defender']);
export type SignalSource = z.infer<typeof SignalSourceSchema>;

/**
 * What a user did, independent of the product that logged it. Scoring maps kinds to indicators
 * (with `workload` where the indicator depends on it, e.g. SharePoint vs OneDrive downloads).
 * Adding a kind is a deliberate act: the normalizers, the indicator catalogue and
 * docs/ingestion.md must agree on it.
 */
export const ActivityKindSchema = z.enum([
  // Microsoft 365 (SharePoint, OneDrive, Exchange, Teams)
  'file.downloaded',
  'file.synced',
  'file.uploaded',
  'file.accessed',
  'file.deleted',
  'file.deleted.first-stage-recycle-bin',
  'file.deleted.second-stage-recycle-bin',
  'folder.deleted',
  'folder.deleted.first-stage-recycle-bin',
  'folder.deleted.second-stage-recycle-bin',
  'file.shared.external',
  'folder.shared.external',
  'site.shared.external',
  'label.downgraded',
  'label.removed',
  'email.sent.external-attachment',
  'teams.file.shared.external',
  // Endpoint DLP device activities
  'device.copied-to-usb',
  'device.printed',
  'device.uploaded-to-cloud',
  'device.copied-to-network-share',
  'device.copied-to-clipboard',
  'device.copied-to-remote-desktop',
  'device.file.renamed',
  'device.file.archived',
  'device.file.deleted',
  'device.file.created',
  'device.file.read',
  'device.downloaded-by-browser',
  // HR connector
  'hr.resignation',
  'hr.job-level-change',
  'hr.performance-review',
  'hr.performance-improvement-plan',
  'hr.employee-profile',
  // Physical badging
  'physical.access',
  // Alerts from other products
  'dlp.alert',
  'defender.alert',
]);
export type ActivityKind = z.infer<typeof ActivityKindSchema>;

export const AlertSeveritySchema = z.enum(['Informational', 'Low', 'Medium', 'High']);
export type ExternalSeverity = z.infer<typeof AlertSeveritySchema>;

const DetailValueSchema = z.union([z.string(), z.number(), z.boolean(), z.null()]);

/**
 * One normalized user activity. Immutable once stored; `id` is the stable idempotency key
 * (`<source>:<natural key>`), so storing the same record twice is a no-op.
 */
export const ActivitySchema = z.object({
  id: z.string().min(3),
  source: SignalSourceSchema,
  kind: ActivityKindSchema,
  /** The subject user: lower-case UPN. */
  userId: z.string().min(1),
  /** Event time, ISO 8601 in UTC with milliseconds (`2026-01-02T03:04:05.000Z`). */
  time: z.iso.datetime(),
  /** The source's own name for what happened (audit Operation, HR data type, alert title …). */
  operation: z.string().min(1),
  /** Audit `Workload` (SharePoint, OneDrive, Exchange, MicrosoftTeams, Endpoint) when known. */
  workload: z.string().optional(),
  fileName: z.string().optional(),
  filePath: z.string().optional(),
  /** Lower-case, without the dot. */
  fileExtension: z.string().optional(),
  siteUrl: z.string().optional(),
  /** Lower-case domains of external recipients or destinations. */
  targetDomains: z.array(z.string()).optional(),
  recipients: z.array(z.string()).optional(),
  /** Free-text destination: removable media name, printer, network share path, cloud app … */
  destination: z.string().optional(),
  deviceName: z.string().optional(),
  sensitivityLabel: z.string().optional(),
  previousSensitivityLabel: z.string().optional(),
  sensitiveInfoTypes: z.array(z.string()).optional(),
  assetId: z.string().optional(),
  assetName: z.string().optional(),
  accessStatus: z.enum(['Success', 'Failed']).optional(),
  severity: AlertSeveritySchema.optional(),
  title: z.string().optional(),
  category: z.string().optional(),
  status: z.string().optional(),
  /** Source-specific facts that scoring does not branch on (HR remarks, levels, alert ids …). */
  details: z.record(z.string(), DetailValueSchema).optional(),
});
export type Activity = z.infer<typeof ActivitySchema>;
