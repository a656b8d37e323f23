import { detailText, jobLevelChangeVerdict, lastWorkingDate, performanceReviewVerdict } from '../../../core/policies/trigger-rules';
import { activity } from './policy-test-kit';

describe('performance review verdicts', () => {
  it.each([
    ['1 Below expectations', 'poor'],
    ['Does not meet expectations', 'poor'],
    ['2 Partially met', 'poor'],
    ['Needs improvement', 'poor'],
    ['Unsatisfactory', 'poor'],
    ['3 Met expectations', 'not-poor'],
    ['Meets expectations', 'not-poor'],
    ['Exceeds', 'not-poor'],
    ['Satisfactory', 'not-poor'],
    ['1', 'poor'],
    ['2', 'poor'],
    ['3', 'not-poor'],
    ['2/10', 'poor'],
    ['5 of 10', 'not-poor'],
    ['4 out of 10', 'poor'],
    ['B+', 'unknown'],
    ['7', 'unknown'],
  ])('%j is %s', (rating, verdict) => {
    expect(performanceReviewVerdict(activity('hr.performance-review', { details: { Rating: rating } }))).toBe(verdict);
  });

  it('falls back to the remarks for words, and is unknown without either', () => {
    expect(performanceReviewVerdict(activity('hr.performance-review', { details: { remarks: 'Consistently failed to deliver' } }))).toBe('poor');
    expect(performanceReviewVerdict(activity('hr.performance-review', { details: { remarks: 'Annual review 3' } }))).toBe('unknown');
    expect(performanceReviewVerdict(activity('hr.performance-review'))).toBe('unknown');
  });
});

describe('job level change verdicts', () => {
  it.each([
    [{ OldLevel: 'L5', NewLevel: 'L4' }, 'demotion'],
    [{ OldLevel: 'Level 63', NewLevel: 'Level 64' }, 'promotion'],
    [{ old_level: 'Grade 7', new_level: 'grade 7' }, 'lateral'],
    [{ OldLevel: 'Senior Engineer', NewLevel: 'Engineer' }, 'unknown'],
    [{ OldLevel: 'L5', NewLevel: 'M1' }, 'unknown'],
    [{ OldLevel: 'L5' }, 'unknown'],
    [{ OldLevel: 'L5', NewLevel: 'L6', Remarks: 'Demoted after restructuring' }, 'demotion'],
    [{ OldLevel: 'Engineer', NewLevel: 'Lead', Remarks: 'Promotion' }, 'promotion'],
  ])('%j is %s', (details, verdict) => {
    expect(jobLevelChangeVerdict(activity('hr.job-level-change', { details }))).toBe(verdict);
  });
});

describe('HR details', () => {
  it('finds details whatever their case or punctuation', () => {
    const a = activity('hr.resignation', { details: { last_working_date: '2026-04-03', empty: ' ', n: 5 } });
    expect(detailText(a, 'LastWorkingDate')).toBe('2026-04-03');
    expect(detailText(a, 'empty')).toBeUndefined();
    expect(detailText(a, 'N')).toBe('5');
    expect(lastWorkingDate(a)?.toISOString()).toBe('2026-04-03T00:00:00.000Z');
    expect(lastWorkingDate(activity('hr.resignation', { details: { LastWorkingDate: 'soon' } }))).toBeUndefined();
  });
});
