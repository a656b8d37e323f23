import type { Activity } from '../ingest/activity';
import type { SequenceRole } from './indicator-catalogue';
import { MAX_TOP_ACTIVITIES } from './insight';

/**
 * Sequence detection: the same file (followed through archives and renames by its name) going
 * through a known chain of steps within 7 days, e.g. downloaded from SharePoint, renamed, copied to
 * USB, deleted. A type qualifies once enough distinct files complete it; each file chain is then
 * reported once, under the most specific qualified type it completes.
 */

export type StepRole = Exclude<SequenceRole, 'none'>;

export interface SequenceTypeDefinition {
  readonly id: SequenceTypeId;
  /** Purview's UI name where it was observed verbatim; ours in the same style otherwise. */
  readonly label: string;
  readonly steps: readonly StepRole[];
  /** Distinct files that must complete the chain within the window. */
  readonly threshold: number;
  /** Whether Purview's UI name was observed (true) or completed by us from the same pattern (false). */
  readonly observedInPurview: boolean;
}

export const SEQUENCE_TYPE_IDS = [
  'label-exfiltrate',
  'label-download-exfiltrate',
  'label-download-exfiltrate-delete',
  'label-download-obfuscate-exfiltrate',
  'label-download-obfuscate-exfiltrate-delete',
  'unallowed-download-exfiltrate',
  'unallowed-download-obfuscate-exfiltrate',
  'unallowed-download-exfiltrate-delete',
  'unallowed-download-obfuscate-exfiltrate-delete',
  'third-party-download-exfiltrate',
  'third-party-download-obfuscate-exfiltrate',
  'third-party-download-exfiltrate-delete',
  'third-party-download-obfuscate-exfiltrate-delete',
  'archive-exfiltrate',
  'archive-obfuscate-exfiltrate',
  'archive-exfiltrate-delete',
  'archive-obfuscate-exfiltrate-delete',
  'download-exfiltrate',
  'download-obfuscate-exfiltrate',
  'download-exfiltrate-delete',
  'download-obfuscate-exfiltrate-delete',
] as const;
export type SequenceTypeId = (typeof SEQUENCE_TYPE_IDS)[number];

export const SEQUENCE_WINDOW_DAYS = 7;
const DAY_MS = 86_400_000;

/** The input is bounded; beyond this many step events only the most recent are considered. */
export const MAX_SEQUENCE_STEP_EVENTS = 20_000;

/** Each step beyond the first adds a quarter to the multiplier: longer chains are stronger evidence. */
export const SEQUENCE_STEP_BONUS = 0.25;
export const MAX_SEQUENCE_SCORE = 100;

/**
 * Default file threshold: 3 files for two steps, 2 for three, 1 for four or more (a longer chain
 * is rarer in ordinary work, so fewer files make it significant); one file fewer (at least 1) when
 * the chain starts at a domain the admin listed as unallowed.
 */
export function defaultSequenceThreshold(steps: readonly StepRole[]): number {
  const byLength = Math.max(1, 5 - steps.length);
  return steps[0] === 'unallowedDownload' ? Math.max(1, byLength - 1) : byLength;
}

const START_WORDS: Readonly<Record<string, string>> = {
  label: 'Downgrade or remove label',
  unallowedDownload: 'Download from unallowed domain',
  thirdPartyDownload: 'Download from third-party site',
  archive: 'Archive',
  download: 'Download from Microsoft 365 location',
};
const STEP_WORDS: Readonly<Record<StepRole, string>> = {
  download: 'download',
  archive: 'archive',
  label: 'downgrade or remove label',
  thirdPartyDownload: 'download from third-party site',
  unallowedDownload: 'download from unallowed domain',
  obfuscate: 'obfuscate',
  exfiltrate: 'exfiltrate',
  delete: 'delete',
};

