import { noticeCard } from '../../../cards/notice/notice.card';
import { cardProblems } from '../../support/cards/validate-card';

describe('notice card', () => {
  it('expands, parses at 1.5 without warnings, and shows its facts', () => {
    const card = noticeCard({ title: 'Alert expired', text: 'This alert needed review for more than 120 days.', facts: [{ title: 'Alert', value: 'A-0123456789AB' }] });
    expect(JSON.stringify(card)).not.toContain('${');
    expect(cardProblems(card)).toEqual([]);
    expect(card).toMatchSnapshot();
  });

  it('leaves the facts out when there are none', () => {
    const card = noticeCard({ title: 'Not allowed', text: 'You may not.', facts: [] });
    expect(cardProblems(card)).toEqual([]);
    expect(JSON.stringify(card)).not.toContain('FactSet');
  });
});
