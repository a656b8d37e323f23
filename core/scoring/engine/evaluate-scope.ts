import type { AlertInsight, RiskFactor } from '../../alerts/alert';
import type { Policy } from '../../policies/policy';
import type { PolicyTemplate } from '../../policies/policy-templates';
import type { DailyAggregate, PolicyScope, UserFacts } from '../../persistence/collections';
import type { StoreTransaction } from '../../ports/store';
import { applyBoosters, explainBoosted, type BoostedScore } from '../boosters';
import { isUnusual, scoreDailyInsight, UNUSUAL_HISTORY_DAYS } from '../daily-insight';
import { baseScoreFor, indicatorDefinition, isIndicatorId } from '../indicator-catalogue';
import { detectSequences, SEQUENCE_WINDOW_DAYS, type SequenceStepEvent } from '../sequences';
import { firstConfirmedViolationAt } from '../user-facts.repository';
import type { CumulativeNorms } from './cumulative-norms';
import type { ScoringContext } from './scoring-context';
import { addDays, covers, DAY_MS, dayNumber, dayOfNumber, evaluationRange, loadUserDays, LOOKBACK_DAYS, type DayRange, type UserDays } from './user-days';

export interface ScopeEvaluation {
  readonly insights: AlertInsight[];
  /** Activity ids behind the strongest insights, strongest first. */
  readonly topActivityIds: string[];
  readonly firstActivityAt?: string;
  readonly lastActivityAt?: string;
}

export interface EvaluationOptions {
  /** Organization and peer norms for cumulative exfiltration, shared by the unit of work. */
  readonly cumulativeNorms?: CumulativeNorms;
  /** The user's facts document (confirmed violations, directory position); absent: none known. */
  readonly userFacts?: UserFacts;
  /**
   * The user's daily aggregates loaded once for all their policies; used when it covers this
   * scope's range (evaluationRange), otherwise the range is read here.
   */
  readonly days?: UserDays;
}

/**
 * Scores one user under one policy over the days the user is in scope (past activity detection
 * included, as the windows carry it), from the stored daily aggregates only: bounded work,
 * independent of arrival order, the same result when history is replayed.
 */
