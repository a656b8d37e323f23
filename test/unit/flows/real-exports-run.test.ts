import { ConflictError, NotFoundError } from '../../../core/errors';
import type { DirectoryUser } from '../../../core/directory/directory-user';
import { approvalsOperations } from '../../../flows/connectors/approvals';
import { office365Operations } from '../../../flows/connectors/office365';
import { office365UsersOperations } from '../../../flows/connectors/office365users';
import { teamsOperations } from '../../../flows/connectors/teams';
import { ConnectorError, FLOW_RESPOND_VERB, FlowExpressionError, type WaitResponse } from '../../../flows/engine/contracts';
import { parseDefinition, type WorkflowDefinition } from '../../../flows/engine/definition/workflow-definition';
import { evaluateValue } from '../../../flows/engine/expressions';
import { FLOW_ENVIRONMENT_NAME } from '../../../flows/engine/runner/reference-resolver';
import type { FlowStepRecord } from '../../../flows/engine/runner/run-records';
import { ANN, BOB, walk } from './connectors/teams/teams-fakes';
import {
  createPorts,
  createWorld,
  expandedUser,
  fakeSharePoint,
  GetFileItemParameters,
  GetItemsParameters,
  HttpRequestParameters,
  loadSample,
  PostItemParameters,
  T0,
} from './real-exports-harness';

// Real exported flows (pnp/powerautomate-samples) run end to end on our runner: loaded in place
// with loadFlowFile, run over the memory store with virtual time, against our real connectors
// (fake ports) and test-only SharePoint operations. Expected values are worked out by hand from
// each export's expressions.

/** The connection-key header Power Automate sends with "invoker" triggers; the exports' `authentication` reads it (the runner ignores it). */
const APIM_TOKENS = Buffer.from(JSON.stringify({ $ConnectionKey: 'Key test-only' })).toString('base64');

const RITA: DirectoryUser = { upn: 'rita@contoso.com', objectId: '44444444-4444-4444-4444-444444444444', displayName: 'Rita Requestor', mail: 'rita@contoso.com' };
const MEGAN: DirectoryUser = { upn: 'megan@contoso.com', objectId: '55555555-5555-5555-5555-555555555555', displayName: 'Megan Bowen', mail: 'megan.bowen@contoso.com' };
const FLOW_MAILBOX = 'flows@contoso.com';

const statuses = (steps: Map<string, FlowStepRecord>): Record<string, string> => Object.fromEntries([...steps].map(([path, step]) => [path, step.status]));

function answerAs(user: DirectoryUser, data: Record<string, unknown>, at: string): WaitResponse {
  return { responder: { id: user.objectId!, upn: user.upn, name: user.displayName }, data, at };
}

// ─── 1. Try-Catch-Finally ───────────────────────────────────────────────────────────────────

describe('Pattern: Try-Catch-Finally (Try-Catch-Finally--definition.json)', () => {
  const sample = loadSample('Try-Catch-Finally--definition.json');

  /** The export's Try, Catch and Finally are empty scopes; the work a real flow would do goes into Try. */
  function withWorkInTry(): WorkflowDefinition {
    const raw = structuredClone(sample.loaded.definition) as { actions: { Try: { actions: Record<string, unknown> } } };
    raw.actions.Try.actions = {
      Get_items: {
        runAfter: {},
        type: 'OpenApiConnection',
        inputs: {
          host: { apiId: '/providers/Microsoft.PowerApps/apis/shared_sharepointonline', connectionName: 'shared_sharepointonline', operationId: 'GetItems' },
          parameters: { dataset: 'https://contoso.sharepoint.com/sites/Projects', table: 'Risks' },
          authentication: "@parameters('$authentication')",
        },
      },
    };
    return parseDefinition(raw, 'Try-Catch-Finally with a step in Try');
  }

  it('loads as a Power Automate export package', () => {
    expect(sample.loaded.format).toBe('legacy-package');
    expect(sample.loaded.name).toBe('Pattern: Try-Catch-Finally');
    expect(Object.keys(sample.definition.actions)).toEqual(['Try', 'Catch', 'Finally']);
  });

  it('as exported: Try succeeds, Catch is skipped, Finally runs, the run succeeds', async () => {
    const world = createWorld({ operations: [], ports: createPorts([]) });
    const run = await world.start(sample.definition, { triggerName: 'manual', triggerOutputs: { headers: { 'X-MS-APIM-Tokens': APIM_TOKENS }, body: {} } });
    expect(run.status).toBe('Succeeded');
    expect(run.error).toBeUndefined();
    expect(statuses(await world.steps())).toEqual({ Try: 'Succeeded', Catch: 'Skipped', Finally: 'Succeeded' });
  });

  it('a step in Try that keeps failing: retried, Try fails, Catch runs after it, Finally runs, the handled run succeeds', async () => {
    const getItems = fakeSharePoint('GetItems', GetItemsParameters, () => {
      throw new ConnectorError('SharePoint answered 503', 503, { status: 503, message: 'The service is unavailable.' });
    });
    const world = createWorld({ operations: [getItems], ports: createPorts([]) });
    const run = await world.start(withWorkInTry(), { triggerName: 'manual', triggerOutputs: { body: {} } });

    const steps = await world.steps();
    expect(statuses(steps)).toEqual({ Try: 'Failed', 'Try/Get_items': 'Failed', Catch: 'Succeeded', Finally: 'Succeeded' });
    // The default retry policy: the first attempt and 4 retries, all in virtual time.
    expect(getItems.calls).toHaveLength(5);
    expect(getItems.calls.map((c) => c.context.idempotencyKey)).toEqual(Array(5).fill('run-1/Try/Get_items'));
    expect(steps.get('Try/Get_items')).toMatchObject({ attempts: 5, code: 'ServiceUnavailable', outputs: { statusCode: 503, body: { status: 503, message: 'The service is unavailable.' } } });
    expect(steps.get('Try')).toMatchObject({ code: 'ActionFailed', error: { code: 'ActionFailed' } });
    expect(steps.get('Try')?.error?.message).toContain("'Get_items' failed");
    // Catch ran after Try had failed, Finally after Catch.
    const tryEnded = Date.parse(steps.get('Try')!.endedAt!);
    expect(Date.parse(steps.get('Catch')!.startedAt)).toBeGreaterThanOrEqual(tryEnded);
    expect(steps.get('Catch')!.seq).toBeGreaterThan(steps.get('Try/Get_items')!.seq);
    expect(steps.get('Finally')!.seq).toBeGreaterThan(steps.get('Catch')!.seq);
    // Catch handled the failure, so no branch of the run ends failed.
    expect(run.status).toBe('Succeeded');
  });

  it('the same step succeeding: Catch is skipped and Finally still runs', async () => {
    const getItems = fakeSharePoint('GetItems', GetItemsParameters, () => ({ statusCode: 200, body: { value: [] } }));
    const world = createWorld({ operations: [getItems], ports: createPorts([]) });
    const run = await world.start(withWorkInTry(), { triggerName: 'manual', triggerOutputs: { body: {} } });
    expect(run.status).toBe('Succeeded');
    expect(statuses(await world.steps())).toEqual({ Try: 'Succeeded', 'Try/Get_items': 'Succeeded', Catch: 'Skipped', Finally: 'Succeeded' });
    expect(getItems.calls.map((c) => c.parameters)).toEqual([{ dataset: 'https://contoso.sharepoint.com/sites/Projects', table: 'Risks' }]);
  });
});

