import { ValidationError, type ValidationIssue } from '../errors';
import type { Activity, ActivityKind } from '../ingest/activity';
import { compileDomainList, normaliseDomain, type DomainListInput, type DomainMatcher } from './domain-list';
import { compileFilePathPatterns, type FilePathMatcher } from './file-path-pattern';

/**
 * Before an activity counts towards an indicator: is it excluded (global exclusions), ignored
 * (every external party is on the allowed domain list), and does it touch priority content or an
 * unallowed or third-party domain? Lists are compiled once per settings version; classifying one
 * activity is then a handful of set probes and at most one regular-expression scan per field.
 */

/** Purview's limits: 500 entries per list, 50 priority file extensions. */
export const MAX_LIST_ENTRIES = 500;
export const MAX_PRIORITY_FILE_EXTENSIONS = 50;

/**
 * A keyword exclusion. Purview pairs "But does contain" (the keyword) with an optional
 * "Exclude only if it does not contain": `{ keyword: 'training', unlessContains: ['compliance'] }`
 * excludes "training.pptx" but not "compliance training.pptx".
 */
export interface KeywordExclusion {
  readonly keyword: string;
  readonly unlessContains?: readonly string[];
}

export interface ScoringListsInput {
  /** Extensions with or without the dot (`mp3`, `.wav`). */
  readonly fileTypeExclusions?: readonly string[];
  /** As configured, Purview's four default AppData exclusions included unless deselected. */
  readonly filePathExclusions?: readonly string[];
  readonly keywordExclusions?: readonly (string | KeywordExclusion)[];
  readonly siteUrlExclusions?: readonly string[];
  /** Sensitive info types treated as non-sensitive: they never make content priority. */
  readonly sensitiveInfoTypeExclusions?: readonly string[];
  readonly allowedDomains?: DomainListInput;
  readonly unallowedDomains?: DomainListInput;
  readonly thirdPartyDomains?: DomainListInput;
  readonly priorityContent?: {
    readonly siteUrls?: readonly string[];
    readonly sensitivityLabels?: readonly string[];
    readonly sensitiveInfoTypes?: readonly string[];
    readonly fileExtensions?: readonly string[];
  };
  /** Badging asset ids whose failed access is scored. */
  readonly priorityPhysicalAssets?: readonly string[];
}

export type ExclusionList = 'fileType' | 'filePath' | 'siteUrl' | 'keyword';

export interface ActivityClassification {
  /** Which global exclusion removed the activity from scoring, and the entry that matched. */
  readonly excluded?: { readonly list: ExclusionList; readonly entry: string };
  /** Every external domain of the activity is allowed: treated like internal activity. */
  readonly ignored?: 'allowedDomain';
  readonly priorityContent: boolean;
  readonly unallowedDomain: boolean;
  readonly thirdPartyDomain: boolean;
}

interface KeywordRule {
  readonly keyword: string;
  readonly needle: string;
  readonly unless: readonly string[];
}

interface SiteSet {
  readonly size: number;
  covers(url: string): boolean;
  firstCovering(url: string): string | undefined;
}

export interface CompiledScoringLists {
  readonly fileTypes: ReadonlySet<string>;
  readonly filePaths: FilePathMatcher;
  readonly keywords: readonly KeywordRule[];
  /** All keywords in one expression, so the common case (no keyword at all) is one scan. */
  readonly anyKeyword: RegExp | undefined;
  readonly excludedSites: SiteSet;
  readonly allowedDomains: DomainMatcher;
  readonly unallowedDomains: DomainMatcher;
  readonly thirdPartyDomains: DomainMatcher;
  readonly prioritySites: SiteSet;
  readonly priorityLabels: ReadonlySet<string>;
  readonly prioritySensitiveInfoTypes: ReadonlySet<string>;
  readonly priorityExtensions: ReadonlySet<string>;
  readonly priorityAssets: ReadonlySet<string>;
}