// Purview's names follow one pattern: "<start>[, <middle>…] then <last>" with " then " only
// before the last step and commas between the others.
function labelFor(steps: readonly StepRole[]): string {
  const words = [START_WORDS[steps[0]], ...steps.slice(1).map((s) => STEP_WORDS[s])];
  if (words.length === 2) return `${words[0]} then ${words[1]}`;
  return `${words.slice(0, -1).join(', ')}, then ${words[words.length - 1]}`;
}

// The names a third-party walkthrough of Purview's 2025 UI shows verbatim (irm-reference §2.7).
const OBSERVED: ReadonlySet<SequenceTypeId> = new Set([
  'download-exfiltrate',
  'download-obfuscate-exfiltrate',
  'download-exfiltrate-delete',
  'download-obfuscate-exfiltrate-delete',
  'archive-exfiltrate',
  'archive-obfuscate-exfiltrate',
  'archive-exfiltrate-delete',
  'archive-obfuscate-exfiltrate-delete',
  'label-exfiltrate',
  'label-download-exfiltrate',
  'label-download-exfiltrate-delete',
  'label-download-obfuscate-exfiltrate',
  'third-party-download-exfiltrate',
  'third-party-download-obfuscate-exfiltrate',
  'unallowed-download-obfuscate-exfiltrate',
]);

const ID_ROLE: Readonly<Record<string, StepRole>> = {
  label: 'label',
  'unallowed-download': 'unallowedDownload',
  'third-party-download': 'thirdPartyDownload',
  archive: 'archive',
  download: 'download',
  obfuscate: 'obfuscate',
  exfiltrate: 'exfiltrate',
  delete: 'delete',
};

function stepsOf(id: SequenceTypeId): StepRole[] {
  const steps: StepRole[] = [];
  let rest: string = id;
  while (rest.length > 0) {
    // Longest word first, so "third-party-download" is not read as "third…".
    const word = Object.keys(ID_ROLE)
      .sort((a, b) => b.length - a.length)
      .find((w) => rest === w || rest.startsWith(`${w}-`));
    if (word === undefined) throw new Error(`bad sequence type id ${id}`);
    steps.push(ID_ROLE[word]);
    rest = rest.slice(word.length + 1);
  }
  return steps;
}

/**
 * The sequence types in order of preference: when a file chain completes two types with the same
 * number of steps, the earlier one wins. Label changes, unallowed and third-party domains come
 * first because they are rarer in ordinary work than a plain download.
 */
export const SEQUENCE_TYPES: readonly SequenceTypeDefinition[] = Object.freeze(
  SEQUENCE_TYPE_IDS.map((id) => {
    const steps = stepsOf(id);
    return Object.freeze({ id, label: labelFor(steps), steps, threshold: defaultSequenceThreshold(steps), observedInPurview: OBSERVED.has(id) });
  }),
);

// ---------------------------------------------------------------------------------------------

/** One activity that can be a step, as the engine prepares it. */
export interface SequenceStepEvent {
  readonly activityId: string;
  /** ISO 8601 event time. */
  readonly time: string;
  readonly role: StepRole;
  /** The file acted on (a path is reduced to its name). */
  readonly fileName: string;
  /** For archives and renames: the name the content has afterwards (the archive, the new name). */
  readonly targetFileName?: string;
  /**
   * The step's insight score: the score of its indicator's daily insight for that day, at least
   * level 1 (scoreDailyInsight with minimumLevel 1), boosters applied.
   */
  readonly score: number;
}

export interface SequenceDetectionOptions {
  /** End of the window (ISO 8601); defaults to the latest event. The window is the 7 days before it. */
  readonly asOf?: string;
  /** Policy thresholds per type (distinct files); the defaults otherwise. */
  readonly thresholds?: Partial<Readonly<Record<SequenceTypeId, number>>>;
  /** Types the policy selected; all by default. */
  readonly enabledTypes?: ReadonlySet<SequenceTypeId>;
}