// ─── 2. Exception handling in a Do until loop ───────────────────────────────────────────────

describe("Pattern: Exception handing in 'Do until'-loop (exception-handing-in-do-until-loop--definition.json)", () => {
  const sample = loadSample('exception-handing-in-do-until-loop--definition.json');
  const STATUS = 'Do Until Status';
  const CHECK = "Check_'Do_Until_status'_and_terminate_with_correct_status";
  const SET_COMPLETE = "Scope/Set_'Do_Until_Status'_to_Complete_if_work_is_done/Set_'Do_Until_Status'_to_Complete";
  const ON_FAILURE = "On_failure_set_'Do_Until_Status'_to_Exception";

  /**
   * The loop's "work" is `div(5, rand(0, 5))`: rand draws an integer in [0, 5) from the runner's
   * random source, so each draw below picks one: 0.2 → 1 (5/1 = 5), 0.4 → 2 (5/2 = 2),
   * 0.6 → 3 (5/3 = 1, "done"), 0.0 → 0 (division by zero: the work fails).
   */
  function scripted(draws: readonly number[]): { random: () => number; used: () => number } {
    let next = 0;
    return {
      random: () => {
        if (next >= draws.length) throw new Error(`the run drew more random numbers than the ${draws.length} scripted`);
        return draws[next++];
      },
      used: () => next,
    };
  }

  async function run(draws: readonly number[]) {
    const random = scripted(draws);
    const world = createWorld({ operations: [], ports: createPorts([]), random: random.random });
    const record = await world.start(sample.definition, { triggerName: 'manual', triggerOutputs: { body: {} } });
    return { record, steps: await world.steps(), draws: random.used() };
  }

  const variableAfter = (step: FlowStepRecord | undefined): unknown => Object.values(step?.variables ?? {}).find((v) => v.name === STATUS)?.value;

  it('iterates until the work is done, then terminates Succeeded', async () => {
    const { record, steps, draws } = await run([0.2, 0.4, 0.6]);
    expect(draws).toBe(3);
    expect([0, 1, 2].map((i) => steps.get(`Do_until[${i}]/Scope/Actual_work`)?.outputs)).toEqual([5, 2, 1]);
    expect(steps.get('Do_until[3]/Scope/Actual_work')).toBeUndefined();
    // The condition inside the loop: only the third result equals 1.
    expect([0, 1, 2].map((i) => steps.get(`Do_until[${i}]/Scope/Set_'Do_Until_Status'_to_Complete_if_work_is_done`)?.outputs)).toEqual([
      { expression: false },
      { expression: false },
      { expression: true },
    ]);
    expect(steps.get(`Do_until[2]/${SET_COMPLETE}`)?.status).toBe('Succeeded');
    expect(variableAfter(steps.get(`Do_until[2]/${SET_COMPLETE}`))).toBe('complete');
    expect([0, 1, 2].map((i) => steps.get(`Do_until[${i}]/${ON_FAILURE}`)?.status)).toEqual(['Skipped', 'Skipped', 'Skipped']);
    expect(steps.get("Initialize_variable_'Do_Until_Status'")?.status).toBe('Succeeded');
    expect(variableAfter(steps.get("Initialize_variable_'Do_Until_Status'"))).toBe('processing');
    expect(steps.get('Do_until')).toMatchObject({ status: 'Succeeded', decision: { conditions: [false, false, true], stop: 'condition' } });
    expect(steps.get(CHECK)?.decision).toEqual({ branch: 'actions' });
    expect(steps.get(`${CHECK}/Terminate_with_Succeeded`)).toMatchObject({ status: 'Succeeded', inputs: { runStatus: 'Succeeded' } });
    expect(steps.get(`${CHECK}/Terminate_with_Failed`)).toBeUndefined();
    expect(record.status).toBe('Succeeded');
  });

  it('a failing piece of work is caught inside the loop: status "exception", the loop stops, the run terminates Failed', async () => {
    const { record, steps, draws } = await run([0.2, 0.0]);
    expect(draws).toBe(2);
    expect(steps.get('Do_until[0]/Scope/Actual_work')?.outputs).toBe(5);
    expect(steps.get('Do_until[1]/Scope/Actual_work')).toMatchObject({ status: 'Failed', code: 'InvalidTemplate' });
    expect(steps.get('Do_until[1]/Scope/Actual_work')?.error?.message).toMatch(/divide by zero/);
    expect(steps.get("Do_until[1]/Scope/Set_'Do_Until_Status'_to_Complete_if_work_is_done")?.status).toBe('Skipped');
    expect(steps.get('Do_until[1]/Scope')?.status).toBe('Failed');
    expect(steps.get(`Do_until[0]/${ON_FAILURE}`)?.status).toBe('Skipped');
    expect(steps.get(`Do_until[1]/${ON_FAILURE}`)?.status).toBe('Succeeded');
    expect(variableAfter(steps.get(`Do_until[1]/${ON_FAILURE}`))).toBe('exception');
    // The handled failure does not fail the loop; the status variable ends it.
    expect(steps.get('Do_until')).toMatchObject({ status: 'Succeeded', decision: { conditions: [false, true], stop: 'condition' } });
    expect(steps.get(CHECK)?.decision).toEqual({ branch: 'else' });
    expect(steps.get(`${CHECK}/Terminate_with_Failed`)).toMatchObject({ status: 'Succeeded', inputs: { runStatus: 'Failed' } });
    expect(steps.get(`${CHECK}/Terminate_with_Succeeded`)).toBeUndefined();
    expect(record).toMatchObject({ status: 'Failed', error: { code: 'Terminated' } });
  });

  it('work that never finishes stops at limit.count (5 iterations) and terminates Failed', async () => {
    const { record, steps, draws } = await run([0.2, 0.2, 0.2, 0.2, 0.2]);
    expect(draws).toBe(5);
    expect([0, 1, 2, 3, 4].map((i) => steps.get(`Do_until[${i}]/Scope/Actual_work`)?.outputs)).toEqual([5, 5, 5, 5, 5]);
    expect(steps.get('Do_until[5]/Scope/Actual_work')).toBeUndefined();
    expect(steps.get('Do_until')).toMatchObject({ status: 'Succeeded', decision: { conditions: [false, false, false, false, false], stop: 'count' } });
    expect(steps.get(`${CHECK}/Terminate_with_Failed`)?.status).toBe('Succeeded');
    expect(record).toMatchObject({ status: 'Failed', error: { code: 'Terminated' } });
  });
});

