import { formatLintReport, lintFlow, type LintCapabilities, type LintFinding } from '../../../../flows/engine/definition/lint-flow';
import { WORKFLOW_DEFINITION_SCHEMA, type LoadedFlow } from '../../../../flows/engine/definition/load-flow';
import { lookupFunction } from '../../../../flows/engine/expressions';

/** A deliberately small engine, so each test says exactly what is and is not supported. */
const FUNCTIONS = new Set(['triggerbody', 'outputs', 'body', 'equals', 'concat', 'variables', 'items', 'and', 'not', 'result', 'parameters']);
const capabilities: LintCapabilities = {
  actionTypes: new Set(['OpenApiConnection', 'OpenApiConnectionWebhook', 'Compose', 'If', 'Scope', 'Switch', 'Foreach', 'Until', 'SetVariable']),
  triggerTypes: new Set(['Request', 'OpenApiConnectionWebhook']),
  operations: new Set(['shared_office365users:Manager_V2', 'shared_office365:SendEmailV2', 'shared_microsoft365compliance:OnIRMCaseSelected']),
  isFunction: (name) => FUNCTIONS.has(name.toLowerCase()),
};

const manual = { manual: { type: 'Request', kind: 'Button', inputs: { schema: { type: 'object' } } } };

function flowOf(actions: Record<string, unknown>, triggers: Record<string, unknown> = manual, extra: Partial<LoadedFlow> = {}): LoadedFlow {
  return { format: 'definition', definition: { $schema: WORKFLOW_DEFINITION_SCHEMA, triggers, actions }, connectionReferences: {}, ...extra };
}

function connector(api: string, operationId: string, parameters: Record<string, unknown> = {}, runAfter: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    type: 'OpenApiConnection',
    runAfter,
    inputs: { host: { connectionName: api, operationId, apiId: `/providers/Microsoft.PowerApps/apis/${api}` }, parameters },
  };
}

const byKind = (findings: readonly LintFinding[], kind: LintFinding['kind']): LintFinding[] => findings.filter((f) => f.kind === kind);

