import { caseCard, type CaseCardInput } from '../../../cards/case/case.card';
import type { Case } from '../../../core/cases/case';
import { cardProblems } from '../../support/cards/validate-card';
import { sampleAlert } from '../../support/samples/sample-alert';

const grace = { id: '6f1a2b3c-4d5e-4f60-8a7b-000000000002', name: 'Grace Analyst' };
const activeCase: Case = {
  id: 'C-0123456789AB',
  name: 'Roadmap copied to USB',
  userId: 'ada.lovelace@contoso.com',
  status: 'Active',
  alertIds: ['data-leaks:ada.lovelace@contoso.com:1'],
  createdAt: '2026-03-03T08:00:00.000Z',
  createdBy: grace,
  updatedAt: '2026-03-03T09:00:00.000Z',
  updatedBy: grace,
  notes: [
    { id: 'C-0123456789AB:n1', time: '2026-03-03T08:00:00.000Z', author: grace, kind: 'comment', text: 'Resigned and copying files' },
    { id: 'C-0123456789AB:n2', time: '2026-03-03T09:00:00.000Z', author: { id: 'system', name: 'Notice' }, kind: 'system', text: 'Notice "Reminder" sent' },
  ],
  contributors: [{ id: '6f1a2b3c-4d5e-4f60-8a7b-000000000009', name: 'Hank HR', addedBy: grace.id, addedAt: '2026-03-03T08:30:00.000Z' }],
};
const base: CaseCardInput = {
  case: activeCase,
  alerts: [sampleAlert({ status: 'Confirmed', caseId: activeCase.id })],
  user: 'Anon-7F3A9C21D0',
  riskText: 'elevated (score 82, 1 active alert)',
  canNote: true,
  canManage: true,
  refreshUserIds: ['29:1a'],
};

const variants: Record<string, CaseCardInput> = {
  'active, investigator view': base,
  'active, named contributor view': { ...base, canManage: false },
  'with the 30-day timeline': { ...base, timeline: { days: 30, entries: [{ day: '2026-03-05', text: 'Copying files to USB ×25' }] } },
  'closed as a confirmed violation': {
    ...base,
    case: { ...activeCase, status: 'Closed', resolution: { as: 'ConfirmedPolicyViolation', actionTaken: 'Access revoked; HR informed', by: grace, at: '2026-03-04T10:00:00.000Z' } },
  },
};

describe('case card', () => {
  it.each(Object.entries(variants))('%s: expands, parses at 1.5 without warnings, under 28 KB', (_name, input) => {
    const card = caseCard(input);
    const text = JSON.stringify(card);
    expect(text).not.toContain('${');
    expect(cardProblems(card)).toEqual([]);
    expect(Buffer.byteLength(text)).toBeLessThanOrEqual(28 * 1024);
    expect(card).toMatchSnapshot();
  });

  it('shows the pseudonym, never the UPN', () => {
    const text = JSON.stringify(caseCard(base));
    expect(text).toContain('Anon-7F3A9C21D0');
    expect(text).not.toContain('ada.lovelace');
  });

  it('offers contributor changes and resolution only to full case workers, and nothing on a closed case', () => {
    const titles = (input: CaseCardInput): string[] => ((caseCard(input).actions ?? []) as { title: string }[]).map((a) => a.title);
    expect(titles(base)).toEqual(['Add note', 'Add contributor', 'Resolve', 'Activity (30 days)', 'Activity (90 days)']);
    expect(titles(variants['active, named contributor view'])).toEqual(['Add note', 'Activity (30 days)', 'Activity (90 days)']);
    expect(titles(variants['closed as a confirmed violation'])).toEqual(['Activity (30 days)', 'Activity (90 days)']);
    expect(JSON.stringify(caseCard(variants['closed as a confirmed violation']))).toContain('Closed as confirmed policy violation by Grace Analyst');
  });

  it('lists the latest notes first and marks automatic ones', () => {
    const text = JSON.stringify(caseCard(base));
    expect(text.indexOf('Notice (automatic)')).toBeLessThan(text.indexOf('Resigned and copying files'));
  });
});
