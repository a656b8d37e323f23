/**
 * The measurement behind the defaults in docs/scoring.md ("Evidence"): generate the synthetic
 * organization, score every person for the whole month as if all were in scope of every policy
 * (the worst case for false positives), and print per-indicator daily counts and the resulting
 * alert scores of ordinary people and planted insiders.
 *
 *   node -r ./test/support/register-ts.cjs test/unit/scoring/synthetic-measurement.script.ts [seed]
 *
 * Not a test (it takes ~15 s and its numbers are read by a person); the engine's own end-to-end
 * test is the one that asserts alerts.
 */
import type { Activity } from '../../../core/ingest/activity';
import { applyBoosters } from '../../../core/scoring/boosters';
import { classifyActivity, compileScoringLists } from '../../../core/scoring/classify-activity';
import { evaluateCumulativeExfiltration } from '../../../core/scoring/cumulative-exfiltration';
import { isUnusual, scoreDailyInsight } from '../../../core/scoring/daily-insight';
import {
  INDICATOR_IDS,
  baseScoreFor,
  indicatorDefinition,
  indicatorsFor,
  occurrenceKey,
  type ExfiltrationChannel,
  type IndicatorId,
} from '../../../core/scoring/indicator-catalogue';
import { alertScore, severityFor } from '../../../core/scoring/risk-score';
import { detectSequences, sequenceStepsFor, type SequenceStepEvent, type SequenceTypeId } from '../../../core/scoring/sequences';
import { SIGNAL_PARSERS } from '../../../infra/connectors/parsers';
import { generateOrganization } from '../../support/synthetic/organization/organization.generator';

const MIN_DAILY_EVENTS = 50; // the settings default

interface Cell {
  readonly occurrences: Set<string>;
  priority: boolean;
  unallowed: boolean;
  readonly activities: Activity[];
}

