import { ALERT_VOLUMES, type PriorityUserGroup, SETTINGS_LIMITS, type Settings, type SettingsBody } from './settings';
import { SETTINGS_DEFAULTS } from './settings-defaults';
import {
  type DomainEntry,
  formatDomainEntry,
  parseAssetId,
  parseDomainEntry,
  parseFileExtension,
  parseFilePathExclusion,
  parseIndicatorId,
  parseKeyword,
  parseSiteUrl,
  type Parsed,
  SUBDOMAINS_MARKER,
  formatCount,
} from './setting-values';

/**
 * The catalogue of settings by dotted name: how to read, write, parse and show each one. One
 * table drives `describeSettings` (chat command, CLI, the docs table) and `updateSetting`, so a
 * setting cannot be documented one way and parsed another.
 */

export const SETTING_NAMES = [
  'indicators.enabled',
  'timeframes.activationWindowDays',
  'timeframes.pastActivityDays',
  'intelligentDetections.fileTypeExclusions',
  'intelligentDetections.filePathExclusions',
  'intelligentDetections.keywordExclusions',
  'intelligentDetections.siteUrlExclusions',
  'intelligentDetections.minimumDailyEventsToBoost',
  'intelligentDetections.alertVolume',
  'domains.allowed',
  'domains.unallowed',
  'domains.thirdParty',
  'priorityUserGroups',
  'priorityPhysicalAssets',
  'privacy.pseudonymize',
  'teams.caseTeams',
] as const;
export type SettingName = (typeof SETTING_NAMES)[number];

export type SettingType =
  | 'integer'
  | 'boolean'
  | 'enum'
  | 'indicator-list'
  | 'file-type-list'
  | 'file-path-list'
  | 'keyword-list'
  | 'site-url-list'
  | 'domain-list'
  | 'asset-id-list'
  | 'priority-user-groups';

export type ListEntry = string | DomainEntry;
export type SettingValue = number | boolean | string | readonly ListEntry[] | readonly PriorityUserGroup[];

interface DefinitionBase {
  readonly name: SettingName;
  readonly type: SettingType;
  readonly description: string;
}

export interface IntegerSettingDefinition extends DefinitionBase {
  readonly kind: 'integer';
  readonly min: number;
  readonly max: number;
  /** Days settings accept a `d` / `day(s)` suffix when typed. */
  readonly unit: 'days' | 'events';
  get(settings: SettingsBody): number;
  set(settings: Settings, value: number): Settings;
}

export interface BooleanSettingDefinition extends DefinitionBase {
  readonly kind: 'boolean';
  get(settings: SettingsBody): boolean;
  set(settings: Settings, value: boolean): Settings;
}

export interface EnumSettingDefinition extends DefinitionBase {
  readonly kind: 'enum';
  readonly values: readonly string[];
  /** Other spellings accepted when typed (the portal's labels), lower-case → value. */
  readonly aliases: Readonly<Record<string, string>>;
  get(settings: SettingsBody): string;
  set(settings: Settings, value: string): Settings;
}

export interface ListSettingDefinition extends DefinitionBase {
  readonly kind: 'list';
  readonly maxEntries: number;
  /** What one entry is, for the "allowed" column and error messages. */
  readonly entryDescription: string;
  parseEntry(raw: string): Parsed<ListEntry>;
  /** Identity of an entry for duplicates and removal. */
  key(entry: ListEntry): string;
  format(entry: ListEntry): string;
  get(settings: SettingsBody): readonly ListEntry[];
  set(settings: Settings, value: readonly ListEntry[]): Settings;
}

export interface GroupsSettingDefinition extends DefinitionBase {
  readonly kind: 'groups';
  get(settings: SettingsBody): readonly PriorityUserGroup[];
}

export type SettingDefinition =
  | IntegerSettingDefinition
  | BooleanSettingDefinition
  | EnumSettingDefinition
  | ListSettingDefinition
  | GroupsSettingDefinition;

const isString = (entry: ListEntry): entry is string => typeof entry === 'string';
const isDomain = (entry: ListEntry): entry is DomainEntry => typeof entry !== 'string';
const asParsedEntry = (parse: (raw: string) => Parsed<string>) => (raw: string): Parsed<ListEntry> => parse(raw);
const lowerKey = (entry: ListEntry): string => (isString(entry) ? entry.toLowerCase() : entry.domain);
const exactKey = (entry: ListEntry): string => (isString(entry) ? entry : entry.domain);

type DetectionsListName = 'fileTypeExclusions' | 'filePathExclusions' | 'keywordExclusions' | 'siteUrlExclusions';