// ─── 3. Collect feedback on a selected file (approvals + Outlook) ──────────────────────────

describe('Collect Feedback (sharepoint-collect-feedback--definition.json)', () => {
  const sample = loadSample('sharepoint-collect-feedback--definition.json');
  const SITE = 'https://axecapitalcorp.sharepoint.com/sites/Training';
  const FEEDBACK_LIST = '0703c4a2-c367-4ee5-a75c-2110aea8862c';
  const FILE_LINK = `${SITE}/Shared%20Documents/Onboarding/Q3-onboarding.pptx`;
  const ASKED = 'Please review the Q3 onboarding deck before Friday.';

  /**
   * "For a selected file" (hybrid ApiConnection trigger): the body holds the selected rows and the
   * trigger's `splitOn` (`@triggerBody()['rows']`) starts one run per row, whose trigger body is
   * that row. The user's e-mail header is given as a plain address because the export uses it
   * as it is (as the approval's requestor and the mail's To).
   */
  function triggerFor(assignedTo: string): { headers: Record<string, string>; body: unknown } {
    const selection = { rows: [{ email: assignedTo, text: ASKED, entity: { ID: 7 } }] };
    const splitOn = (sample.loaded.definition.triggers as Record<string, { splitOn?: unknown }>).manual.splitOn;
    const rows = evaluateValue(splitOn, {
      references: {
        resolve: (name) => {
          if (name === 'triggerbody') return selection;
          throw new FlowExpressionError(`${name}() is not expected in splitOn`);
        },
      },
      now: () => new Date(T0),
      random: () => 0.5,
      newGuid: () => '00000000-0000-0000-0000-000000000000',
    });
    expect(rows).toEqual(selection.rows);
    return {
      headers: {
        'x-ms-user-email-encoded': RITA.upn,
        'x-ms-user-name-encoded': RITA.displayName,
        'x-ms-user-timestamp': new Date(T0).toISOString(),
        'X-MS-APIM-Tokens': APIM_TOKENS,
      },
      body: (rows as unknown[])[0],
    };
  }

  function sharePointFakes() {
    const getFileItem = fakeSharePoint('GetFileItem', GetFileItemParameters, (p) => ({
      statusCode: 200,
      headers: { 'content-type': 'application/json' },
      body: {
        '@odata.etag': '"4"',
        ItemInternalId: String(p.id),
        ID: p.id,
        Title: 'Q3 onboarding deck',
        Created: '2026-02-20T14:02:11Z',
        Modified: '2026-02-27T09:41:30Z',
        Author: expandedUser({ displayName: RITA.displayName, email: RITA.mail! }),
        Editor: expandedUser({ displayName: RITA.displayName, email: RITA.mail! }),
        '{Identifier}': 'Shared%2bDocuments%252fOnboarding%252fQ3-onboarding.pptx',
        '{IsFolder}': false,
        '{Link}': FILE_LINK,
        '{Name}': 'Q3-onboarding',
        '{FilenameWithExtension}': 'Q3-onboarding.pptx',
        '{Path}': 'Shared Documents/Onboarding/',
        '{FullPath}': 'Shared Documents/Onboarding/Q3-onboarding.pptx',
        '{HasAttachments}': false,
        '{VersionNumber}': '4.0',
      },
    }));
    const postItem = fakeSharePoint('PostItem', PostItemParameters, (p, call) => ({
      statusCode: 201,
      headers: { 'content-type': 'application/json' },
      body: {
        '@odata.etag': '"1"',
        ItemInternalId: String(40 + call),
        ID: 40 + call,
        ...p.item,
        Created: new Date(T0).toISOString(),
        '{Link}': `${SITE}/Lists/Feedback/DispForm.aspx?ID=${40 + call}`,
      },
    }));
    return { getFileItem, postItem };
  }

  function setUp() {
    const ports = createPorts([ANN, BOB, RITA]);
    const fakes = sharePointFakes();
    const operations = [...approvalsOperations, ...office365Operations, fakes.getFileItem, fakes.postItem];
    const world = createWorld({ operations, ports, context: { mailbox: FLOW_MAILBOX } });
    return { ports, ...fakes, operations, world };
  }

  /** The Action.Execute actions of a posted card. */
  const executeActions = (card: unknown): Record<string, unknown>[] => walk(card).filter((o) => o.type === 'Action.Execute');
  const texts = (card: unknown): string[] => walk(card).flatMap((o) => (o.type === 'TextBlock' && typeof o.text === 'string' ? [o.text] : []));

  const mailBody = (who: string, comments: string): string =>
    `<p>${who} has provided feedback for your item - Q3 onboarding deck. &nbsp;Please see feedback below:<br>\n<br>\n${comments}<br>\n<br>\n` +
    `Link to File: <a href="${FILE_LINK}">${FILE_LINK}</a><br>\n<br>\n` +
    `See all feedback <a href="${SITE}/Lists/Feedback/AllItems.aspx?FilterField1=ItemID&amp;FilterValue1=7">here</a>`;

  it('loads with its three connection references', () => {
    expect(sample.loaded.format).toBe('legacy-package');
    expect(sample.loaded.name).toBe('Collect Feedback');
    expect(Object.values(sample.loaded.connectionReferences).map((r) => r.api).sort()).toEqual(['shared_approvals', 'shared_office365', 'shared_sharepointonline']);
  });

  it('asks for feedback on a card, waits, and on the answer records it in the list and mails the requestor', async () => {
    const { ports, getFileItem, postItem, world } = setUp();
    const waiting = await world.start(sample.definition, { triggerName: 'manual', triggerOutputs: triggerFor(ANN.upn) });

    // Waiting on the approval, with the card in the assignee's chat.
    expect(waiting.status).toBe('Waiting');
    expect(waiting.waitingOn?.path).toBe('Start_and_Wait_for_Feedback');
    expect(getFileItem.calls.map((c) => c.parameters)).toEqual([{ dataset: SITE, table: '61825a26-82cc-4904-ae53-322fe684635b', id: 7 }]);
    expect(ports.teams.posts).toHaveLength(1);
    const post = ports.teams.posts[0];
    expect(post.recipient).toEqual({ kind: 'user', upnOrId: ANN.upn });
    expect(post.message.text).toBe('Approval requested: Feedback Requested for Q3 onboarding deck');
    const card = post.message.card;
    expect(texts(card)).toEqual(expect.arrayContaining(['Feedback Requested for Q3 onboarding deck', ASKED]));
    const buttons = executeActions(card);
    expect(buttons).toHaveLength(1);
    expect(buttons[0]).toMatchObject({ title: 'Feedback', verb: FLOW_RESPOND_VERB, data: { response: 'Feedback' } });
    const token = (buttons[0].data as { waitToken: string }).waitToken;
    expect(token).toBe(waiting.waitingOn?.waitToken);
    expect(walk(card).find((o) => o.type === 'Action.OpenUrl')).toMatchObject({ url: FILE_LINK });
    const asked = (await world.steps()).get('Start_and_Wait_for_Feedback');
    expect(asked?.status).toBe('Waiting');
    expect((asked?.inputs as { parameters: Record<string, unknown> }).parameters).toEqual({
      approvalType: 'CustomResponseAwaitAll',
      'WebhookApprovalCreationInput/responseOptions': ['Feedback'],
      'WebhookApprovalCreationInput/title': 'Feedback Requested for Q3 onboarding deck',
      'WebhookApprovalCreationInput/assignedTo': 'ann@contoso.com;',
      'WebhookApprovalCreationInput/details': ASKED,
      'WebhookApprovalCreationInput/itemLink': FILE_LINK,
      'WebhookApprovalCreationInput/itemLinkDescription': 'Q3 onboarding deck',
      'WebhookApprovalCreationInput/requestor': 'rita@contoso.com;',
      'WebhookApprovalCreationInput/enableNotifications': true,
      'WebhookApprovalCreationInput/enableReassignment': true,
    });
    expect(postItem.calls).toHaveLength(0);
    expect(ports.mailer.sent).toHaveLength(0);

    // Ann answers on the card (the bot hands the card's data without the token).
    const delivered = await world.settle(world.runner.deliverWaitResponse(token, answerAs(ANN, { response: 'Feedback', comments: 'Slide 4 needs the new org chart.' }, '2026-03-02T11:15:00.000Z')));
    expect(delivered.run.status).toBe('Succeeded');
    expect(texts(delivered.reply)).toContain('Everyone responded: Feedback.');
    expect(executeActions(delivered.reply)).toEqual([]);

    const steps = await world.steps();
    expect(statuses(steps)).toEqual({
      Get_file_properties: 'Succeeded',
      Start_and_Wait_for_Feedback: 'Succeeded',
      Get_Feedback: 'Succeeded',
      'Get_Feedback[0]/Add_Feedback_to_List': 'Succeeded',
      'Get_Feedback[0]/Email_Feedback_to_Requestor': 'Succeeded',
    });
    expect(steps.get('Start_and_Wait_for_Feedback')?.outputs).toMatchObject({
      statusCode: 200,
      body: {
        title: 'Feedback Requested for Q3 onboarding deck',
        outcome: 'Feedback',
        responses: [{ responder: { id: ANN.objectId, displayName: 'Ann Approver', email: 'ann@contoso.com', userPrincipalName: 'ann@contoso.com' }, approverResponse: 'Feedback', comments: 'Slide 4 needs the new org chart.', responseDate: '2026-03-02T11:15:00.000Z' }],
      },
    });
    expect(postItem.calls.map((c) => c.parameters)).toEqual([{ dataset: SITE, table: FEEDBACK_LIST, item: { Title: 'Ann Approver', Comments: 'Slide 4 needs the new org chart.', ItemID: { Id: 7 } } }]);
    expect(postItem.calls[0].context.idempotencyKey).toBe('run-1/Get_Feedback[0]/Add_Feedback_to_List');
    expect(ports.mailer.sent).toEqual([
      { fromMailbox: FLOW_MAILBOX, to: [RITA.upn], cc: [], bcc: [], subject: 'Feedback Provided for Q3 onboarding deck', body: mailBody('Ann Approver', 'Slide 4 needs the new org chart.'), contentType: 'HTML' },
    ]);
    // The step is over: the same card cannot answer again.
    await expect(world.runner.deliverWaitResponse(token, answerAs(ANN, { response: 'Feedback' }, '2026-03-02T11:16:00.000Z'))).rejects.toBeInstanceOf(ConflictError);
  });

  it('with two assignees waits for both, then records and mails each response in the order given', async () => {
    const { ports, postItem, world } = setUp();
    const waiting = await world.start(sample.definition, { triggerName: 'manual', triggerOutputs: triggerFor(`${ANN.upn};${BOB.upn}`) });
    expect(ports.teams.posts.map((p) => p.recipient)).toEqual([
      { kind: 'user', upnOrId: ANN.upn },
      { kind: 'user', upnOrId: BOB.upn },
    ]);
    const token = waiting.waitingOn!.waitToken!;
    expect(ports.teams.posts.map((p) => (executeActions(p.message.card)[0]?.data as { waitToken?: string } | undefined)?.waitToken)).toEqual([token, token]);

    const first = await world.settle(world.runner.deliverWaitResponse(token, answerAs(BOB, { response: 'Feedback', comments: 'Looks good to me.' }, '2026-03-02T10:05:00.000Z')));
    expect(first.run.status).toBe('Waiting');
    expect(texts(first.reply)).toContain('You responded: Feedback. Waiting for 1 more response.');
    expect(postItem.calls).toHaveLength(0);

    const second = await world.settle(world.runner.deliverWaitResponse(token, answerAs(ANN, { response: 'Feedback', comments: 'Slide 4 needs the new org chart.' }, '2026-03-02T10:20:00.000Z')));
    expect(second.run.status).toBe('Succeeded');
    // Bob's card now shows the outcome too.
    expect(ports.teams.updates.map((u) => u.message.activityId)).toEqual([ports.teams.posts[1].posted.activityId]);
    expect(texts(ports.teams.updates[0].content.card)).toContain('Everyone responded: Feedback.');

    expect(postItem.calls.map((c) => c.parameters)).toEqual([
      { dataset: SITE, table: FEEDBACK_LIST, item: { Title: 'Bob Builder', Comments: 'Looks good to me.', ItemID: { Id: 7 } } },
      { dataset: SITE, table: FEEDBACK_LIST, item: { Title: 'Ann Approver', Comments: 'Slide 4 needs the new org chart.', ItemID: { Id: 7 } } },
    ]);
    expect(ports.mailer.sent.map((m) => [m.to, m.subject, m.body])).toEqual([
      [[RITA.upn], 'Feedback Provided for Q3 onboarding deck', mailBody('Bob Builder', 'Looks good to me.')],
      [[RITA.upn], 'Feedback Provided for Q3 onboarding deck', mailBody('Ann Approver', 'Slide 4 needs the new org chart.')],
    ]);
    expect(statuses(await world.steps())).toMatchObject({ 'Get_Feedback[1]/Add_Feedback_to_List': 'Succeeded', 'Get_Feedback[1]/Email_Feedback_to_Requestor': 'Succeeded' });
  });

  it('survives a restart between posting the card and the answer: a new runner over the same store finishes the run without repeating a step', async () => {
    const { ports, getFileItem, postItem, world } = setUp();
    const waiting = await world.start(sample.definition, { triggerName: 'manual', triggerOutputs: triggerFor(ANN.upn) });
    const token = (executeActions(ports.teams.posts[0].message.card)[0].data as { waitToken: string }).waitToken;
    expect(waiting.status).toBe('Waiting');

    // The process restarts: new runner, new registry, new SharePoint operation objects.
    const after = sharePointFakes();
    const restarted = world.restart([...approvalsOperations, ...office365Operations, after.getFileItem, after.postItem]);
    expect((await restarted.runner.getRun('run-1'))?.status).toBe('Waiting');

    const delivered = await restarted.settle(restarted.runner.deliverWaitResponse(token, answerAs(ANN, { response: 'Feedback', comments: 'Slide 4 needs the new org chart.' }, '2026-03-02T11:15:00.000Z')));
    expect(delivered.run.status).toBe('Succeeded');
    // Nothing before the wait ran again: one file lookup (before the restart), one card.
    expect(getFileItem.calls).toHaveLength(1);
    expect(after.getFileItem.calls).toHaveLength(0);
    expect(ports.teams.posts).toHaveLength(1);
    // After it, the new runner did the work, with the file's properties stored before the restart.
    expect(postItem.calls).toHaveLength(0);
    expect(after.postItem.calls.map((c) => c.parameters)).toEqual([{ dataset: SITE, table: FEEDBACK_LIST, item: { Title: 'Ann Approver', Comments: 'Slide 4 needs the new org chart.', ItemID: { Id: 7 } } }]);
    expect(ports.mailer.sent.map((m) => [m.to, m.subject, m.body])).toEqual([[[RITA.upn], 'Feedback Provided for Q3 onboarding deck', mailBody('Ann Approver', 'Slide 4 needs the new org chart.')]]);
    expect((await restarted.runner.getRun('run-1'))?.status).toBe('Succeeded');
    // The old runner sees the same finished run.
    expect((await world.runner.getRun('run-1'))?.status).toBe('Succeeded');
  });

  it('refuses an answer from someone who was not asked, and keeps waiting', async () => {
    const { ports, postItem, world } = setUp();
    const waiting = await world.start(sample.definition, { triggerName: 'manual', triggerOutputs: triggerFor(ANN.upn) });
    const token = waiting.waitingOn!.waitToken!;
    const refused = await world.settle(world.runner.deliverWaitResponse(token, answerAs(BOB, { response: 'Feedback' }, '2026-03-02T10:00:00.000Z'))).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(ConnectorError);
    expect((refused as ConnectorError).statusCode).toBe(403);
    expect((await world.runner.getRun('run-1'))?.status).toBe('Waiting');
    expect(postItem.calls).toHaveLength(0);
    expect(ports.mailer.sent).toHaveLength(0);
  });
});

