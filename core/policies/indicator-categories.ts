/**
 * Indicator categories: Purview's groups in the policy wizard (Office indicators, Device
 * indicators, Physical access …). Templates name their default and allowed indicators by category
 * so they stay valid as the indicator catalogue grows. The first five names are the scoring
 * catalogue's own `IndicatorCategory` values, so its `indicatorDefinition(id).category` can be
 * passed in as `IndicatorCategoryOf` unchanged; the others cover Purview indicators whose
 * signals we do not ingest yet.
 *
 * Without the catalogue, `categoryOfIndicatorId` reads the category from Purview's id conventions
 * (Spo…, Epo…, Mcas…); ids that follow none of them are custom indicators (the Insider Risk
 * Indicators connector), which Purview allows only in the data theft and data leak templates.
 */

export const INDICATOR_CATEGORIES = [
  'office',
  'device',
  'physicalAccess',
  'dlpAlert',
  'defenderForEndpoint',
  'defenderForCloudApps',
  'riskyBrowsing',
  'healthRecordAccess',
  'communicationCompliance',
  'cloudStorage',
  'cloudService',
  'fabric',
  'generativeAi',
  'entraIdProtection',
  'network',
  'booster',
  'cumulativeExfiltration',
  'custom',
] as const;
export type IndicatorCategory = (typeof INDICATOR_CATEGORIES)[number];

/** Tells which category an indicator id belongs to; the scoring catalogue can supply its own. */
export type IndicatorCategoryOf = (indicatorId: string) => IndicatorCategory;

// A Map, not an object literal, so ids such as "constructor" cannot hit Object.prototype.
const EXACT: ReadonlyMap<string, IndicatorCategory> = new Map<string, IndicatorCategory>([
  ['EmailExternal', 'office'],
  ['CopyToUSB', 'device'],
  ['CopyToPersonalCloud', 'device'],
  ['Print', 'device'],
  ['PhysicalAccess', 'physicalAccess'],
  ['HighSeverityDlpRuleMatch', 'dlpAlert'],
  ['CCPromptShields', 'generativeAi'],
  ['CCProtectedMaterialDetection', 'generativeAi'],
  ['AnomalyDetections', 'booster'],
  ['UserHistory', 'booster'],
  ['PriorityUserGroupMember', 'booster'],
  ['PotentialHighImpactUser', 'booster'],
  ['CumulativeExfiltrationDetector', 'cumulativeExfiltration'],
  ['PeerCumulativeExfiltrationDetector', 'cumulativeExfiltration'],
]);

// Order matters: EpoBrowseTo… before the general Epo… prefix.
const PREFIXES: readonly (readonly [string, IndicatorCategory])[] = [
  ['Spo', 'office'],
  ['Odb', 'office'],
  ['Teams', 'office'],
  ['EmailExternal', 'office'],
  ['EpoBrowseTo', 'riskyBrowsing'],
  ['Epo', 'device'],
  ['SecurityAlert', 'defenderForEndpoint'],
  ['Mcas', 'defenderForCloudApps'],
  ['EmployeeAccessed', 'healthRecordAccess'],
  ['CC', 'communicationCompliance'],
  ['Box', 'cloudStorage'],
  ['Dropbox', 'cloudStorage'],
  ['GoogleDrive', 'cloudStorage'],
  ['AWS', 'cloudService'],
  ['Azure', 'cloudService'],
  ['PowerBI', 'fabric'],
  ['Fabric', 'fabric'],
  ['Lakehouse', 'fabric'],
  ['Copilot', 'generativeAi'],
  ['ConnectedAIApp', 'generativeAi'],
  ['AIApp', 'generativeAi'],
  ['Compromised', 'entraIdProtection'],
  ['Network', 'network'],
];

export const categoryOfIndicatorId: IndicatorCategoryOf = (indicatorId) => {
  const exact = EXACT.get(indicatorId);
  if (exact !== undefined) return exact;
  const prefix = PREFIXES.find(([p]) => indicatorId.startsWith(p));
  return prefix === undefined ? 'custom' : prefix[1];
};
