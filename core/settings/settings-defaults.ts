import { INDICATOR_IDS } from '../scoring/indicator-catalogue';
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
 * Every indicator of the scoring catalogue: the catalogue holds exactly the indicators our signal
 * sources can produce (Office, device, physical access, DLP and Defender alerts), so it is the one
 * list to enable — a second copy here could only drift from it.
 */
export const DEFAULT_ENABLED_INDICATORS: readonly string[] = INDICATOR_IDS;

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
  // Off until an admin turns it on and Graph is configured: a team per case is a visible change in the tenant.
  teams: { caseTeams: false },
});

/** A fresh settings document holding the defaults, stamped as version 1. */
export function defaultSettings(now: Date, actor = 'system'): Settings {
  return SettingsSchema.parse({ ...structuredClone(SETTINGS_DEFAULTS), version: 1, updatedAt: now.toISOString(), updatedBy: actor });
}