function main(seed: number): void {
  const { files, manifest } = generateOrganization({ seed, users: 500, days: 30 });
  const settings = manifest.settings;
  const insiders = new Map(manifest.insiders.map((i) => [i.upn, i.scenario]));
  const internalDomains = new Set(settings.internalDomains);
  const lists = compileScoringLists({
    allowedDomains: settings.partnerDomains,
    unallowedDomains: settings.unallowedDomains,
    priorityContent: { siteUrls: settings.prioritySites, sensitivityLabels: settings.priorityLabelIds },
    priorityPhysicalAssets: settings.priorityPhysicalAssets,
  });

  const activities: Activity[] = [];
  for (const file of files) {
    if (file.format === 'directory-csv' || file.format === 'directory-json') continue;
    const text = typeof file.content === 'string' ? file.content : Buffer.from(file.content).toString('utf8');
    for (const outcome of SIGNAL_PARSERS[file.format].parse(text, { file: file.name, internalDomains })) {
      if (outcome.type === 'activity') activities.push(outcome.activity);
    }
  }
  const lastWorkingDay = new Map<string, string>();
  for (const a of activities) {
    const last = a.details?.lastWorkingDate;
    if (a.kind === 'hr.resignation' && typeof last === 'string') lastWorkingDay.set(a.userId, last.slice(0, 10));
  }

  // user → indicator → day → cell
  const cells = new Map<string, Map<IndicatorId, Map<string, Cell>>>();
  for (const a of activities) {
    const c = classifyActivity(a, lists);
    if (c.excluded !== undefined || c.ignored !== undefined) continue;
    const last = lastWorkingDay.get(a.userId);
    const day = a.time.slice(0, 10);
    for (const id of indicatorsFor(a, { ...c, afterTermination: last !== undefined && day > last })) {
      const byIndicator = cells.get(a.userId) ?? new Map<IndicatorId, Map<string, Cell>>();
      cells.set(a.userId, byIndicator);
      const byDay = byIndicator.get(id) ?? new Map<string, Cell>();
      byIndicator.set(id, byDay);
      const cell = byDay.get(day) ?? { occurrences: new Set<string>(), priority: false, unallowed: false, activities: [] };
      byDay.set(day, cell);
      cell.occurrences.add(occurrenceKey(a));
      cell.priority ||= c.priorityContent;
      cell.unallowed ||= c.unallowedDomain;
      cell.activities.push(a);
    }
  }

  const dailyCounts = new Map<IndicatorId, { ordinary: number[]; insiderMax: number }>();
  const insights = new Map<string, number[]>();
  const totals: { userId: string; totals: Partial<Record<ExfiltrationChannel, number>> }[] = [];
  for (const [userId, byIndicator] of cells) {
    const scores: number[] = [];
    const steps: SequenceStepEvent[] = [];
    const channelTotals: Partial<Record<ExfiltrationChannel, number>> = {};
    for (const [id, byDay] of byIndicator) {
      const definition = indicatorDefinition(id);
      const days = [...byDay.keys()].sort();
      for (const day of days) {
        const cell = byDay.get(day) as Cell;
        const count = cell.occurrences.size;
        const stats = dailyCounts.get(id) ?? { ordinary: [], insiderMax: 0 };
        dailyCounts.set(id, stats);
        if (insiders.has(userId)) stats.insiderMax = Math.max(stats.insiderMax, count);
        else stats.ordinary.push(count);
        const history = days.filter((d) => d < day).map((d) => (byDay.get(d) as Cell).occurrences.size);
        const unusual = isUnusual(count, history, MIN_DAILY_EVENTS);
        const facts = { unusual, priorityContent: cell.priority, unallowedDomain: cell.unallowed };
        const base = baseScoreFor(definition, cell.activities.map((a) => a.severity));
        const daily = scoreDailyInsight({ count, thresholds: definition.thresholds, baseScore: base, unusual });
        const boosted = applyBoosters(daily.score, facts, { category: definition.category });
        if (boosted.score > 0) scores.push(boosted.score);
        if (definition.exfiltrationChannel !== undefined) {
          channelTotals[definition.exfiltrationChannel] = (channelTotals[definition.exfiltrationChannel] ?? 0) + count;
        }
        if (definition.sequenceRole !== 'none') {
          const step = scoreDailyInsight({ count, thresholds: definition.thresholds, baseScore: base, unusual, minimumLevel: 1 });
          const stepScore = applyBoosters(step.score, facts, { category: definition.category }).score;
          for (const a of cell.activities) steps.push(...sequenceStepsFor(a, definition.sequenceRole, stepScore));
        }
      }
    }
    // Evaluate sequences at the end of every day with a step, keeping each type's best score.
    const best = new Map<SequenceTypeId, number>();
    for (const day of new Set(steps.map((s) => s.time.slice(0, 10)))) {
      for (const match of detectSequences(steps, { asOf: `${day}T23:59:59.999Z` })) best.set(match.type, Math.max(best.get(match.type) ?? 0, match.score));
    }
    scores.push(...best.values());
    insights.set(userId, scores);
    totals.push({ userId, totals: channelTotals });
  }
  for (const finding of evaluateCumulativeExfiltration(totals)) insights.get(finding.userId)?.push(finding.score);

  console.log(`seed ${seed}: ${activities.length} activities, ${cells.size} people with indicator activity`);
  console.log('indicator                                 T1/T2/T3      ordinary p99  max  days≥T1  insider max');
  for (const id of INDICATOR_IDS) {
    const stats = dailyCounts.get(id);
    if (stats === undefined) continue;
    const t = indicatorDefinition(id).thresholds;
    const sorted = [...stats.ordinary].sort((a, b) => a - b);
    const p99 = sorted[Math.floor(sorted.length * 0.99)] ?? 0;
    const over = sorted.filter((c) => c >= t.low).length;
    console.log(`${id.padEnd(42)}${`${t.low}/${t.medium}/${t.high}`.padEnd(14)}${String(p99).padStart(12)}${String(sorted[sorted.length - 1] ?? 0).padStart(5)}${String(over).padStart(9)}${String(stats.insiderMax).padStart(13)}`);
  }
  const scored = [...insights].map(([userId, s]) => ({ userId, score: alertScore(s) })).sort((a, b) => b.score - a.score);
  for (const [upn, scenario] of insiders) {
    const score = scored.find((s) => s.userId === upn)?.score ?? 0;
    console.log(`insider ${scenario.padEnd(38)} ${score.toFixed(2).padStart(6)} ${severityFor(score, 'Default') ?? 'no alert'}`);
  }
  const ordinary = scored.filter((s) => !insiders.has(s.userId));
  for (const volume of ['Fewer', 'Default', 'More'] as const) {
    console.log(`ordinary people alerting at ${volume}: ${ordinary.filter((s) => severityFor(s.score, volume) !== undefined).length} of ${manifest.users - insiders.size}`);
  }
  console.log(`highest ordinary score: ${(ordinary[0]?.score ?? 0).toFixed(2)}`);
}

main(Number(process.argv[2] ?? 7));