describe('lintFlow', () => {
  it('finds nothing in a flow the engine supports, and counts triggers, actions (nested too) and expressions', () => {
    const report = lintFlow(
      flowOf({
        Get_manager: connector('shared_office365users', 'Manager_V2', { id: "@triggerBody()?['upn']" }),
        Check: {
          type: 'If',
          runAfter: { Get_manager: ['Succeeded'] },
          expression: { and: [{ not: [{ equals: ["@body('Get_manager')?['mail']", ''] }] }] },
          actions: { Mail: connector('shared_office365', 'SendEmailV2', { 'emailMessage/To': "@{body('Get_manager')?['mail']}", 'emailMessage/Subject': 'Alert' }) },
          else: { actions: { Note: { type: 'Compose', inputs: 'no manager' } } },
        },
      }),
      capabilities,
    );
    expect(report).toEqual({ runnable: true, findings: [], counts: { actions: 4, triggers: 1, expressions: 3 } });
  });

  it('reports unsupported action types wherever they are nested: Scope, If else, Switch cases and default, Foreach, Until', () => {
    const wait = { type: 'Wait', inputs: { interval: { count: 1, unit: 'Minute' } } };
    const report = lintFlow(
      flowOf({
        Scope_Try: { type: 'Scope', actions: { Wait_in_scope: wait } },
        Condition: { type: 'If', expression: '@equals(1, 1)', actions: {}, else: { actions: { Wait_in_else: wait } } },
        Switch: { type: 'Switch', expression: '@variables(\'x\')', cases: { Case_1: { case: 'a', actions: { Wait_in_case: wait } } }, default: { actions: { Wait_in_default: wait } } },
        Loop: { type: 'Foreach', foreach: '@variables(\'list\')', actions: { Wait_in_loop: wait } },
        Until: { type: 'Until', expression: '@equals(1, 1)', limit: { count: 3 }, actions: { Wait_in_until: wait } },
      }),
      capabilities,
    );
    expect(report.runnable).toBe(false);
    expect(report.findings.map((f) => [f.kind, f.path, f.name])).toEqual([
      ['action-type', 'actions.Condition.else.actions.Wait_in_else', 'Wait'],
      ['action-type', 'actions.Loop.actions.Wait_in_loop', 'Wait'],
      ['action-type', 'actions.Scope_Try.actions.Wait_in_scope', 'Wait'],
      ['action-type', 'actions.Switch.cases.Case_1.actions.Wait_in_case', 'Wait'],
      ['action-type', 'actions.Switch.default.actions.Wait_in_default', 'Wait'],
      ['action-type', 'actions.Until.actions.Wait_in_until', 'Wait'],
    ]);
    expect(report.counts.actions).toBe(11);
    expect(report.findings[0]?.message).toBe('action type Wait is not supported here');
  });

  it('reports an action without a type, and one that is not an object', () => {
    const report = lintFlow(flowOf({ Untyped: { inputs: 1 }, Broken: 'x' }), capabilities);
    expect(report.findings).toEqual([
      { kind: 'action-type', path: 'actions.Broken', name: '(none)', message: 'action Broken is not an object' },
      { kind: 'action-type', path: 'actions.Untyped', name: '(none)', message: 'action Untyped has no "type"' },
    ]);
  });

  it('reports an unsupported trigger by its type, mentioning its kind', () => {
    const report = lintFlow(flowOf({}, { Every_day: { type: 'Recurrence', recurrence: { frequency: 'Day', interval: 1 } }, manual: { type: 'Request', kind: 'PowerAppV2' } }), capabilities);
    expect(report.findings).toEqual([{ kind: 'trigger-type', path: 'triggers.Every_day', name: 'Recurrence', message: 'trigger type Recurrence is not supported here' }]);
    const instant = lintFlow(flowOf({}, { manual: { type: 'Request', kind: 'Button' } }), { ...capabilities, triggerTypes: new Set() });
    expect(instant.findings).toEqual([{ kind: 'trigger-type', path: 'triggers.manual', name: 'Request', message: 'trigger type Request/Button is not supported here' }]);
  });

  it('reports connector operations by short api name and operationId, for actions and webhook triggers', () => {
    const trigger = {
      When_a_case_is_selected: { type: 'OpenApiConnectionWebhook', inputs: { host: { apiId: '/providers/Microsoft.PowerApps/apis/shared_microsoft365compliance', operationId: 'OnIRMCaseSelected', connectionName: 'shared_microsoft365compliance' } } },
      When_a_file_is_created: { type: 'OpenApiConnectionWebhook', inputs: { host: { apiId: '/providers/Microsoft.PowerApps/apis/shared_onedrive', operationId: 'OnNewFile' } } },
    };
    const report = lintFlow(
      flowOf(
        {
          Get_items: connector('shared_sharepointonline', 'GetItems'),
          Send: connector('shared_office365', 'SendEmailV2', {}, { Get_items: ['Succeeded'] }),
          Wait_for_approval: { ...connector('shared_approvals', 'StartAndWaitForAnApproval'), type: 'OpenApiConnectionWebhook' },
        },
        trigger,
      ),
      capabilities,
    );
    expect(byKind(report.findings, 'operation')).toEqual([
      { kind: 'operation', path: 'actions.Get_items', name: 'shared_sharepointonline:GetItems', message: 'connector operation shared_sharepointonline:GetItems is not available here (action)' },
      { kind: 'operation', path: 'actions.Wait_for_approval', name: 'shared_approvals:StartAndWaitForAnApproval', message: 'connector operation shared_approvals:StartAndWaitForAnApproval is not available here (action)' },
      { kind: 'operation', path: 'triggers.When_a_file_is_created', name: 'shared_onedrive:OnNewFile', message: 'connector operation shared_onedrive:OnNewFile is not available here (trigger)' },
    ]);
  });

  it('requires host.apiId and host.operationId, as the runner does, even when a connection reference names the connector', () => {
    const refs = { shared_office365users_1: { api: 'shared_office365users' } };
    const noApi = lintFlow(flowOf({ M: { type: 'OpenApiConnection', inputs: { host: { connectionName: 'shared_office365users_1', operationId: 'Manager_V2' } } } }, manual, { connectionReferences: refs }), capabilities);
    expect(noApi.findings).toEqual([{ kind: 'operation', path: 'actions.M', name: '(none)', message: 'action of type OpenApiConnection names no host.apiId' }]);
    const noOperation = lintFlow(flowOf({ M: { type: 'OpenApiConnection', inputs: { host: { apiId: '/providers/Microsoft.PowerApps/apis/shared_office365users' } } } }), capabilities);
    expect(noOperation.findings).toEqual([{ kind: 'operation', path: 'actions.M', name: '(none)', message: 'action of type OpenApiConnection names no host.operationId' }]);
  });

  it('compares action and trigger types ignoring case, as the runner reads them', () => {
    const report = lintFlow(flowOf({ C: { type: 'compose', inputs: 1 }, S: { type: 'SCOPE', actions: {} } }, { manual: { type: 'request', kind: 'Button' } }), capabilities);
    expect(report.findings).toEqual([]);
  });

  it('names an ApiConnection step by its connection and swagger operation, else by method and path', () => {
    const refs = { shared_office365: { api: 'shared_office365' }, office365: { api: 'shared_office365' } };
    const report = lintFlow(
      flowOf(
        {
          Send_an_email: {
            type: 'ApiConnection',
            metadata: { flowSystemMetadata: { swaggerOperationId: 'SendEmailV2' } },
            inputs: { host: { connection: { name: "@parameters('$connections')['shared_office365']['connectionId']" } }, method: 'post', path: '/v2/Mail', body: { To: 'a@b.c' } },
          },
          Delete_email: {
            type: 'ApiConnection',
            inputs: { host: { connection: { name: "@json(decodeBase64(triggerOutputs().headers['X-MS-APIM-Tokens']))['$connections']['office365']['connectionId']" } }, method: 'delete', path: "/codeless/v1.0/me/messages/@{encodeURIComponent(triggerBody()?['id'])}" },
          },
        },
        manual,
        { connectionReferences: refs },
      ),
      { ...capabilities, isFunction: () => true },
    );
    expect(report.findings.map((f) => [f.kind, f.path, f.name])).toEqual([
      ['action-type', 'actions.Delete_email', 'ApiConnection'],
      ['operation', 'actions.Delete_email', "shared_office365:DELETE /codeless/v1.0/me/messages/@{encodeURIComponent(triggerBody()?['id'])}"],
      ['action-type', 'actions.Send_an_email', 'ApiConnection'],
    ]);
  });

  it('checks the operation of a "for a selected item" Request trigger (kind ApiConnection)', () => {
    const trigger = {
      manual: {
        type: 'Request',
        kind: 'ApiConnection',
        inputs: { host: { connection: { name: "@parameters('$connections')['shared_sharepointonline']['connectionId']" } }, operationId: 'ForASelectedFileHybridTrigger' },
      },
    };
    const report = lintFlow(flowOf({}, trigger, { connectionReferences: { shared_sharepointonline: { api: 'shared_sharepointonline' } } }), capabilities);
    expect(report.findings.map((f) => [f.kind, f.name])).toEqual([['operation', 'shared_sharepointonline:ForASelectedFileHybridTrigger']]);
  });

  it('reports functions the engine does not know, once per value, as written', () => {
    const report = lintFlow(
      flowOf({
        Compose: { type: 'Compose', inputs: { a: "@formatDateTime(utcNow(), 'yyyy')", b: "@{toUpper('x')} and @{TOUPPER('y')} and @{toUpper('z')}", c: "@concat('a', 'b')" } },
      }),
      capabilities,
    );
    expect(report.findings).toEqual([
      { kind: 'function', path: 'actions.Compose.inputs.a', name: 'formatDateTime', message: 'function formatDateTime() is not known' },
      { kind: 'function', path: 'actions.Compose.inputs.a', name: 'utcNow', message: 'function utcNow() is not known' },
      { kind: 'function', path: 'actions.Compose.inputs.b', name: 'TOUPPER', message: 'function TOUPPER() is not known' },
      { kind: 'function', path: 'actions.Compose.inputs.b', name: 'toUpper', message: 'function toUpper() is not known' },
    ]);
    expect(report.counts.expressions).toBe(3);
  });

  it('tells a typo (with the closest known function) from a documented function this engine does not run', () => {
    const real: LintCapabilities = { ...capabilities, isFunction: (name) => lookupFunction(name) !== undefined };
    const report = lintFlow(flowOf({ C: { type: 'Compose', inputs: { a: "@formatDateTme(utcnow(), 'yyyy')", b: "@xpath(xml('<a/>'), '/a')", c: '@frobnicate()' } } }), real);
    expect(report.findings.map((f) => [f.path, f.message])).toEqual([
      ['actions.C.inputs.a', 'function formatDateTme() is not known; did you mean formatDateTime()?'],
      ['actions.C.inputs.b', 'function xpath() is part of the language but not run by this engine'],
      ['actions.C.inputs.c', 'function frobnicate() is not known'],
    ]);
  });

  it('reports the operators of a condition in object form that are not functions', () => {
    const report = lintFlow(flowOf({ If: { type: 'If', expression: { and: [{ isEqualTo: ['@outputs(\'If\')', 1] }] }, actions: {} } }), capabilities);
    expect(report.findings).toEqual([
      { kind: 'function', path: 'actions.If.expression.and[0].isEqualTo', name: 'isEqualTo', message: 'condition operator: function isEqualTo() is not known' },
    ]);
  });

  it('reports an expression that does not parse, with its position', () => {
    const report = lintFlow(flowOf({ Compose: { type: 'Compose', inputs: "@concat('a', " } }), capabilities);
    const [finding] = report.findings;
    expect(report.findings).toHaveLength(1);
    expect(finding).toMatchObject({ kind: 'expression', path: 'actions.Compose.inputs', name: "@concat('a', " });
    expect(finding?.message).toMatch(/^expression does not parse at position \d+: /);
    expect(report.runnable).toBe(false);
  });

  it('skips description and metadata values: they are never evaluated', () => {
    const report = lintFlow(
      flowOf(
        { Compose: { type: 'Compose', description: '@see the docs (', metadata: { note: '@{unknownFunction()}' }, inputs: 'plain text, not an expression: user@contoso.com' } },
        { manual: { type: 'Request', description: '@broken(', inputs: { schema: { properties: { x: { description: '@also(' } } } } } },
      ),
      capabilities,
    );
    expect(report).toEqual({ runnable: true, findings: [], counts: { actions: 1, triggers: 1, expressions: 0 } });
  });

  it('scans definition parameters and outputs too', () => {
    const flow = flowOf({});
    const report = lintFlow({ ...flow, definition: { ...flow.definition, outputs: { result: { type: 'String', value: '@guid()' } } } }, capabilities);
    expect(report.findings).toEqual([{ kind: 'function', path: 'outputs.result.value', name: 'guid', message: 'function guid() is not known' }]);
  });

  it('reports runAfter naming an action of another container, itself, or a status that does not exist', () => {
    const report = lintFlow(
      flowOf({
        First: { type: 'Compose', inputs: 1 },
        Scope: {
          type: 'Scope',
          runAfter: { First: ['Succeeded', 'Finished'] },
          actions: { Inner: { type: 'Compose', inputs: 2, runAfter: { First: ['Succeeded'] } }, Self: { type: 'Compose', inputs: 3, runAfter: { Self: ['failed'] } } },
        },
      }),
      capabilities,
    );
    expect(report.findings).toEqual([
      { kind: 'reference', path: 'actions.Scope.actions.Inner.runAfter.First', name: 'First', message: 'runAfter names First, which is not an action of the same container as Inner' },
      { kind: 'reference', path: 'actions.Scope.actions.Self.runAfter.Self', name: 'Self', message: 'Self runs after itself' },
      { kind: 'reference', path: 'actions.Scope.runAfter.First', name: 'Finished', message: 'runAfter status "Finished" is not one of Succeeded, Failed, Skipped, TimedOut' },
    ]);
  });

  it('reports a runAfter cycle once', () => {
    const report = lintFlow(
      flowOf({ A: { type: 'Compose', inputs: 1, runAfter: { C: ['Succeeded'] } }, B: { type: 'Compose', inputs: 1, runAfter: { A: ['Succeeded'] } }, C: { type: 'Compose', inputs: 1, runAfter: { B: ['Succeeded'] } } }),
      capabilities,
    );
    expect(report.findings).toHaveLength(1);
    expect(report.findings[0]).toMatchObject({ kind: 'reference', path: 'actions.A.runAfter', name: 'A' });
    expect(report.findings[0]?.message).toMatch(/^runAfter cycle: /);
  });

  it('reports outputs/body/items/result naming an action that exists nowhere, comparing spaces as underscores and ignoring case', () => {
    const report = lintFlow(
      flowOf({
        'Get manager': connector('shared_office365users', 'Manager_V2'),
        Scope: { type: 'Scope', actions: { Inner: { type: 'Compose', inputs: 1 } } },
        Use: {
          type: 'Compose',
          inputs: {
            ok: ["@body('Get_manager')", "@outputs('get_MANAGER')", "@result('Scope')", "@outputs('Inner')", "@triggerBody()", "@outputs(variables('dynamic'))"],
            missing: "@{body('Get_user')?['mail']} @{items('Apply_to_each')}",
          },
        },
      }),
      capabilities,
    );
    expect(report.findings).toEqual([
      { kind: 'reference', path: 'actions.Use.inputs.missing', name: 'Apply_to_each', message: "items('Apply_to_each') names an action that is not in the definition" },
      { kind: 'reference', path: 'actions.Use.inputs.missing', name: 'Get_user', message: "body('Get_user') names an action that is not in the definition" },
    ]);
  });
});

describe('formatLintReport', () => {
  it('writes a verdict with the counts and one line per finding', () => {
    const report = lintFlow(flowOf({ Wait: { type: 'Wait' }, Get: connector('shared_teams', 'GetAllTeams') }), capabilities);
    expect(formatLintReport(report)).toBe(
      [
        'Not runnable here: 2 problems (1 trigger, 2 actions, 0 expressions).',
        '- operation actions.Get: connector operation shared_teams:GetAllTeams is not available here (action)',
        '- action-type actions.Wait: action type Wait is not supported here',
      ].join('\n'),
    );
  });

  it('says a clean flow is runnable', () => {
    expect(formatLintReport(lintFlow(flowOf({ C: { type: 'Compose', inputs: "@concat('a')" } }), capabilities))).toBe('Runnable here (1 trigger, 1 action, 1 expression).');
  });
});