function normaliseExtension(extension: string): string {
  return extension.trim().toLowerCase().replace(/^\.+/, '');
}

/** Lower case, no query or fragment, no trailing slash: site URLs compare as path prefixes. */
export function normaliseSiteUrl(url: string): string {
  return url.trim().toLowerCase().replace(/[?#].*$/, '').replace(/\/+$/, '');
}

function compileSites(urls: readonly string[]): SiteSet {
  const sites = new Set(urls.map(normaliseSiteUrl).filter((u) => u.length > 0));
  const firstCovering = (url: string): string | undefined => {
    if (sites.size === 0) return undefined;
    const target = normaliseSiteUrl(url);
    if (sites.has(target)) return target;
    // Every shorter prefix that ends at a "/" after the host is a candidate site.
    const hostStart = target.indexOf('://') + 3;
    const pathStart = target.indexOf('/', hostStart);
    if (pathStart === -1) return undefined;
    if (sites.has(target.slice(0, pathStart))) return target.slice(0, pathStart);
    for (let slash = target.lastIndexOf('/'); slash > pathStart; slash = target.lastIndexOf('/', slash - 1)) {
      const prefix = target.slice(0, slash);
      if (sites.has(prefix)) return prefix;
    }
    return undefined;
  };
  return { size: sites.size, covers: (url) => firstCovering(url) !== undefined, firstCovering };
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function checkLimit(issues: ValidationIssue[], field: string, list: readonly unknown[] | undefined, max: number): void {
  if (list !== undefined && list.length > max) issues.push({ field, reason: `at most ${max} entries; got ${list.length}` });
}

/** Compiles the lists once; throws a ValidationError naming every list over its limit. */
export function compileScoringLists(input: ScoringListsInput): CompiledScoringLists {
  const issues: ValidationIssue[] = [];
  checkLimit(issues, 'fileTypeExclusions', input.fileTypeExclusions, MAX_LIST_ENTRIES);
  checkLimit(issues, 'filePathExclusions', input.filePathExclusions, MAX_LIST_ENTRIES);
  checkLimit(issues, 'keywordExclusions', input.keywordExclusions, MAX_LIST_ENTRIES);
  checkLimit(issues, 'siteUrlExclusions', input.siteUrlExclusions, MAX_LIST_ENTRIES);
  checkLimit(issues, 'sensitiveInfoTypeExclusions', input.sensitiveInfoTypeExclusions, MAX_LIST_ENTRIES);
  checkLimit(issues, 'allowedDomains', input.allowedDomains, MAX_LIST_ENTRIES);
  checkLimit(issues, 'unallowedDomains', input.unallowedDomains, MAX_LIST_ENTRIES);
  checkLimit(issues, 'thirdPartyDomains', input.thirdPartyDomains, MAX_LIST_ENTRIES);
  checkLimit(issues, 'priorityContent.fileExtensions', input.priorityContent?.fileExtensions, MAX_PRIORITY_FILE_EXTENSIONS);
  if (issues.length > 0) {
    throw new ValidationError(`scoring lists: ${issues.map((i) => `${i.field}: ${i.reason}`).join('; ')}`, issues);
  }

  const keywords: KeywordRule[] = [];
  for (const entry of input.keywordExclusions ?? []) {
    const rule = typeof entry === 'string' ? { keyword: entry } : entry;
    const needle = rule.keyword.trim().toLowerCase();
    if (needle.length === 0) continue;
    const unless = (rule.unlessContains ?? []).map((u) => u.trim().toLowerCase()).filter((u) => u.length > 0);
    keywords.push({ keyword: rule.keyword.trim(), needle, unless });
  }
  const excludedTypes = new Set((input.sensitiveInfoTypeExclusions ?? []).map((s) => s.trim().toLowerCase()));
  return {
    fileTypes: new Set((input.fileTypeExclusions ?? []).map(normaliseExtension).filter((e) => e.length > 0)),
    filePaths: compileFilePathPatterns(input.filePathExclusions ?? []),
    keywords,
    anyKeyword: keywords.length === 0 ? undefined : new RegExp(keywords.map((k) => escapeRegExp(k.needle)).join('|')),
    excludedSites: compileSites(input.siteUrlExclusions ?? []),
    allowedDomains: compileDomainList(input.allowedDomains ?? []),
    unallowedDomains: compileDomainList(input.unallowedDomains ?? []),
    thirdPartyDomains: compileDomainList(input.thirdPartyDomains ?? []),
    prioritySites: compileSites(input.priorityContent?.siteUrls ?? []),
    priorityLabels: new Set((input.priorityContent?.sensitivityLabels ?? []).map((l) => l.trim().toLowerCase())),
    // The exclusion list wins over the priority list (Purview documents this order).
    prioritySensitiveInfoTypes: new Set(
      (input.priorityContent?.sensitiveInfoTypes ?? []).map((s) => s.trim().toLowerCase()).filter((s) => !excludedTypes.has(s)),
    ),
    priorityExtensions: new Set((input.priorityContent?.fileExtensions ?? []).map(normaliseExtension).filter((e) => e.length > 0)),
    priorityAssets: new Set((input.priorityPhysicalAssets ?? []).map((a) => a.trim().toLowerCase())),
  };
}

// ---------------------------------------------------------------------------------------------

// Alerts of other products, badge swipes and HR records are judged by their own rules; global
// exclusions are about files, sites and subjects, and would otherwise hide malware found in an
// excluded folder (AppData is excluded by default).
const NOT_CONTENT: ReadonlySet<ActivityKind> = new Set([
  'hr.resignation',
  'hr.job-level-change',
  'hr.performance-review',
  'hr.performance-improvement-plan',
  'hr.employee-profile',
  'physical.access',
  'dlp.alert',
  'defender.alert',
]);

// The activities Purview lists for the allowed domain list: e-mail to, sharing with and uploading
// to external domains. Browser downloads are added: a download from a domain the organization
// allows is no more risky than an internal one.
const DOMAIN_SCOPED: ReadonlySet<ActivityKind> = new Set([
  'email.sent.external-attachment',
  'file.shared.external',
  'folder.shared.external',
  'site.shared.external',
  'teams.file.shared.external',
  'device.uploaded-to-cloud',
  'device.downloaded-by-browser',
]);

const URL_HOST = /^https?:\/\/([^/:?#@]+)/i;

/**
 * The external domains of an activity: `targetDomains`, else the domain part of `recipients`,
 * else the host of a URL `destination` (browser uploads and downloads).
 */
export function activityDomains(activity: Pick<Activity, 'targetDomains' | 'recipients' | 'destination'>): readonly string[] {
  if (activity.targetDomains !== undefined && activity.targetDomains.length > 0) return activity.targetDomains;
  const fromRecipients: string[] = [];
  for (const recipient of activity.recipients ?? []) {
    const at = recipient.lastIndexOf('@');
    if (at !== -1 && at < recipient.length - 1) fromRecipients.push(normaliseDomain(recipient.slice(at + 1)));
  }
  if (fromRecipients.length > 0) return fromRecipients;
  const host = activity.destination === undefined ? null : URL_HOST.exec(activity.destination.trim());
  return host === null ? [] : [normaliseDomain(host[1])];
}

function fileExtensionOf(activity: Pick<Activity, 'fileExtension' | 'fileName'>): string | undefined {
  if (activity.fileExtension !== undefined && activity.fileExtension !== '') return normaliseExtension(activity.fileExtension);
  const name = activity.fileName;
  if (name === undefined) return undefined;
  const dot = name.lastIndexOf('.');
  return dot > 0 && dot < name.length - 1 ? name.slice(dot + 1).toLowerCase() : undefined;
}

/** The e-mail subject, which audit records carry as `details.subject` (or `Subject`). */
function subjectOf(activity: Activity): string | undefined {
  const details = activity.details;
  if (details === undefined) return undefined;
  const subject = details.subject ?? details.Subject;
  return typeof subject === 'string' ? subject : undefined;
}

function keywordHit(lists: CompiledScoringLists, texts: readonly (string | undefined)[]): string | undefined {
  if (lists.anyKeyword === undefined) return undefined;
  for (const raw of texts) {
    if (raw === undefined || raw === '') continue;
    const text = raw.toLowerCase();
    if (!lists.anyKeyword.test(text)) continue;
    for (const rule of lists.keywords) {
      if (text.includes(rule.needle) && !rule.unless.some((u) => text.includes(u))) return rule.keyword;
    }
  }
  return undefined;
}

function exclusionOf(activity: Activity, lists: CompiledScoringLists): ActivityClassification['excluded'] {
  const extension = fileExtensionOf(activity);
  if (extension !== undefined && lists.fileTypes.has(extension)) return { list: 'fileType', entry: extension };
  if (activity.filePath !== undefined) {
    const pattern = lists.filePaths.firstMatch(activity.filePath);
    if (pattern !== undefined) return { list: 'filePath', entry: pattern };
  }
  const site = activity.siteUrl ?? (activity.filePath !== undefined && /^https?:\/\//i.test(activity.filePath) ? activity.filePath : undefined);
  if (site !== undefined) {
    const excludedSite = lists.excludedSites.firstCovering(site);
    if (excludedSite !== undefined) return { list: 'siteUrl', entry: excludedSite };
  }
  const keyword = keywordHit(lists, [activity.fileName, activity.filePath, subjectOf(activity)]);
  if (keyword !== undefined) return { list: 'keyword', entry: keyword };
  return undefined;
}

function isPriorityContent(activity: Activity, lists: CompiledScoringLists): boolean {
  if (activity.kind === 'physical.access') {
    return activity.assetId !== undefined && lists.priorityAssets.has(activity.assetId.trim().toLowerCase());
  }
  const site = activity.siteUrl ?? activity.filePath;
  if (site !== undefined && lists.prioritySites.size > 0 && /^https?:\/\//i.test(site) && lists.prioritySites.covers(site)) return true;
  // A downgrade or removal keeps the label the file had: it was priority content until a moment ago.
  for (const label of [activity.sensitivityLabel, activity.previousSensitivityLabel]) {
    if (label !== undefined && lists.priorityLabels.has(label.trim().toLowerCase())) return true;
  }
  for (const type of activity.sensitiveInfoTypes ?? []) {
    if (lists.prioritySensitiveInfoTypes.has(type.trim().toLowerCase())) return true;
  }
  const extension = fileExtensionOf(activity);
  return extension !== undefined && lists.priorityExtensions.has(extension);
}

export function classifyActivity(activity: Activity, lists: CompiledScoringLists): ActivityClassification {
  const content = !NOT_CONTENT.has(activity.kind);
  const excluded = content ? exclusionOf(activity, lists) : undefined;
  const domains = content ? activityDomains(activity) : [];
  let unallowedDomain = false;
  let thirdPartyDomain = false;
  let allAllowed = domains.length > 0;
  for (const domain of domains) {
    if (lists.unallowedDomains.matches(domain)) unallowedDomain = true;
    if (lists.thirdPartyDomains.matches(domain)) thirdPartyDomain = true;
    if (allAllowed && !lists.allowedDomains.matches(domain)) allAllowed = false;
  }
  const ignored = allAllowed && DOMAIN_SCOPED.has(activity.kind) ? 'allowedDomain' : undefined;
  return {
    ...(excluded === undefined ? {} : { excluded }),
    ...(ignored === undefined ? {} : { ignored }),
    priorityContent: isPriorityContent(activity, lists),
    unallowedDomain,
    thirdPartyDomain,
  };
}
