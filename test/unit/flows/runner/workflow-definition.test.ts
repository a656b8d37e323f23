import fs from 'node:fs';
import path from 'node:path';
import { ValidationError } from '../../../../core/errors';
import {
  canonicalActionType,
  canonicalTriggerType,
  parseDefinition,
  SUPPORTED_ACTION_TYPES,
  SUPPORTED_TRIGGER_TYPES,
} from '../../../../flows/engine/definition/workflow-definition';
import { EXECUTORS } from '../../../../flows/engine/runner/executors';
import { SCHEMA } from './runner-harness';

// The definition schema (WDL profile v1): shape, paths in errors, runAfter checks, and every real
// export in ../shared accepted.

const FIXTURES = path.resolve(__dirname, '../../../../../shared/fixtures/flows/pnp-powerautomate-samples');

function issuesOf(raw: unknown): { field?: string; reason: string; file?: string }[] {
  try {
    parseDefinition(raw, 'flow.json');
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    return [...(error as ValidationError).issues];
  }
  throw new Error('expected a ValidationError');
}

const wrap = (actions: Record<string, unknown>) => ({ $schema: SCHEMA, triggers: { manual: { type: 'Request', kind: 'Button' } }, actions });

describe('parseDefinition', () => {
  it.each(fs.readdirSync(FIXTURES).filter((f) => f.endsWith('.json')))('accepts the real export %s', (file) => {
    const exported = JSON.parse(fs.readFileSync(path.join(FIXTURES, file), 'utf8')) as { properties: { definition: Record<string, unknown> } };
    const parsed = parseDefinition(exported.properties.definition, file);
    expect(Object.keys(parsed.actions)).toEqual(Object.keys(exported.properties.definition.actions as object));
    // Unknown keys ride along (metadata, descriptions, trigger kinds …).
    expect(parsed.metadata).toEqual(exported.properties.definition.metadata);
  });

  it('normalizes runAfter status casing and keeps everything else as written', () => {
    const parsed = parseDefinition(wrap({ A: { type: 'compose', inputs: 1 }, B: { type: 'COMPOSE', inputs: 2, runAfter: { A: ['succeeded', 'FAILED', 'timedout'] }, trackedProperties: { x: 1 } } }));
    expect(parsed.actions.B.runAfter).toEqual({ A: ['Succeeded', 'Failed', 'TimedOut'] });
    expect(parsed.actions.B.type).toBe('COMPOSE');
    expect(parsed.actions.B.trackedProperties).toEqual({ x: 1 });
  });

  it('names the path of a runAfter that points outside its container', () => {
    const issues = issuesOf(
      wrap({
        Outside: { type: 'Compose', inputs: 1 },
        Scope_1: { type: 'Scope', actions: { Send: { type: 'Compose', inputs: 2, runAfter: { Outside: ['Succeeded'] } } } },
      }),
    );
    expect(issues).toEqual([{ file: 'flow.json', field: 'actions.Scope_1.actions.Send.runAfter', reason: expect.stringContaining("'Outside' is not one") }]);
  });

  it('rejects an unknown runAfter status, naming it and the statuses allowed', () => {
    const issues = issuesOf(wrap({ A: { type: 'Compose' }, B: { type: 'Compose', runAfter: { A: ['Done'] } } }));
    expect(issues).toEqual([{ file: 'flow.json', field: 'actions.B.runAfter.A', reason: "expected one of Succeeded, Failed, Skipped, TimedOut; got 'Done'" }]);
  });

  it('finds problems in every kind of container: else, cases, default', () => {
    const issues = issuesOf(
      wrap({
        Cond: { type: 'If', expression: true, actions: {}, else: { actions: { E: { type: 'Compose', runAfter: { Ghost: [] } } } } },
        Route: {
          type: 'Switch',
          expression: '@1',
          cases: { One: { case: 1, actions: { C: { type: 'Compose', runAfter: { Ghost: [] } } } }, Bad: { actions: {} } },
          default: { actions: { D: { type: 'Compose', runAfter: { Ghost: [] } } } },
        },
      }),
    );
    expect(issues.map((i) => i.field)).toEqual([
      'actions.Cond.else.actions.E.runAfter',
      'actions.Route.cases.One.actions.C.runAfter',
      'actions.Route.cases.Bad.case',
      'actions.Route.default.actions.D.runAfter',
    ]);
  });

  it('rejects dependency cycles, self-references and an action name used twice', () => {
    const cycle = issuesOf(wrap({ A: { type: 'Compose', runAfter: { B: [] } }, B: { type: 'Compose', runAfter: { A: [] } } }));
    expect(cycle[0].reason).toContain('A → B → A');
    expect(issuesOf(wrap({ A: { type: 'Compose', runAfter: { A: [] } } }))[0].reason).toContain('runs after itself');
    const twice = issuesOf(wrap({ Send: { type: 'Compose' }, Scope: { type: 'Scope', actions: { Send: { type: 'Compose' } } } }));
    expect(twice).toEqual([{ file: 'flow.json', field: 'actions.Scope.actions.Send', reason: "expected a unique action name; 'Send' is also used at actions.Send" }]);
  });

  it('requires what each control action needs', () => {
    const issues = issuesOf(wrap({ I: { type: 'if', actions: {} }, L: { type: 'Foreach', actions: {} }, U: { type: 'Until', actions: {} }, S: { type: 'switch', cases: {} } }));
    expect(issues.map((i) => i.field)).toEqual(['actions.I.expression', 'actions.L.foreach', 'actions.U.expression', 'actions.S.expression']);
    expect(issues[0].reason).toContain('condition');
  });

  it('rejects another $schema, a missing action type and a definition without actions', () => {
    expect(issuesOf({ ...wrap({}), $schema: 'https://example.com/other.json' })[0]).toMatchObject({ field: '$schema', reason: expect.stringContaining('2016-06-01') });
    expect(issuesOf(wrap({ A: { inputs: 1 } }))[0]).toMatchObject({ field: 'actions.A.type' });
    expect(issuesOf({ $schema: SCHEMA, triggers: {} })[0]).toMatchObject({ field: 'actions' });
  });

  it('accepts unknown action types (the linter reports them) and the schema URL without its #', () => {
    const parsed = parseDefinition({ ...wrap({ Js: { type: 'JavaScriptCode', inputs: { code: '1' } } }), $schema: SCHEMA.replace(/#$/, '') });
    expect(parsed.actions.Js.type).toBe('JavaScriptCode');
  });

  it('puts the file and the first problem in the message', () => {
    expect(() => parseDefinition(wrap({ A: { type: 'Compose', runAfter: { B: [] } } }), 'my.flow.json')).toThrow(/^my\.flow\.json: actions\.A\.runAfter: /);
  });
});

describe('supported types', () => {
  it('matches action and trigger types case-insensitively to their canonical names', () => {
    expect(canonicalActionType('if')).toBe('If');
    expect(canonicalActionType('FOREACH')).toBe('Foreach');
    expect(canonicalActionType('openapiconnectionwebhook')).toBe('OpenApiConnectionWebhook');
    expect(canonicalActionType('Workflow')).toBeUndefined();
    expect(canonicalTriggerType('request')).toBe('Request');
  });

  it('lists the profile v1 action types, one executor each', () => {
    expect([...SUPPORTED_ACTION_TYPES].sort()).toEqual(Object.keys(EXECUTORS).sort());
    expect(SUPPORTED_ACTION_TYPES).toHaveLength(23);
    expect(SUPPORTED_TRIGGER_TYPES).toContain('Recurrence');
  });
});