// ─── 4. Hide a list from site contents (try/catch with Terminate) ──────────────────────────

describe('Hide a SharePoint list from site contents (sharepoint-hide-list-site-contents--definition.json)', () => {
  const sample = loadSample('sharepoint-hide-list-site-contents--definition.json');
  const SITE = 'https://contoso.sharepoint.com/sites/Projects';
  const LIST_ID = '8e0a6a2f-3c5b-4a8e-9d55-2b7d1f0c4e61';
  const API = `${SITE}/_api/Web/Lists(guid'${LIST_ID}')/RootFolder`;
  const LINK = `<a href='https://contoso.sharepoint.com/sites/Projects/Lists/Risks'>\nhttps://contoso.sharepoint.com/sites/Projects/Lists/Risks</a>`;

  /** SharePoint's verbose-OData answer for `…/getbytitle('Risks')/RootFolder`. */
  const rootFolder = {
    d: {
      __metadata: { id: API, uri: API, type: 'SP.Folder' },
      Files: { __deferred: { uri: `${API}/Files` } },
      ListItemAllFields: { __deferred: { uri: `${API}/ListItemAllFields` } },
      ParentFolder: { __deferred: { uri: `${API}/ParentFolder` } },
      Properties: { __deferred: { uri: `${API}/Properties` } },
      StorageMetrics: { __deferred: { uri: `${API}/StorageMetrics` } },
      Folders: { __deferred: { uri: `${API}/Folders` } },
      Exists: true,
      IsWOPIEnabled: false,
      ItemCount: 12,
      Name: 'Risks',
      ProgID: null,
      ServerRelativeUrl: '/sites/Projects/Lists/Risks',
      TimeCreated: '2025-11-03T08:12:45Z',
      TimeLastModified: '2026-02-27T16:40:02Z',
      UniqueId: '0b7f1c52-6a3e-4c1e-8f0e-5d2a9b7c3e14',
      WelcomePage: '',
    },
  };

  function setUp(hideAnswer: () => { statusCode: number; body?: unknown }) {
    const ports = createPorts([MEGAN]);
    const http = fakeSharePoint('HttpRequest', HttpRequestParameters, (p) => {
      if (p.parameters.method === 'POST') return hideAnswer();
      return { statusCode: 200, headers: { 'content-type': 'application/json;odata=verbose;charset=utf-8' }, body: rootFolder };
    });
    const world = createWorld({
      operations: [...office365UsersOperations, ...office365Operations, http],
      ports,
      context: { mailbox: FLOW_MAILBOX, runAs: { upn: MEGAN.upn } },
    });
    const start = (hidden: boolean) =>
      world.start(sample.definition, {
        triggerName: 'manual',
        triggerOutputs: { headers: { 'X-MS-APIM-Tokens': APIM_TOKENS }, body: { text: SITE, text_1: 'Risks', boolean: hidden } },
      });
    return { ports, http, world, start };
  }

  it('hides the list and mails "success" with the list link to the running user', async () => {
    const { ports, http, world, start } = setUp(() => ({ statusCode: 204 }));
    const run = await start(true);
    expect(run.status).toBe('Succeeded');

    expect(http.calls.map((c) => c.parameters)).toEqual([
      { dataset: SITE, parameters: { method: 'POST', uri: "_api/web/lists/getbytitle('Risks')", headers: { 'X-HTTP-Method': 'MERGE', 'If-Match': '*' }, body: "{ 'Hidden':true}" } },
      { dataset: SITE, parameters: { method: 'GET', uri: "_api/web/lists/getbytitle('Risks')/RootFolder" } },
    ]);
    const steps = await world.steps();
    expect(steps.get('Compose-FlowRegion')?.outputs).toBe('https://emea.flow.microsoft.com');
    expect(steps.get('Compose-BooleanToLower')?.outputs).toBe('true');
    expect(steps.get('Get_my_profile_(V2)')?.outputs).toMatchObject({ statusCode: 200, body: { id: MEGAN.objectId, userPrincipalName: MEGAN.upn, displayName: 'Megan Bowen', mail: MEGAN.mail } });
    expect(steps.get('Scope_-_Try/Parse_JSON')?.outputs).toMatchObject({ body: rootFolder });
    expect(steps.get('Scope_-_Try/Compose-TenantPrefix')?.outputs).toBe('https://contoso');
    expect(steps.get('Scope_-_Try/Compose-ListLink')?.outputs).toBe(LINK);
    expect(ports.mailer.sent).toEqual([
      {
        fromMailbox: FLOW_MAILBOX,
        to: [MEGAN.mail],
        cc: [],
        bcc: [],
        subject: 'List Risks was hidden sucessfully',
        body: `<p>The list the list Risks in the site ${SITE} was hidden successfuly.</p>\n<p>Link to the list: ${LINK}</p>`,
        contentType: 'HTML',
      },
    ]);
    expect(statuses(steps)).toMatchObject({ 'Scope_-_Try': 'Succeeded', 'Scope_-_Catch': 'Skipped' });
    expect(steps.has('Scope_-_Catch/Terminate')).toBe(false);
  });

  it('when SharePoint refuses, the Catch scope mails the failure with the run link and Terminate fails the run', async () => {
    const refusal = { error: { code: '-1, System.ArgumentException', message: { lang: 'en-US', value: `List 'Risks' does not exist at site with URL '${SITE}'.` } } };
    const { ports, http, world, start } = setUp(() => {
      throw new ConnectorError(refusal.error.message.value, 404, refusal);
    });
    const run = await start(false);

    expect(http.calls.map((c) => c.parameters)).toEqual([
      { dataset: SITE, parameters: { method: 'POST', uri: "_api/web/lists/getbytitle('Risks')", headers: { 'X-HTTP-Method': 'MERGE', 'If-Match': '*' }, body: "{ 'Hidden':false}" } },
    ]);
    const steps = await world.steps();
    expect(steps.get('Scope_-_Try/Send_an_HTTP_request_to_SharePoint_-_Hide_List')).toMatchObject({ status: 'Failed', code: 'NotFound', attempts: 1, outputs: { statusCode: 404, body: refusal } });
    expect(statuses(steps)).toMatchObject({
      'Scope_-_Try': 'Failed',
      'Scope_-_Try/Send_an_HTTP_request_to_SharePoint_-_Get_List_Path': 'Skipped',
      'Scope_-_Try/Send_an_email_(V2)_-_Success': 'Skipped',
      'Scope_-_Catch/Compose-FlowRunUrl': 'Succeeded',
      'Scope_-_Catch/Send_an_email_(V2)_-_Failure': 'Succeeded',
      'Scope_-_Catch/Terminate': 'Succeeded',
    });
    const runUrl = `https://emea.flow.microsoft.com/manage/environments/${FLOW_ENVIRONMENT_NAME}/flows/flow-1/runs/run-1`;
    expect(steps.get('Scope_-_Catch/Compose-FlowRunUrl')?.outputs).toBe(runUrl);
    expect(ports.mailer.sent).toEqual([
      {
        fromMailbox: FLOW_MAILBOX,
        to: [MEGAN.mail],
        cc: [],
        bcc: [],
        // The export's subject ends in a space; the connector trims it.
        subject: 'Error Hiding List Risks',
        body: `<p>Error happened when trying to hide the list Risks on the site ${SITE}<br>\n<br>\n<a href='${runUrl}'> Click here to check the error details. </a></p>`,
        contentType: 'HTML',
      },
    ]);
    expect(run).toMatchObject({ status: 'Failed', error: { code: 'Terminated' } });
  });

  it('without an owner to run as, "Get my profile" fails; Catch runs after the skipped Try but has no address to mail the failure to', async () => {
    const ports = createPorts([MEGAN]);
    const http = fakeSharePoint('HttpRequest', HttpRequestParameters, () => ({ statusCode: 204 }));
    const world = createWorld({ operations: [...office365UsersOperations, ...office365Operations, http], ports, context: { mailbox: FLOW_MAILBOX } });
    const run = await world.start(sample.definition, { triggerName: 'manual', triggerOutputs: { body: { text: SITE, text_1: 'Risks', boolean: true } } });
    const steps = await world.steps();
    expect(steps.get('Get_my_profile_(V2)')).toMatchObject({ status: 'Failed', code: 'BadRequest' });
    // Catch runs after Try ends Skipped too (its runAfter lists Skipped, Failed and TimedOut).
    expect(statuses(steps)).toMatchObject({
      'Scope_-_Try': 'Skipped',
      'Scope_-_Catch': 'Failed',
      'Scope_-_Catch/Compose-FlowRunUrl': 'Succeeded',
      'Scope_-_Catch/Send_an_email_(V2)_-_Failure': 'Failed',
      'Scope_-_Catch/Terminate': 'Skipped',
    });
    // `outputs('Get_my_profile_(V2)')?['body/mail']` is null: the mail step's parameters are refused before anything is sent.
    expect(steps.get('Scope_-_Catch/Send_an_email_(V2)_-_Failure')?.code).toBe('InvalidParameters');
    expect(steps.get('Scope_-_Catch/Send_an_email_(V2)_-_Failure')?.error?.message).toContain('emailMessage/To');
    expect(http.calls).toHaveLength(0);
    expect(ports.mailer.sent).toHaveLength(0);
    expect(run).toMatchObject({ status: 'Failed', error: { code: 'ActionFailed' } });
  });
});

