import { readFileSync } from 'node:fs';
import path from 'node:path';
import { approvalsOperations, startAndWaitForAnApproval } from '../../../../../flows/connectors/approvals';
import { approvalName } from '../../../../../flows/connectors/approvals/approval-name';
import { ConnectorError, FLOW_RESPOND_VERB, type WaitOutcome, type WaitResponse } from '../../../../../flows/engine/contracts';
import { unflattenParameters } from '../../../../../flows/engine/runner/unflatten-parameters';
import { cardProblems } from '../../../../support/cards/validate-card';
import { ANN, BOB, EVE, FakeFlowTeams, NOW, testContext, walk, type TestContext } from '../teams/teams-fakes';

const FIXTURES = path.resolve(__dirname, '../../../../../../shared/fixtures/flows/pnp-powerautomate-samples');

function exportedParameters(file: string): Record<string, unknown> {
  const found: Record<string, unknown>[] = [];
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) return value.forEach(visit);
    if (value === null || typeof value !== 'object') return;
    const record = value as { inputs?: { host?: { operationId?: string }; parameters?: Record<string, unknown> } };
    if (record.inputs?.host?.operationId === 'StartAndWaitForAnApproval' && record.inputs.parameters !== undefined) found.push(record.inputs.parameters);
    Object.values(value).forEach(visit);
  };
  visit(JSON.parse(readFileSync(path.join(FIXTURES, file), 'utf8')));
  if (found[0] === undefined) throw new Error(`${file} has no StartAndWaitForAnApproval`);
  return found[0];
}

function parameters(approvalType: string, creation: Record<string, unknown>) {
  const flat = Object.fromEntries(Object.entries(creation).map(([k, v]) => [`WebhookApprovalCreationInput/${k}`, v]));
  return startAndWaitForAnApproval.parameters.parse(unflattenParameters({ approvalType, ...flat }));
}

const ann = { id: ANN.objectId ?? '', upn: ANN.upn, name: ANN.displayName };
const bob = { id: BOB.objectId ?? '', upn: BOB.upn, name: BOB.displayName };
const eve = { id: EVE.objectId ?? '', upn: EVE.upn, name: EVE.displayName };

function answer(responder: WaitResponse['responder'], response: string, comments?: string, at = '2025-03-04T10:00:00.000Z'): WaitResponse {
  return { responder, data: { response, ...(comments === undefined ? {} : { comments }) }, at };
}

async function subscribe(context: TestContext, approvalType: string, creation: Record<string, unknown>): Promise<unknown> {
  const { subscription } = await startAndWaitForAnApproval.subscribe(parameters(approvalType, creation), context);
  return JSON.parse(JSON.stringify(subscription)) as unknown;
}

async function accept(subscription: unknown, response: WaitResponse, context: TestContext): Promise<WaitOutcome> {
  const outcome = await startAndWaitForAnApproval.accept?.(subscription, response, context);
  if (outcome === undefined) throw new Error('accept is missing');
  return outcome;
}

function completed(outcome: WaitOutcome): { statusCode: number; body: Record<string, unknown> } {
  if (!('complete' in outcome)) throw new Error('expected the approval to complete');
  return outcome.complete as { statusCode: number; body: Record<string, unknown> };
}

function pending(outcome: WaitOutcome): unknown {
  if (!('pending' in outcome)) throw new Error('expected the approval to wait for more answers');
  return JSON.parse(JSON.stringify(outcome.pending)) as unknown;
}

async function failure(run: Promise<unknown> | undefined): Promise<ConnectorError> {
  const error: unknown = await run?.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof ConnectorError)) throw new Error(`expected a ConnectorError, got ${String(error)}`);
  return error;
}

const texts = (card: unknown): unknown[] => walk(card).filter((n) => n.type === 'TextBlock').map((n) => n.text);
const executes = (card: unknown) => walk(card).filter((n) => n.type === 'Action.Execute');