export interface SequenceStepSummary {
  readonly role: StepRole;
  readonly firstAt: string;
  readonly lastAt: string;
  /** The highest step score among the files (what the sequence score sums). */
  readonly score: number;
  /** Earliest activities of this step, at most MAX_TOP_ACTIVITIES. */
  readonly activityIds: readonly string[];
}

export interface SequenceMatch {
  readonly type: SequenceTypeId;
  readonly label: string;
  readonly threshold: number;
  /** Distinct files (by original name) attributed to this type (their most specific qualified type), sorted. */
  readonly files: readonly string[];
  /** Distinct files that complete this type, including those attributed to a longer type; ≥ threshold. */
  readonly qualifyingFiles: number;
  readonly steps: readonly SequenceStepSummary[];
  readonly startedAt: string;
  /** When the threshold-th file completed the chain: the sequence's moment and day. */
  readonly completedAt: string;
  /** Σ step scores × (1 + 0.25 × (steps − 1)), capped at 100. */
  readonly score: number;
  readonly rawScore: number;
}

const ROLE_RANK: Readonly<Record<StepRole, number>> = {
  label: 0,
  download: 1,
  thirdPartyDownload: 1,
  unallowedDownload: 1,
  archive: 2,
  obfuscate: 3,
  exfiltrate: 4,
  delete: 5,
};

/** The part after the last `/` or `\`, lower case: how files are linked across workloads. */
export function fileKey(nameOrPath: string): string {
  const trimmed = nameOrPath.trim();
  const slash = Math.max(trimmed.lastIndexOf('/'), trimmed.lastIndexOf('\\'));
  return trimmed.slice(slash + 1).toLowerCase();
}

function detailText(activity: Pick<Activity, 'details'>, key: string): string | undefined {
  const value = activity.details?.[key];
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}

/**
 * The step events one activity contributes, as the audit mapping fills activities: a device
 * rename carries the new name in `fileName` and the old one in `details.previousFileName`; an
 * archive carries the source in `fileName` and, when the device reports it, the archive's path in
 * `destination`; an e-mail lists every attachment in `details.attachments` ("a.xlsx; b.pdf"), so
 * it is one step per attachment. Activities without a file name give no step.
 */
export function sequenceStepsFor(activity: Activity, role: StepRole, score: number): SequenceStepEvent[] {
  // One spelling per file: names link steps, and sources differ in case and path.
  return rawStepsFor(activity, role, score).map((step) => ({ ...step, fileName: fileKey(step.fileName) }));
}

function rawStepsFor(activity: Activity, role: StepRole, score: number): SequenceStepEvent[] {
  const base = { activityId: activity.id, time: activity.time, role, score };
  if (role === 'obfuscate') {
    // Endpoint DLP renames name the old file in ObjectId (fileName) and the new one in
    // TargetFilePath (destination): follow the content to its new name.
    if (activity.destination !== undefined && activity.fileName !== undefined) {
      const target = fileKey(activity.destination);
      if (target !== '' && target !== fileKey(activity.fileName)) return [{ ...base, fileName: activity.fileName, targetFileName: target }];
    }
    const previous = detailText(activity, 'previousFileName');
    if (previous !== undefined && activity.fileName !== undefined && fileKey(previous) !== fileKey(activity.fileName)) {
      return [{ ...base, fileName: previous, targetFileName: activity.fileName }];
    }
  }
  if (role === 'archive' || role === 'obfuscate') {
    if (activity.fileName === undefined) return [];
    const target = activity.destination === undefined ? undefined : fileKey(activity.destination);
    return [{ ...base, fileName: activity.fileName, ...(target === undefined || target === '' ? {} : { targetFileName: target }) }];
  }
  const attachments = detailText(activity, 'attachments');
  if (attachments !== undefined) {
    return attachments
      .split(';')
      .map((name) => name.trim())
      .filter((name) => name !== '')
      .map((fileName) => ({ ...base, fileName }));
  }
  return activity.fileName === undefined ? [] : [{ ...base, fileName: activity.fileName }];
}