export async function evaluateScope(
  tx: StoreTransaction,
  ctx: ScoringContext,
  policy: Policy,
  template: PolicyTemplate,
  scope: PolicyScope,
  options: EvaluationOptions = {},
): Promise<ScopeEvaluation> {
  const { cumulativeNorms, userFacts } = options;
  if (scope.windows.length === 0) return { insights: [], topActivityIds: [] };
  const windows = scope.windows.map((w) => ({ from: w.from.slice(0, 10), to: w.to.slice(0, 10), triggered: w.reason === 'trigger' }));
  const inScope = (day: string): boolean => windows.some((w) => w.from <= day && day <= w.to);
  // A departure template's departing window comes from the resignation that triggered it; a user
  // an admin added by hand has not resigned.
  const inTriggeredScope = (day: string): boolean => windows.some((w) => w.triggered && w.from <= day && day <= w.to);

  // The baseline needs the 30 days before the first scored day, sequences the 7 before that.
  const range = evaluationRange(scope) as DayRange;
  const days = options.days !== undefined && options.days.userId === scope.userId && covers(options.days.range, range) ? options.days : await loadUserDays(tx, scope.userId, range);
  // Exactly this scope's range, in day order, whatever the shared load holds besides.
  const byDay = new Map<string, DailyAggregate>();
  const byNumber = new Map<number, DailyAggregate>();
  for (const aggregate of days.aggregates) {
    if (aggregate.day < range.from || aggregate.day >= range.to) continue;
    byDay.set(aggregate.day, aggregate);
    byNumber.set(dayNumber(aggregate.day), aggregate);
  }
  const rangeStart = dayNumber(range.from);
  const selected = new Set(policy.indicators.filter((id) => ctx.enabledIndicators.has(id)));
  const settings = ctx.settings;
  const priorityMember = ctx.priorityUserGroupMembers.has(scope.userId);
  const highImpactReasons = userFacts?.directory?.highImpactReasons ?? [];
  // The previous-case booster applies to activity after the first case resolved as a confirmed
  // violation; a day counts when its latest event in the cell is after that moment.
  const confirmedSince = firstConfirmedViolationAt(userFacts);
  const previousCases = (cell: { readonly last: string }): number =>
    confirmedSince === undefined || cell.last <= confirmedSince ? 0 : (userFacts?.confirmedViolations ?? []).filter((v) => v.resolvedAt < cell.last).length;

  const minimumDailyEvents = settings.intelligentDetections.minimumDailyEventsToBoost;
  const unusualOn = (indicatorId: string, day: string, count: number): boolean => {
    const n = dayNumber(day);
    // A verdict whose 30 days lie inside this range is the same for every policy: shared.
    const shareable = n - UNUSUAL_HISTORY_DAYS >= rangeStart;
    const key = `${indicatorId}|${day}`;
    if (shareable) {
      const known = days.unusual.get(key);
      if (known !== undefined) return known;
    }
    const counts: number[] = [];
    for (let i = UNUSUAL_HISTORY_DAYS; i >= 1; i--) counts.push(byNumber.get(n - i)?.cells[indicatorId]?.count ?? 0);
    const verdict = isUnusual(count, counts, minimumDailyEvents);
    if (shareable) days.unusual.set(key, verdict);
    return verdict;
  };

  const insights: (AlertInsight & { top: string[]; first: string; last: string })[] = [];
  const stepScores = new Map<string, number>(); // `${day}|${indicator}` → step score
  for (const aggregate of byDay.values()) {
    for (const [indicatorId, cell] of Object.entries(aggregate.cells)) {
      if (!selected.has(indicatorId) || !isIndicatorId(indicatorId)) continue;
      if (policy.alertsOnlyForPriorityContent && !cell.priorityContent) continue;
      const definition = indicatorDefinition(indicatorId);
      const custom = policy.thresholds[indicatorId];
      const thresholds = custom === undefined ? definition.thresholds : { low: custom[0], medium: custom[1], high: custom[2] };
      const unusual = unusualOn(indicatorId, aggregate.day, cell.count);
      const base = baseScoreFor(definition, cell.severities ?? []);
      const facts = {
        unusual,
        previousConfirmedCases: previousCases(cell),
        priorityUserGroupMember: priorityMember,
        potentialHighImpactUser: highImpactReasons.length > 0,
        priorityContent: cell.priorityContent,
        unallowedDomain: cell.unallowedDomain,
        inDepartingWindow: template.departingUsers && inTriggeredScope(aggregate.day),
      };
      if (definition.sequenceRole !== 'none') {
        const step = scoreDailyInsight({ count: cell.count, thresholds, baseScore: base, unusual, minimumLevel: 1 });
        stepScores.set(`${aggregate.day}|${indicatorId}`, applyBoosters(step.score, facts, { category: definition.category }).score);
      }
      if (!inScope(aggregate.day)) continue;
      const daily = scoreDailyInsight({ count: cell.count, thresholds, baseScore: base, unusual });
      if (daily.score <= 0) continue;
      const boosted = applyBoosters(daily.score, facts, { category: definition.category });
      const riskFactors: RiskFactor[] = [];
      if (unusual) riskFactors.push('unusualActivity');
      if (cell.priorityContent) riskFactors.push('priorityContent');
      if (cell.unallowedDomain) riskFactors.push('unallowedDomains');
      insights.push({
        key: `indicator:${indicatorId}:${aggregate.day}`,
        kind: 'indicator',
        label: definition.label,
        day: aggregate.day,
        score: round(boosted.score),
        count: cell.count,
        riskFactors,
        explanation: `${cell.count} events (level ${daily.scoredLevel}): ${explainBoosted(base, daily.multiplier, boosted)}${boosterReasons(boosted, highImpactReasons, confirmedSince)}`,
        top: cell.top,
        first: cell.first,
        last: cell.last,
      });
    }
  }

  if (policy.sequenceDetection && template.sequenceDetection) {
    const steps: SequenceStepEvent[] = [];
    const stepDays = new Set<string>();
    // Detection runs as of days with a step whose 7 days reach a day in scope, so at the earliest
    // the first day in scope (range.from + LOOKBACK_DAYS), and reads the 7 days up to it:
    // earlier steps are never used.
    const stepsByDay = await days.steps(addDays(range.from, LOOKBACK_DAYS + 1 - SEQUENCE_WINDOW_DAYS), range.to);
    for (const aggregate of byDay.values()) {
      for (const s of stepsByDay.get(aggregate.day) ?? []) {
        if (!selected.has(s.indicatorId)) continue;
        const score = stepScores.get(`${aggregate.day}|${s.indicatorId}`) ?? 0;
        steps.push(
          s.targetFileName === undefined
            ? { activityId: s.activityId, time: s.time, role: s.role, fileName: s.fileName, score }
            : { activityId: s.activityId, time: s.time, role: s.role, fileName: s.fileName, targetFileName: s.targetFileName, score },
        );
        stepDays.add(aggregate.day);
      }
    }
    // Evaluate at the end of every day that has a step, as time passed, keeping each sequence
    // type's strongest completion inside the scope.
    const best = new Map<string, AlertInsight & { top: string[]; first: string; last: string }>();
    // Detection only looks at the 7 days up to `asOf`; handing it just those steps gives the same
    // matches (it orders its input itself) without re-reading the whole scope once per day.
    const timed = steps.map((step) => ({ step, ms: Date.parse(step.time) })).filter((t) => !Number.isNaN(t.ms));
    timed.sort((a, b) => a.ms - b.ms);
    const firstAfter = (ms: number): number => {
      let lo = 0;
      let hi = timed.length;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (timed[mid].ms <= ms) lo = mid + 1;
        else hi = mid;
      }
      return lo;
    };
    for (const day of [...stepDays].sort()) {
      // A sequence completes within the 7 days up to asOf (ms > asOf − 7 days: the days asOf − 6
      // to asOf); when none of them is in scope, nothing found as of this day could count.
      const n = dayNumber(day);
      let reachesScope = false;
      for (let back = 0; back < SEQUENCE_WINDOW_DAYS && !reachesScope; back++) reachesScope = inScope(dayOfNumber(n - back));
      if (!reachesScope) continue;
      const asOf = `${day}T23:59:59.999Z`;
      const end = Date.parse(asOf);
      const window = timed.slice(firstAfter(end - SEQUENCE_WINDOW_DAYS * DAY_MS), firstAfter(end)).map((t) => t.step);
      for (const match of detectSequences(window, { asOf })) {
        const completed = match.completedAt.slice(0, 10);
        if (!inScope(completed)) continue;
        const previous = best.get(match.type);
        if (previous !== undefined && previous.score >= match.score) continue;
        best.set(match.type, {
          key: `sequence:${match.type}:${completed}`,
          kind: 'sequence',
          label: match.label,
          day: completed,
          score: round(match.score),
          count: match.files.length,
          riskFactors: ['sequence'],
          explanation: `${match.qualifyingFiles} files (threshold ${match.threshold}); steps ${match.steps.map((s) => `${s.role} ${round(s.score)}`).join(', ')} × ${(1 + 0.25 * (match.steps.length - 1)).toFixed(2)}`,
          top: match.steps.flatMap((s) => s.activityIds).slice(0, 10),
          first: match.startedAt,
          last: match.completedAt,
        });
      }
    }
    insights.push(...best.values());
  }

  if (cumulativeNorms !== undefined && policy.cumulativeExfiltrationDetection && template.cumulativeExfiltrationDetection) {
    // As of the latest day in scope with activity: the user's 30 days against everyone's.
    const activeDays = [...byDay.keys()].filter(inScope).sort();
    const asOf = activeDays.at(-1);
    if (asOf !== undefined) {
      const findings = (await cumulativeNorms(asOf)).get(scope.userId) ?? [];
      for (const f of findings) {
        const cells = [...byDay.values()]
          .filter((d) => d.day <= asOf && d.day > addDays(asOf, -30))
          .flatMap((d) => Object.entries(d.cells).filter(([id]) => isIndicatorId(id) && indicatorDefinition(id).exfiltrationChannel === f.channel).map(([, c]) => c));
        if (cells.length === 0) continue;
        insights.push({
          key: `cumulative:${f.channel}:${f.comparedWith}:${asOf}`,
          kind: 'cumulative',
          label: `Cumulative exfiltration (${f.channel}) above ${f.comparedWith === 'peers' ? 'peer-group' : 'organization'} norms`,
          day: asOf,
          score: round(f.score),
          count: f.total,
          riskFactors: ['cumulativeExfiltration'],
          explanation: `${f.total} events in 30 days, percentile ${f.percentile.toFixed(1)} among ${f.comparedWith === 'peers' && f.peerGroup ? `${f.peerGroup.size} peers (${f.peerGroup.by})` : 'the organization'} (minimum ${f.minimumEvents}) → ${f.score}`,
          top: cells.flatMap((c) => c.top).slice(0, 10),
          first: cells.reduce((m, c) => (c.first < m ? c.first : m), cells[0].first),
          last: cells.reduce((m, c) => (c.last > m ? c.last : m), cells[0].last),
        });
      }
    }
  }

  insights.sort((a, b) => b.score - a.score || (a.key < b.key ? -1 : 1));
  const topActivityIds: string[] = [];
  for (const i of insights) for (const id of i.top) if (topActivityIds.length < 10 && !topActivityIds.includes(id)) topActivityIds.push(id);
  const firstActivityAt = insights.reduce<string | undefined>((m, i) => (m === undefined || i.first < m ? i.first : m), undefined);
  const lastActivityAt = insights.reduce<string | undefined>((m, i) => (m === undefined || i.last > m ? i.last : m), undefined);
  return {
    insights: insights.map(({ top: _t, first: _f, last: _l, ...insight }) => insight),
    topActivityIds,
    firstActivityAt,
    lastActivityAt,
  };
}

/** Why the user boosters held, after the arithmetic, so an analyst need not look it up. */
function boosterReasons(boosted: BoostedScore, highImpactReasons: readonly string[], confirmedSince: string | undefined): string {
  const notes: string[] = [];
  if (boosted.applied.some((a) => a.name === 'potentialHighImpactUser')) notes.push(`potential high-impact user: ${highImpactReasons.join('; ')}`);
  if (boosted.applied.some((a) => a.name === 'previousConfirmedCase') && confirmedSince !== undefined) notes.push(`case resolved as a confirmed violation on ${confirmedSince.slice(0, 10)}`);
  return notes.length === 0 ? '' : ` (${notes.join('; ')})`;
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}