describe('StartAndWaitForAnApproval', () => {
  it('is the one approvals operation', () => {
    expect(approvalsOperations.map((o) => `${o.api}:${o.operationId}:${o.kind}`)).toEqual(['shared_approvals:StartAndWaitForAnApproval:webhook']);
  });

  it("reads the parameters of real exported flows (their expressions evaluated) and the shipped template's 'Custom'", () => {
    const feedback = exportedParameters('sharepoint-collect-feedback--definition.json');
    const evaluated = {
      ...feedback,
      'WebhookApprovalCreationInput/title': 'Feedback Requested for Plan.docx',
      'WebhookApprovalCreationInput/assignedTo': 'ann@contoso.com;',
      'WebhookApprovalCreationInput/details': 'Please look at section 2',
      'WebhookApprovalCreationInput/itemLink': 'https://contoso.sharepoint.com/Plan.docx',
      'WebhookApprovalCreationInput/itemLinkDescription': 'Plan.docx',
      'WebhookApprovalCreationInput/requestor': 'bob@contoso.com;',
    };
    const read = startAndWaitForAnApproval.parameters.parse(unflattenParameters(evaluated));
    expect(read.approvalType).toBe('CustomResponseAwaitAll');
    expect(read.WebhookApprovalCreationInput).toMatchObject({ responseOptions: ['Feedback'], enableNotifications: true, enableReassignment: true });
    const invite = exportedParameters('teams-invites-via-graph-api--definition.json');
    const basic = startAndWaitForAnApproval.parameters.parse(unflattenParameters({ ...invite, 'WebhookApprovalCreationInput/title': 'Join', 'WebhookApprovalCreationInput/assignedTo': 'ann@contoso.com;', 'WebhookApprovalCreationInput/details': 'x' }));
    expect(basic.approvalType).toBe('Basic');
    expect(parameters('Custom', { title: 't', assignedTo: 'ann@contoso.com', responseOptions: ['a'] }).approvalType).toBe('CustomResponse');
    expect(parameters('basicAwaitAll', { title: 't', assignedTo: 'ann@contoso.com' }).approvalType).toBe('BasicAwaitAll');
  });

  it('fails validation naming the parameter: no approvers, no title, custom without options, unknown type', () => {
    const issues = (flat: Record<string, unknown>) => startAndWaitForAnApproval.parameters.safeParse(unflattenParameters(flat)).error?.issues.map((i) => i.path.join('/'));
    expect(issues({ approvalType: 'Basic', 'WebhookApprovalCreationInput/title': 'T' })).toEqual(['WebhookApprovalCreationInput/assignedTo']);
    expect(issues({ approvalType: 'Basic', 'WebhookApprovalCreationInput/title': 'T', 'WebhookApprovalCreationInput/assignedTo': ' ; ' })).toEqual(['WebhookApprovalCreationInput/assignedTo']);
    expect(issues({ approvalType: 'Basic', 'WebhookApprovalCreationInput/assignedTo': 'ann@contoso.com' })).toEqual(['WebhookApprovalCreationInput/title']);
    expect(issues({ approvalType: 'CustomResponse', 'WebhookApprovalCreationInput/title': 'T', 'WebhookApprovalCreationInput/assignedTo': 'ann@contoso.com' })).toEqual(['WebhookApprovalCreationInput/responseOptions']);
    expect(issues({ approvalType: 'Majority', 'WebhookApprovalCreationInput/title': 'T', 'WebhookApprovalCreationInput/assignedTo': 'ann@contoso.com' })).toEqual(['approvalType']);
  });

  it("posts an approval card with Approve, Reject and a comments box into each approver's chat", async () => {
    const teams = new FakeFlowTeams();
    await subscribe(testContext(teams), 'Basic', { title: 'Confirm access for case C-1 *now*', assignedTo: 'ann@contoso.com; bob@contoso.com', details: 'Please **confirm**', requestor: 'eve@contoso.com;', itemLink: 'https://contoso.example/c/1' });
    expect(teams.posts.map((p) => p.recipient)).toEqual([
      { kind: 'user', upnOrId: 'ann@contoso.com' },
      { kind: 'user', upnOrId: 'bob@contoso.com' },
    ]);
    const card = teams.posts[0].message.card;
    expect(executes(card).map((a) => [a.title, a.verb, a.data])).toEqual([
      ['Approve', FLOW_RESPOND_VERB, { waitToken: '5f2c0a9e7b6d4c3a2f1e0d9c8b7a6f5e', response: 'Approve' }],
      ['Reject', FLOW_RESPOND_VERB, { waitToken: '5f2c0a9e7b6d4c3a2f1e0d9c8b7a6f5e', response: 'Reject' }],
    ]);
    expect(walk(card).find((n) => n.type === 'Input.Text')).toMatchObject({ id: 'comments' });
    expect(texts(card)).toEqual(expect.arrayContaining(['Confirm access for case C-1 *now*', 'Please **confirm**']));
    // The notification preview is markdown: the flow's title is escaped there.
    expect(teams.posts[0].message.text).toBe('Approval requested: Confirm access for case C-1 \\*now\\*');
    expect(cardProblems(card)).toEqual([]);
  });

  it("Basic: the first answer completes it with the connector's output, and the other approver's card shows the decision", async () => {
    const teams = new FakeFlowTeams();
    const context = testContext(teams);
    const subscription = await subscribe(context, 'Basic', { title: 'Confirm access', assignedTo: 'ann@contoso.com;bob@contoso.com', details: 'd', itemLink: 'https://contoso.example/c/1', itemLinkDescription: 'Case 1' });
    const outcome = await accept(subscription, answer(bob, 'Approve', ' fine by me '), context);
    expect(completed(outcome)).toEqual({
      statusCode: 200,
      body: {
        name: approvalName('run-1/Ask'),
        title: 'Confirm access',
        details: 'd',
        itemLink: 'https://contoso.example/c/1',
        itemLinkDescription: 'Case 1',
        outcome: 'Approve',
        responses: [
          {
            responder: { id: BOB.objectId, displayName: 'Bob Builder', email: 'bob.builder@contoso.com', userPrincipalName: 'bob@contoso.com' },
            requestDate: NOW.toISOString(),
            responseDate: '2025-03-04T10:00:00.000Z',
            approverResponse: 'Approve',
            comments: 'fine by me',
          },
        ],
        responseSummary: 'Bob Builder: Approve (fine by me)',
        requestDate: NOW.toISOString(),
        completionDate: '2025-03-04T10:00:00.000Z',
      },
    });
    expect(texts(outcome.reply)).toContain('Approved by Bob Builder.');
    expect(executes(outcome.reply)).toEqual([]);
    expect(cardProblems(outcome.reply)).toEqual([]);
    // Ann's card (the first post) no longer asks.
    expect(teams.updates.map((u) => u.message.activityId)).toEqual(['activity-1']);
    expect(texts(teams.updates[0].content.card)).toContain('Approved by Bob Builder.');
    expect(executes(teams.updates[0].content.card)).toEqual([]);
  });

  it('leaves comments out when none were typed, so coalesce() in a flow finds none', async () => {
    const context = testContext(new FakeFlowTeams());
    const subscription = await subscribe(context, 'Basic', { title: 'T', assignedTo: 'ann@contoso.com' });
    const body = completed(await accept(subscription, answer(ann, 'Reject', '  '), context)).body;
    expect(body.outcome).toBe('Reject');
    expect((body.responses as Record<string, unknown>[])[0]).not.toHaveProperty('comments');
  });

  it('BasicAwaitAll with two approvers waits for both and then approves', async () => {
    const teams = new FakeFlowTeams();
    const context = testContext(teams);
    const subscription = await subscribe(context, 'BasicAwaitAll', { title: 'Two keys', assignedTo: 'ann@contoso.com;bob@contoso.com' });
    const first = await accept(subscription, answer(ann, 'Approve', undefined, '2025-03-04T10:00:00.000Z'), context);
    const waiting = pending(first);
    expect(texts(first.reply)).toContain('You responded: Approve. Waiting for 1 more response.');
    expect(executes(first.reply)).toEqual([]);
    expect(teams.updates).toHaveLength(0);
    const second = completed(await accept(waiting, answer(bob, 'Approve', 'ok', '2025-03-04T11:00:00.000Z'), context));
    expect(second.body.outcome).toBe('Approve');
    expect((second.body.responses as { approverResponse: string; responder: { userPrincipalName: string } }[]).map((r) => [r.responder.userPrincipalName, r.approverResponse])).toEqual([
      ['ann@contoso.com', 'Approve'],
      ['bob@contoso.com', 'Approve'],
    ]);
    expect(second.body.completionDate).toBe('2025-03-04T11:00:00.000Z');
    // Ann answered earlier: her card now shows the final decision.
    expect(teams.updates.map((u) => u.message.activityId)).toEqual(['activity-1']);
    expect(texts(teams.updates[0].content.card)).toContain('Approved by everyone.');
  });

  it('BasicAwaitAll ends as Reject at the first Reject, without waiting for the others', async () => {
    const teams = new FakeFlowTeams();
    const context = testContext(teams);
    const subscription = await subscribe(context, 'BasicAwaitAll', { title: 'Two keys', assignedTo: 'ann@contoso.com;bob@contoso.com' });
    const outcome = await accept(subscription, answer(bob, 'Reject', 'no'), context);
    expect(completed(outcome).body.outcome).toBe('Reject');
    expect(texts(outcome.reply)).toContain('Rejected by Bob Builder.');
    expect(texts(teams.updates[0].content.card)).toContain('Rejected by Bob Builder.');
  });

  it('CustomResponseAwaitAll collects everyone; the outcome lists the distinct answers', async () => {
    const context = testContext(new FakeFlowTeams());
    const subscription = await subscribe(context, 'CustomResponseAwaitAll', { title: 'Feedback', assignedTo: 'ann@contoso.com;bob@contoso.com', responseOptions: ['Looks good', 'Needs work'] });
    const waiting = pending(await accept(subscription, answer(ann, 'Needs work'), context));
    const done = completed(await accept(waiting, answer(bob, 'Looks good'), context));
    expect(done.body.outcome).toBe('Needs work, Looks good');
  });

  it("Custom: shows the flow's own options and takes only those", async () => {
    const teams = new FakeFlowTeams();
    const context = testContext(teams);
    const subscription = await subscribe(context, 'Custom', { title: 'HR information', assignedTo: 'ann@contoso.com', responseOptions: ['No concerns', 'Concerns: see comments'] });
    expect(executes(teams.posts[0].message.card).map((a) => a.title)).toEqual(['No concerns', 'Concerns: see comments']);
    const error = await failure(startAndWaitForAnApproval.accept?.(subscription, answer(ann, 'Approve'), context));
    expect(error.statusCode).toBe(400);
    const body = completed(await accept(subscription, answer(ann, 'Concerns: see comments', 'resigned last week'), context)).body;
    expect(body.outcome).toBe('Concerns: see comments');
  });

  it('offers many options as a choice set with one Submit button', async () => {
    const teams = new FakeFlowTeams();
    await subscribe(testContext(teams), 'CustomResponse', { title: 'Pick', assignedTo: 'ann@contoso.com', responseOptions: ['a', 'b', 'c', 'd', 'e', 'f'] });
    const card = teams.posts[0].message.card;
    expect(executes(card).map((a) => a.data)).toEqual([{ waitToken: '5f2c0a9e7b6d4c3a2f1e0d9c8b7a6f5e' }]);
    expect(walk(card).find((n) => n.type === 'Input.ChoiceSet')).toMatchObject({ id: 'response' });
    expect(cardProblems(card)).toEqual([]);
  });

  it('refuses an answer from someone not assigned (403) and a second answer from the same approver (409)', async () => {
    const context = testContext(new FakeFlowTeams());
    const subscription = await subscribe(context, 'BasicAwaitAll', { title: 'Two keys', assignedTo: 'ann@contoso.com;bob@contoso.com' });
    const stranger = await failure(startAndWaitForAnApproval.accept?.(subscription, answer(eve, 'Approve'), context));
    expect(stranger.statusCode).toBe(403);
    expect(stranger.message).toContain('eve@contoso.com');
    const waiting = pending(await accept(subscription, answer(ann, 'Approve'), context));
    const twice = await failure(startAndWaitForAnApproval.accept?.(waiting, answer({ id: ANN.objectId ?? '' }, 'Reject'), context));
    expect(twice.statusCode).toBe(409);
  });

  it('matches an approver named by UPN to an answer that carries only the object id', async () => {
    const context = testContext(new FakeFlowTeams());
    const subscription = await subscribe(context, 'Basic', { title: 'T', assignedTo: 'BOB@contoso.com' });
    const body = completed(await accept(subscription, answer({ id: BOB.objectId ?? '' }, 'Approve'), context)).body;
    expect((body.responses as { responder: { email: string } }[])[0].responder.email).toBe('bob.builder@contoso.com');
  });

  it('marks every card expired when the wait times out', async () => {
    const teams = new FakeFlowTeams();
    const context = testContext(teams);
    const subscription = await subscribe(context, 'BasicAwaitAll', { title: 'Two keys', assignedTo: 'ann@contoso.com;bob@contoso.com' });
    const waiting = pending(await accept(subscription, answer(ann, 'Approve'), context));
    await startAndWaitForAnApproval.unsubscribe?.(waiting, context, 'timeout');
    expect(teams.updates.map((u) => u.message.activityId)).toEqual(['activity-1', 'activity-2']);
    for (const update of teams.updates) {
      expect(texts(update.content.card)).toContain('This approval request expired without a decision.');
      expect(executes(update.content.card)).toEqual([]);
    }
  });

  it('names the same approval on a retried subscribe', () => {
    expect(approvalName('run-1/Ask')).toBe(approvalName('run-1/Ask'));
    expect(approvalName('run-1/Ask')).not.toBe(approvalName('run-2/Ask'));
    expect(approvalName('run-1/Ask')).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
  });

  it('refuses attachments (400)', async () => {
    const error = await failure(startAndWaitForAnApproval.subscribe(parameters('Basic', { title: 'T', assignedTo: 'ann@contoso.com', attachments: [{ name: 'a.txt', content: 'eA==' }] }), testContext(new FakeFlowTeams())));
    expect(error.statusCode).toBe(400);
    expect(error.message).toMatch(/^WebhookApprovalCreationInput\/attachments: /);
  });
});