interface TimedEvent extends SequenceStepEvent {
  readonly ms: number;
  readonly key: string;
  readonly targetKey?: string;
}

interface Chain {
  readonly origin: string;
  readonly steps: TimedEvent[];
}

function compareEvents(a: TimedEvent, b: TimedEvent): number {
  return (
    a.ms - b.ms ||
    ROLE_RANK[a.role] - ROLE_RANK[b.role] ||
    (a.activityId < b.activityId ? -1 : a.activityId > b.activityId ? 1 : 0) ||
    (a.key < b.key ? -1 : a.key > b.key ? 1 : 0) ||
    ((a.targetKey ?? '') < (b.targetKey ?? '') ? -1 : (a.targetKey ?? '') > (b.targetKey ?? '') ? 1 : 0)
  );
}

/** Earliest occurrence of `roles` as a subsequence of the chain's steps, or undefined. */
function matchSteps(chain: Chain, roles: readonly StepRole[]): TimedEvent[] | undefined {
  const matched: TimedEvent[] = [];
  let next = 0;
  for (const step of chain.steps) {
    if (step.role === roles[next]) {
      matched.push(step);
      next++;
      if (next === roles.length) return matched;
    }
  }
  return undefined;
}

function buildChains(events: readonly TimedEvent[]): Chain[] {
  const chains: Chain[] = [];
  const byName = new Map<string, Set<number>>();
  for (const event of events) {
    let ids = byName.get(event.key);
    if (ids === undefined) {
      ids = new Set([chains.length]);
      chains.push({ origin: event.key, steps: [] });
      byName.set(event.key, ids);
    }
    for (const id of ids) chains[id].steps.push(event);
    // The content now also travels under the target name (an archive holds all its sources).
    if (event.targetKey !== undefined && event.targetKey !== event.key) {
      const targets = byName.get(event.targetKey) ?? new Set<number>();
      for (const id of ids) targets.add(id);
      byName.set(event.targetKey, targets);
    }
  }
  return chains;
}

interface ChainMatch {
  readonly origin: string;
  readonly steps: readonly TimedEvent[];
}

export function sequenceMultiplier(stepCount: number): number {
  return 1 + SEQUENCE_STEP_BONUS * (stepCount - 1);
}

/** Σ step scores × (1 + 0.25 × (steps − 1)), capped at 100. */
export function sequenceScore(stepScores: readonly number[]): { readonly raw: number; readonly score: number } {
  let sum = 0;
  for (const s of stepScores) sum += Math.max(0, s);
  const raw = sum * sequenceMultiplier(stepScores.length);
  return { raw, score: Math.min(MAX_SEQUENCE_SCORE, raw) };
}

/**
 * The sequences a user's step events complete. Deterministic: the events are put in one total
 * order (time, step order, activity id, names) first, so any permutation of the input gives the
 * same result.
 */