function detectionsList(
  field: DetectionsListName,
  type: SettingType,
  parse: (raw: string) => Parsed<string>,
  maxEntries: number,
  entryDescription: string,
  description: string,
): ListSettingDefinition {
  return {
    name: `intelligentDetections.${field}`,
    kind: 'list',
    type,
    description,
    maxEntries,
    entryDescription,
    parseEntry: asParsedEntry(parse),
    key: lowerKey,
    format: (e) => String(exactKey(e)),
    get: (s) => s.intelligentDetections[field],
    set: (s, v) => ({ ...s, intelligentDetections: { ...s.intelligentDetections, [field]: v.filter(isString) } }),
  };
}

function domainsList(field: 'allowed' | 'unallowed' | 'thirdParty', description: string): ListSettingDefinition {
  return {
    name: `domains.${field}`,
    kind: 'list',
    type: 'domain-list',
    description,
    maxEntries: SETTINGS_LIMITS.listEntries,
    entryDescription: `domains (contoso.com or *.contoso.com, optionally followed by ${SUBDOMAINS_MARKER})`,
    parseEntry: parseDomainEntry,
    key: exactKey,
    format: (e) => (isString(e) ? e : formatDomainEntry(e)),
    get: (s) => s.domains[field],
    set: (s, v) => ({ ...s, domains: { ...s.domains, [field]: v.filter(isDomain) } }),
  };
}

const { activationWindowDays, pastActivityDays, minimumDailyEventsToBoost } = SETTINGS_LIMITS;

export const SETTING_DEFINITIONS: readonly SettingDefinition[] = [
  {
    name: 'indicators.enabled',
    kind: 'list',
    type: 'indicator-list',
    description: 'Indicators collected at all; a policy can select only indicators enabled here.',
    maxEntries: SETTINGS_LIMITS.indicators,
    entryDescription: 'indicator ids known to the catalogue (e.g. SpoDownload)',
    parseEntry: asParsedEntry(parseIndicatorId),
    key: exactKey,
    format: (e) => String(exactKey(e)),
    get: (s) => s.indicators.enabled,
    set: (s, v) => ({ ...s, indicators: { enabled: v.filter(isString) } }),
  },
  {
    name: 'timeframes.activationWindowDays',
    kind: 'integer',
    type: 'integer',
    description: 'Days a user stays in a policy after a triggering event.',
    min: activationWindowDays.min,
    max: activationWindowDays.max,
    unit: 'days',
    get: (s) => s.timeframes.activationWindowDays,
    set: (s, v) => ({ ...s, timeframes: { ...s.timeframes, activationWindowDays: v } }),
  },
  {
    name: 'timeframes.pastActivityDays',
    kind: 'integer',
    type: 'integer',
    description: 'Days before a triggering event whose activity is also scored (past activity detection).',
    min: pastActivityDays.min,
    max: pastActivityDays.max,
    unit: 'days',
    get: (s) => s.timeframes.pastActivityDays,
    set: (s, v) => ({ ...s, timeframes: { ...s.timeframes, pastActivityDays: v } }),
  },
  detectionsList(
    'fileTypeExclusions',
    'file-type-list',
    parseFileExtension,
    SETTINGS_LIMITS.fileTypeExclusions,
    'file extensions, with or without the dot (mp3, .wav)',
    'Files with these extensions are ignored by every policy.',
  ),
  detectionsList(
    'filePathExclusions',
    'file-path-list',
    parseFilePathExclusion,
    SETTINGS_LIMITS.listEntries,
    'folder paths (C:\\temp covers subfolders, \\public\\local\\ matches anywhere; * is one folder, *(n) up to n folders)',
    'Activity in these folders does not generate alerts.',
  ),
  detectionsList(
    'keywordExclusions',
    'keyword-list',
    parseKeyword,
    SETTINGS_LIMITS.listEntries,
    'keywords matched in file names, file paths and e-mail subjects',
    'Activity whose file name, path or e-mail subject contains one of these keywords does not generate alerts.',
  ),
  detectionsList(
    'siteUrlExclusions',
    'site-url-list',
    parseSiteUrl,
    SETTINGS_LIMITS.listEntries,
    'SharePoint site URLs (https://contoso.sharepoint.com/sites/public)',
    'Activity on these SharePoint sites (and their Teams channel sites) does not generate alerts.',
  ),
  {
    name: 'intelligentDetections.minimumDailyEventsToBoost',
    kind: 'integer',
    type: 'integer',
    description: "Daily events a user needs before activity above the user's usual level boosts the score.",
    min: minimumDailyEventsToBoost.min,
    max: minimumDailyEventsToBoost.max,
    unit: 'events',
    get: (s) => s.intelligentDetections.minimumDailyEventsToBoost,
    set: (s, v) => ({ ...s, intelligentDetections: { ...s.intelligentDetections, minimumDailyEventsToBoost: v } }),
  },
  {
    name: 'intelligentDetections.alertVolume',
    kind: 'enum',
    type: 'enum',
    description: 'Fewer: high and some medium alerts, no low; Default: balanced; More: medium, high and most low alerts.',
    values: ALERT_VOLUMES,
    aliases: { 'fewer alerts': 'Fewer', 'default volume': 'Default', 'more alerts': 'More' },
    get: (s) => s.intelligentDetections.alertVolume,
    set: (s: Settings, v: string): Settings => {
      const alertVolume = ALERT_VOLUMES.find((a) => a === v) ?? s.intelligentDetections.alertVolume;
      return { ...s, intelligentDetections: { ...s.intelligentDetections, alertVolume } };
    },
  },
  domainsList('allowed', 'Activity with these domains is treated as internal and ignored.'),
  domainsList('unallowed', 'Activity with these domains (e-mail, sharing, downloads) scores higher.'),
  domainsList('thirdParty', 'Business cloud domains, for the device indicator "download content from a third-party site".'),
  {
    name: 'priorityUserGroups',
    kind: 'groups',
    type: 'priority-user-groups',
    description: 'Groups of users whose activity needs closer review; used by the priority-user templates.',
    get: (s) => s.priorityUserGroups,
  },
  {
    name: 'priorityPhysicalAssets',
    kind: 'list',
    type: 'asset-id-list',
    maxEntries: SETTINGS_LIMITS.priorityPhysicalAssets,
    entryDescription: 'asset ids as the badging connector imports them (Mid-Sec-7)',
    description: 'Badging access points whose access (or failed access) scores as priority for PhysicalAccess.',
    parseEntry: asParsedEntry(parseAssetId),
    key: lowerKey,
    format: (e) => String(exactKey(e)),
    get: (s) => s.priorityPhysicalAssets,
    set: (s, v) => ({ ...s, priorityPhysicalAssets: v.filter(isString) }),
  },
  {
    name: 'privacy.pseudonymize',
    kind: 'boolean',
    type: 'boolean',
    description: 'Show pseudonyms instead of user names in alerts, cases and cards.',
    get: (s) => s.privacy.pseudonymize,
    set: (s, v) => ({ ...s, privacy: { ...s.privacy, pseudonymize: v } }),
  },
  {
    name: 'teams.caseTeams',
    kind: 'boolean',
    type: 'boolean',
    description: 'Create a private Microsoft Teams team for every new case (needs Microsoft Graph); archive it when the case is resolved.',
    get: (s) => s.teams.caseTeams,
    set: (s, v) => ({ ...s, teams: { ...s.teams, caseTeams: v } }),
  },
];