// ─── 5. Teams adaptive card reminders from a list ──────────────────────────────────────────

describe('Teams adaptive card reminders from lists (teams-adaptive-card-reminders-from-lists--definition.json)', () => {
  const sample = loadSample('teams-adaptive-card-reminders-from-lists--definition.json');
  const SITE = 'https://normyoung.sharepoint.com/sites/TeamSite-Demo';
  const TRIGGER = 'Recurrence_-_Daily_(10AM)';
  const LOOP = 'Apply_to_each_-_Reminders';
  const POST = 'Post_adaptive_card_in_a_chat_or_channel_-_Reminders';
  /** The recurrence fires daily at 10:00 UTC; this run is Monday's. */
  const TEN_AM = Date.parse('2026-03-02T10:00:00.000Z');

  const reminder = (id: number, title: string, owner: DirectoryUser): Record<string, unknown> => ({
    '@odata.etag': '"2"',
    ItemInternalId: String(id),
    ID: id,
    Title: title,
    DueDate: '2026-03-09',
    Owner: expandedUser({ displayName: owner.displayName, email: owner.mail! }),
    'Owner#Claims': `i:0#.f|membership|${owner.mail!}`,
    Modified: '2026-02-25T12:00:00Z',
    Created: '2026-02-01T12:00:00Z',
    '{Identifier}': `Lists%252fReminders%252f${id}_.000`,
    '{IsFolder}': false,
    '{Link}': `${SITE}/Lists/Reminders/DispForm.aspx?ID=${id}`,
    '{Name}': title,
    '{FilenameWithExtension}': title,
    '{Path}': 'Lists/Reminders/',
    '{FullPath}': `Lists/Reminders/${id}_.000`,
    '{HasAttachments}': false,
    '{VersionNumber}': '2.0',
  });

  /** The export's card with one item's values put in, as the flow's `@{…}` interpolations produce it. */
  const expectedCard = (title: string, id: number) => ({
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    type: 'AdaptiveCard',
    version: '1.3',
    body: [
      {
        speak: `Reminder ${title} due on 2026-03-09`,
        type: 'ColumnSet',
        columns: [
          {
            type: 'Column',
            width: 2,
            items: [
              { type: 'TextBlock', text: title, weight: 'Bolder', size: 'ExtraLarge', spacing: 'None', wrap: true },
              { type: 'TextBlock', size: 'Default', wrap: true, maxLines: 3, text: 'Reminder item due date on 2026-03-09.', weight: 'Bolder', color: 'Warning' },
            ],
          },
        ],
      },
    ],
    actions: [{ type: 'Action.OpenUrl', title: 'More Info', url: `${SITE}/Lists/Reminders/DispForm.aspx?ID=${id}` }],
  });

  function setUp() {
    const ports = createPorts([ANN, BOB]);
    const getItems = fakeSharePoint('GetItems', GetItemsParameters, () => ({
      statusCode: 200,
      headers: { 'content-type': 'application/json' },
      body: { value: [reminder(3, 'Renew the vendor risk assessment', BOB), reminder(5, "Submit Q1 access review (Finance's leavers)", ANN)] },
    }));
    const world = createWorld({ operations: [...teamsOperations, getItems], ports, start: TEN_AM });
    return { ports, getItems, world };
  }

  it('loads the Recurrence trigger', () => {
    expect(sample.loaded.format).toBe('legacy-package');
    expect(sample.definition.triggers[TRIGGER]).toMatchObject({ type: 'Recurrence', recurrence: { frequency: 'Day', interval: 1 } });
  });

  it('queries the items due in 7 days and posts one card per item, to its owner, with the item values expanded', async () => {
    const { ports, getItems, world } = setUp();
    const run = await world.start(sample.definition, { triggerName: TRIGGER, triggerOutputs: { headers: {}, body: null } });
    expect(run.status).toBe('Succeeded');

    const steps = await world.steps();
    expect(steps.get('Initialize_variable_-_varReminderDate')?.variables).toEqual({ varReminderDate: { name: 'varReminderDate', type: 'String', value: '2026-03-09' } });
    expect(getItems.calls.map((c) => c.parameters)).toEqual([{ dataset: SITE, table: '12c7ef01-03e8-481f-906d-58a0937c5281', $filter: "DueDate eq '2026-03-09'" }]);

    expect(ports.teams.posts.map((p) => p.recipient)).toEqual([
      { kind: 'user', upnOrId: BOB.mail },
      { kind: 'user', upnOrId: ANN.mail },
    ]);
    expect(ports.teams.posts[0].message).toEqual({ card: expectedCard('Renew the vendor risk assessment', 3) });
    expect(ports.teams.posts[1].message).toEqual({ card: expectedCard("Submit Q1 access review (Finance's leavers)", 5) });
    expect(steps.get(`${LOOP}[0]/${POST}`)).toMatchObject({
      status: 'Succeeded',
      code: 'Created',
      outputs: { statusCode: 201, body: { id: ports.teams.posts[0].posted.activityId, conversationId: ports.teams.posts[0].posted.conversationId } },
    });
    expect(steps.get(`${LOOP}[1]/${POST}`)?.iterations).toEqual({ [LOOP]: 1 });
    expect(steps.has(`${LOOP}[2]/${POST}`)).toBe(false);
  });

  it('an owner who has not installed the app fails that iteration only: the other card is posted, the run fails', async () => {
    const { ports, world } = setUp();
    ports.teams.failPost.set(BOB.mail!, new NotFoundError(`${BOB.mail!} has not installed the app`));
    const run = await world.start(sample.definition, { triggerName: TRIGGER, triggerOutputs: { headers: {}, body: null } });
    const steps = await world.steps();
    expect(steps.get(`${LOOP}[0]/${POST}`)).toMatchObject({ status: 'Failed', code: 'NotFound' });
    expect(steps.get(`${LOOP}[1]/${POST}`)?.status).toBe('Succeeded');
    expect(ports.teams.posts.map((p) => p.recipient)).toEqual([{ kind: 'user', upnOrId: ANN.mail }]);
    expect(steps.get(LOOP)?.status).toBe('Failed');
    expect(run.status).toBe('Failed');
  });
});
