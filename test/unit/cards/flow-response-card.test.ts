import { answerableCard, answeredCard } from '../../../cards/flow-response/answerable-card';
import { endedWaitCard, recordedResponseCard } from '../../../cards/flow-response/flow-response.card';
import { cardProblems } from '../../support/cards/validate-card';

const nodes = (value: unknown): Record<string, unknown>[] =>
  Array.isArray(value) ? value.flatMap(nodes) : value !== null && typeof value === 'object' ? [value as Record<string, unknown>, ...Object.values(value).flatMap(nodes)] : [];

const FLOW_CARD = {
  type: 'AdaptiveCard',
  version: '1.5',
  refresh: { action: { type: 'Action.Execute', verb: 'x' } },
  body: [
    { type: 'TextBlock', text: 'Rate the request' },
    { type: 'Input.ChoiceSet', id: 'rating', choices: [{ title: 'Good', value: 'good' }] },
    { type: 'ActionSet', actions: [{ type: 'Action.Submit', title: 'Later', data: 'later' }] },
  ],
  actions: [{ type: 'Action.Submit', title: 'Send' }],
};

describe('flow response cards', () => {
  it('the "Response recorded" card shows the update message and the answers; parses at 1.5 without warnings', () => {
    const card = recordedResponseCard({ message: 'Thanks for your response!', responder: 'Ann Approver', at: '2025-03-04T10:00:00.000Z', answers: { rating: 'good', note: '', tags: ['a', 'b'], count: 3 } });
    expect(JSON.stringify(card)).not.toContain('${');
    expect(cardProblems(card)).toEqual([]);
    expect(nodes(card).filter((n) => n.type === 'FactSet').flatMap((n) => n.facts as unknown[])).toEqual([
      { title: 'rating', value: 'good' },
      { title: 'note', value: '(empty)' },
      { title: 'tags', value: '["a","b"]' },
      { title: 'count', value: '3' },
    ]);
    expect(card).toMatchSnapshot();
  });

  it('says why a request no longer takes answers', () => {
    for (const [reason, title] of [
      ['timeout', 'This request expired'],
      ['cancelled', 'This request was cancelled'],
      ['withdrawn', 'This request was withdrawn'],
    ] as const) {
      const card = endedWaitCard(reason, 'Rate the request');
      expect(cardProblems(card)).toEqual([]);
      expect(nodes(card).filter((n) => n.type === 'TextBlock').map((n) => n.text)).toContain(title);
    }
    expect(endedWaitCard('timeout', 'Rate the request')).toMatchSnapshot();
  });

  it("makes a flow's card answerable: every submit becomes Action.Execute with the verb, the token and the action id; refresh is dropped", () => {
    const { card, actionIds } = answerableCard(FLOW_CARD, { verb: 'flow.respond', waitToken: 'wt-1' });
    expect(actionIds).toEqual(['Later', 'Send']);
    const executes = nodes(card).filter((n) => n.type === 'Action.Execute' && n.verb === 'flow.respond');
    expect(card).not.toHaveProperty('refresh');
    expect(executes.map((n) => n.data)).toEqual([
      { actionData: 'later', submitActionId: 'Later', waitToken: 'wt-1' },
      { submitActionId: 'Send', waitToken: 'wt-1' },
    ]);
    expect(cardProblems(card)).toEqual([]);
    // The flow's own card is left as it was.
    expect(FLOW_CARD.actions[0].type).toBe('Action.Submit');
  });

  it('takes every action out of an answered card and adds the line at the end', () => {
    const card = answeredCard(FLOW_CARD, 'Thanks, noted.');
    expect(card).not.toHaveProperty('actions');
    expect(card).not.toHaveProperty('refresh');
    expect(nodes(card).some((n) => n.type === 'ActionSet' || (typeof n.type === 'string' && n.type.startsWith('Action.')))).toBe(false);
    expect(nodes(card).filter((n) => n.type === 'TextBlock').map((n) => n.text)).toEqual(['Rate the request', 'Thanks, noted.']);
    expect(cardProblems(card)).toEqual([]);
  });
});
