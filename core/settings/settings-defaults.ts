import { type Settings, type SettingsBody, SettingsSchema } from './settings';

/**
 * Out-of-the-box settings. Purview starts with every indicator disabled, so nothing is scored
 * until an admin has visited the settings page; we would rather the first HR or DLP import
 * produce alerts. We therefore enable every indicator our own signal sources can produce
 * (Microsoft 365 audit, endpoint DLP device events, physical badging, DLP alerts, Defender for
 * Endpoint alerts) and leave off the ones whose sources we do not ingest (browsing, cloud
 * storage and services, Fabric, generative AI, communication compliance, Entra ID Protection,
 * network, health records) — enabling those would only make policies look broader than they are.
 * The Office and device ones are all on, not only the exfiltration ones, because sequence
 * detection links collection, obfuscation and clean-up steps to the exfiltration step.
 */

/**
 * Office indicators (SharePoint, OneDrive, Teams, Exchange) that our audit activity kinds can
 * produce, by Purview's internal ids. Purview has 30; the others (site membership changes, access
 * requests, Teams channel events …) have no activity kind yet.
 */
export const DEFAULT_OFFICE_INDICATORS: readonly string[] = [
  'SpoDownload',
  'OdbDownload',
  'SpoSyncDownload',
  'OdbSyncDownload',
  'SpoFileAccessed',
  'SpoFileSharing',
  'SpoFolderSharing',
  'SpoSiteSharing',
  'SpoFileLabelDowngraded',
  'SpoFileLabelRemoved',
  'SpoFileDeleted',
  'SpoFileDeletedFromFirstStageRecycleBin',
  'SpoFileDeletedFromSecondStageRecycleBin',
  'SpoFolderDeleted',
  'SpoFolderDeletedFromFirstStageRecycleBin',
  'SpoFolderDeletedFromSecondStageRecycleBin',
  'EmailExternal',
  'TeamsChatFileSharedExternal',
];

/** Device indicators (endpoint DLP on Windows and macOS); all of Purview's 15 but USB mounting. */
export const DEFAULT_DEVICE_INDICATORS: readonly string[] = [
  'CopyToUSB',
  'Print',
  'CopyToPersonalCloud',
  'EpoCopyToNetworkShare',
  'EpoFileCopiedToRemoteDesktopSession',
  'EpoCopyToClipboardFromSensitiveFile',
  'EpoFileRenamed',
  'EpoFileArchived',
  'EpoFileDeleted',
  'EpoSensitiveFileRead',
  'EpoFileStagedToCentralLocation',
  'EpoHiddenFileCreated',
  'EpoFileDownloadedFromEnterpriseDomain',
  'EpoFileDownloadedFromBlacklistedDomain',
];

/** Physical access, the DLP alert indicator, and the two Defender for Endpoint indicators. */
export const DEFAULT_ALERT_AND_PHYSICAL_INDICATORS: readonly string[] = [
  'PhysicalAccess',
  'HighSeverityDlpRuleMatch',
  'SecurityAlertDefenseEvasion',
  'SecurityAlertUnwantedSoftware',
];

export const DEFAULT_ENABLED_INDICATORS: readonly string[] = [
  ...DEFAULT_OFFICE_INDICATORS,
  ...DEFAULT_DEVICE_INDICATORS,
  ...DEFAULT_ALERT_AND_PHYSICAL_INDICATORS,
];

/**
 * Purview's four default file path exclusions (deselectable): application data folders whose
 * churn is benign and would otherwise flood device indicators.
 */
export const DEFAULT_FILE_PATH_EXCLUSIONS: readonly string[] = [
  '\\Users\\*\\AppData',
  '\\Users\\*\\AppData\\Local',
  '\\Users\\*\\AppData\\Local\\Roaming',
  '\\Users\\*\\AppData\\Local\\Local\\Temp',
];

/** Freezes an object and everything in it, so a shared constant cannot be changed by a caller. */
function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const nested of Object.values(value as object) as unknown[]) deepFreeze(nested);
    Object.freeze(value);
  }
  return value;
}

/** The default value of every setting, without the version stamp. Frozen; `defaultSettings` copies it. */
export const SETTINGS_DEFAULTS: SettingsBody = deepFreeze({
  indicators: { enabled: [...DEFAULT_ENABLED_INDICATORS] },
  timeframes: {
    // The maximum: a user brought in by a trigger stays scored for a month, long enough to cover
    // a typical notice period; Microsoft's sample configuration uses the same 30.
    activationWindowDays: 30,
    // A month before the trigger catches the preparation (bulk downloads before a resignation)
    // without scoring a whole quarter of history for every triggered user.
    pastActivityDays: 30,
  },
  intelligentDetections: {
    fileTypeExclusions: [],
    filePathExclusions: [...DEFAULT_FILE_PATH_EXCLUSIONS],
    keywordExclusions: [],
    siteUrlExclusions: [],
    // The value seen in a real 2025 tenant.
    minimumDailyEventsToBoost: 50,
    alertVolume: 'Default',
  },
  domains: { allowed: [], unallowed: [], thirdParty: [] },
  priorityUserGroups: [],
  priorityPhysicalAssets: [],
  // Pseudonymised by default, as in Purview: analysts see AnonIS8-… until the matrix allows more.
  privacy: { pseudonymize: true },
});

/** A fresh settings document holding the defaults, stamped as version 1. */
export function defaultSettings(now: Date, actor = 'system'): Settings {
  return SettingsSchema.parse({ ...structuredClone(SETTINGS_DEFAULTS), version: 1, updatedAt: now.toISOString(), updatedBy: actor });
}