export function detectSequences(input: readonly SequenceStepEvent[], options: SequenceDetectionOptions = {}): SequenceMatch[] {
  const timed: TimedEvent[] = [];
  for (const event of input) {
    const ms = Date.parse(event.time);
    const key = fileKey(event.fileName);
    if (Number.isNaN(ms) || key.length === 0) continue;
    const target = event.targetFileName === undefined ? undefined : fileKey(event.targetFileName);
    // One object shape for every event (no spreads): this loop runs for every step of every
    // evaluation, and building these objects was most of detection's own time.
    timed.push({
      activityId: event.activityId,
      time: event.time,
      role: event.role,
      fileName: event.fileName,
      targetFileName: event.targetFileName,
      score: event.score,
      ms,
      key,
      targetKey: target === undefined || target.length === 0 ? undefined : target,
    });
  }
  if (timed.length === 0) return [];
  timed.sort(compareEvents);

  const end = options.asOf === undefined ? timed[timed.length - 1].ms : Date.parse(options.asOf);
  const start = end - SEQUENCE_WINDOW_DAYS * DAY_MS;
  let windowed = timed.filter((e) => e.ms > start && e.ms <= end);
  if (windowed.length > MAX_SEQUENCE_STEP_EVENTS) windowed = windowed.slice(windowed.length - MAX_SEQUENCE_STEP_EVENTS);

  const types = SEQUENCE_TYPES.filter((t) => options.enabledTypes === undefined || options.enabledTypes.has(t.id));
  const thresholdOf = (type: SequenceTypeDefinition): number => Math.max(1, options.thresholds?.[type.id] ?? type.threshold);
  const chains = buildChains(windowed);

  // Pass 1: every type each chain completes. A type qualifies when enough distinct files complete
  // it, counting files that also complete a longer type: adding a step to a file must never make
  // a shorter sequence it belonged to fall below its threshold.
  const completing = new Map<SequenceTypeId, ChainMatch[]>();
  const perChain: Map<SequenceTypeId, ChainMatch>[] = chains.map((chain) => {
    const found = new Map<SequenceTypeId, ChainMatch>();
    for (const type of types) {
      const steps = matchSteps(chain, type.steps);
      if (steps === undefined) continue;
      const match = { origin: chain.origin, steps };
      found.set(type.id, match);
      const list = completing.get(type.id) ?? [];
      list.push(match);
      completing.set(type.id, list);
    }
    return found;
  });
  const completionTimes = new Map<SequenceTypeId, number[]>();
  for (const type of types) {
    // Several chains can share an origin name (a name reused within the week): one file each.
    const firstDone = new Map<string, number>();
    for (const c of completing.get(type.id) ?? []) {
      const done = c.steps[c.steps.length - 1].ms;
      firstDone.set(c.origin, Math.min(firstDone.get(c.origin) ?? Number.POSITIVE_INFINITY, done));
    }
    if (firstDone.size >= thresholdOf(type)) completionTimes.set(type.id, [...firstDone.values()].sort((x, y) => x - y));
  }

  // Pass 2: each chain counts once, under the longest qualified type it completes (ties: the
  // earlier type in SEQUENCE_TYPES).
  const attributed = new Map<SequenceTypeId, ChainMatch[]>();
  for (const found of perChain) {
    let best: SequenceTypeDefinition | undefined;
    for (const type of types) {
      if (!found.has(type.id) || !completionTimes.has(type.id)) continue;
      if (best === undefined || type.steps.length > best.steps.length) best = type;
    }
    if (best === undefined) continue;
    const list = attributed.get(best.id) ?? [];
    list.push(found.get(best.id) as ChainMatch);
    attributed.set(best.id, list);
  }

  const matches: SequenceMatch[] = [];
  for (const type of types) {
    const own = attributed.get(type.id);
    const completions = completionTimes.get(type.id);
    if (own === undefined || completions === undefined) continue;
    const threshold = thresholdOf(type);
    const steps = type.steps.map((role, i): SequenceStepSummary => {
      const at = own.map((c) => c.steps[i]).sort(compareEvents);
      const ids: string[] = [];
      for (const e of at) {
        if (ids.length === MAX_TOP_ACTIVITIES) break;
        if (!ids.includes(e.activityId)) ids.push(e.activityId);
      }
      let best = 0;
      for (const e of at) best = Math.max(best, e.score);
      return {
        role,
        firstAt: new Date(at[0].ms).toISOString(),
        lastAt: new Date(at[at.length - 1].ms).toISOString(),
        score: best,
        activityIds: ids,
      };
    });
    const { raw, score } = sequenceScore(steps.map((s) => s.score));
    matches.push({
      type: type.id,
      label: type.label,
      threshold,
      files: [...new Set(own.map((c) => c.origin))].sort(),
      qualifyingFiles: completions.length,
      steps,
      startedAt: steps[0].firstAt,
      completedAt: new Date(completions[threshold - 1]).toISOString(),
      score,
      rawScore: raw,
    });
  }
  return matches;
}
