import { type Activity } from '../ingest/activity';

/**
 * Reading HR records for the risky-user and departing-user triggers. The HR connector's Rating,
 * OldLevel and NewLevel are free text (≤ 25 characters for a rating), so "poor review" and
 * "demotion" are recognised from what the text says. When it cannot be read either way the event
 * still triggers: a trigger only starts scoring, it does not raise an alert, and Purview itself
 * triggers on every imported review and level change — missing a stressor is the worse mistake.
 *
 * HR details are looked up by name ignoring case and punctuation, so `LastWorkingDate`,
 * `lastWorkingDate` and `last_working_date` all work whatever the HR normaliser chose.
 */

function normaliseKey(key: string): string {
  return key.toLowerCase().replace(/[^a-z0-9]/g, '');
}

/** The first non-empty detail among `names` (compared without case or punctuation), as text. */
export function detailText(activity: Activity, ...names: readonly string[]): string | undefined {
  const details = activity.details;
  if (details === undefined) return undefined;
  const wanted = names.map(normaliseKey);
  for (const name of wanted) {
    for (const [key, value] of Object.entries(details)) {
      if (normaliseKey(key) !== name) continue;
      if (typeof value === 'string' && value.trim().length > 0) return value.trim();
      if (typeof value === 'number' && Number.isFinite(value)) return String(value);
    }
  }
  return undefined;
}

export type ReviewVerdict = 'poor' | 'not-poor' | 'unknown';

// Checked before the positive words so "did not meet" is not read as "meet".
const POOR_WORDS =
  /\b(?:below|not met|not meet|not meeting|did not meet|does not meet|doesn't meet|didn't meet|partially met|partially meets|unsatisfactory|poor|needs improvement|needs development|improvement needed|improvement required|underperform\w*|unacceptable|fail\w*|inadequate|insufficient|weak|low performer)\b/;
const GOOD_WORDS =
  /\b(?:met|meets|meeting|exceed\w*|outstanding|excellent|exceptional|strong|good|satisfactory|successful|achieved|solid|above|top performer|role model)\b/;

/**
 * Whether a performance review is poor. Words first ("Below expectations", "3 Met
 * expectations"); then a number, read on a scale where higher is better: `n/m` or `n of m`, else
 * out of 5 — the bottom 40 % (1 or 2 of 5) is poor.
 */
export function performanceReviewVerdict(activity: Activity): ReviewVerdict {
  const rating = detailText(activity, 'Rating', 'PerformanceRating', 'ReviewRating');
  const text = (rating ?? detailText(activity, 'Remarks', 'ImprovementRemarks') ?? '').toLowerCase();
  if (text.length === 0) return 'unknown';
  if (POOR_WORDS.test(text)) return 'poor';
  if (GOOD_WORDS.test(text)) return 'not-poor';
  if (rating === undefined) return 'unknown';
  const numeric = /^\s*(\d+(?:\.\d+)?)\s*(?:(?:\/|of|out of)\s*(\d+(?:\.\d+)?))?/.exec(text);
  if (numeric === null) return 'unknown';
  const value = Number(numeric[1]);
  const scale = numeric[2] === undefined ? 5 : Number(numeric[2]);
  if (!(scale > 0) || value > scale) return 'unknown';
  return value / scale <= 0.4 ? 'poor' : 'not-poor';
}

export type LevelChangeVerdict = 'demotion' | 'promotion' | 'lateral' | 'unknown';

function levelNumber(level: string): { prefix: string; value: number } | undefined {
  const match = /^(.*?)(\d+(?:\.\d+)?)\s*$/.exec(level.trim().toLowerCase());
  if (match === null) return undefined;
  return { prefix: match[1].replace(/[\s._-]+/g, ''), value: Number(match[2]) };
}

/**
 * Whether a job level change is a demotion. Remarks that say "demoted" or "promoted" decide;
 * otherwise levels that differ only in a trailing number ("L5" → "L4", "Grade 7" → "Grade 6")
 * are compared with higher meaning more senior; identical levels are lateral.
 */
export function jobLevelChangeVerdict(activity: Activity): LevelChangeVerdict {
  const remarks = (detailText(activity, 'Remarks') ?? '').toLowerCase();
  if (/\bdemot/.test(remarks)) return 'demotion';
  if (/\bpromot/.test(remarks)) return 'promotion';
  const oldLevel = detailText(activity, 'OldLevel', 'PreviousLevel', 'FromLevel');
  const newLevel = detailText(activity, 'NewLevel', 'ToLevel', 'CurrentLevel');
  if (oldLevel === undefined || newLevel === undefined) return 'unknown';
  if (oldLevel.toLowerCase() === newLevel.toLowerCase()) return 'lateral';
  const before = levelNumber(oldLevel);
  const after = levelNumber(newLevel);
  if (before === undefined || after === undefined || before.prefix !== after.prefix) return 'unknown';
  if (after.value < before.value) return 'demotion';
  if (after.value > before.value) return 'promotion';
  return 'lateral';
}

function parseDate(text: string | undefined): Date | undefined {
  if (text === undefined) return undefined;
  const time = Date.parse(text);
  return Number.isNaN(time) ? undefined : new Date(time);
}

/** The last working date of a resignation record, when it carries a readable one. */
export function lastWorkingDate(activity: Activity): Date | undefined {
  return parseDate(detailText(activity, 'LastWorkingDate', 'LastWorkingDay', 'LastDay'));
}

/** The DLP policy an alert came from, when the alert names it. */
export function dlpPolicyName(activity: Activity): string | undefined {
  return detailText(activity, 'PolicyName', 'DlpPolicyName', 'DlpPolicy', 'Policy');
}