export function settingDefinition(name: SettingName): SettingDefinition {
  const definition = SETTING_DEFINITIONS.find((d) => d.name === name);
  // SETTING_NAMES and SETTING_DEFINITIONS are written together; a test checks they agree.
  if (definition === undefined) throw new Error(`no definition for setting ${name}`);
  return definition;
}

/** What the "allowed" column says for a setting. */
export function allowedValues(definition: SettingDefinition): string {
  switch (definition.kind) {
    case 'integer':
      return `whole number from ${formatCount(definition.min)} to ${formatCount(definition.max)}`;
    case 'boolean':
      return 'yes or no';
    case 'enum':
      return definition.values.join(', ');
    case 'list':
      return `up to ${formatCount(definition.maxEntries)} ${definition.entryDescription}`;
    case 'groups':
      return `named groups of up to ${formatCount(SETTINGS_LIMITS.priorityUserGroupMembers)} users and at least one viewer; a name cannot change`;
  }
}

/** A setting's value as text: the same form `updateSetting` accepts back, where it accepts one. */
export function formatSettingValue(definition: SettingDefinition, settings: SettingsBody): string {
  switch (definition.kind) {
    case 'integer':
      return String(definition.get(settings));
    case 'boolean':
      return definition.get(settings) ? 'yes' : 'no';
    case 'enum':
      return definition.get(settings);
    case 'list': {
      const entries = definition.get(settings);
      return entries.length === 0 ? 'none' : entries.map((e) => definition.format(e)).join(', ');
    }
    case 'groups': {
      const groups = definition.get(settings);
      if (groups.length === 0) return 'none';
      return groups.map((g) => `${g.name} (${formatCount(g.members.length)} ${g.members.length === 1 ? 'member' : 'members'})`).join(', ');
    }
  }
}

export interface SettingDescription {
  /** Dotted path, the name `updateSetting` takes. */
  readonly name: SettingName;
  readonly type: SettingType;
  readonly description: string;
  /** Range or values accepted. */
  readonly allowed: string;
  /** The out-of-the-box value, as text. */
  readonly default: string;
  /** The value in the given settings, as text. */
  readonly current: string;
}

/** Every setting, flat, in a stable order: for `settings show`, the CLI and the documentation. */
export function describeSettings(settings: Settings): SettingDescription[] {
  return SETTING_DEFINITIONS.map((definition) => ({
    name: definition.name,
    type: definition.type,
    description: definition.description,
    allowed: allowedValues(definition),
    default: formatSettingValue(definition, SETTINGS_DEFAULTS),
    current: formatSettingValue(definition, settings),
  }));
}
