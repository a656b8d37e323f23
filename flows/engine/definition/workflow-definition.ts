import { z } from 'zod';
import { ValidationError, type ValidationIssue } from '../../../core/errors';
import { formatPath, type PathSegment } from './json-path';

/**
 * The workflow definition language, "WDL profile v1": the 2016-06-01 `$schema`, `triggers` and
 * `actions` keyed by name, `runAfter` maps, control actions with inner containers. Unknown keys are
 * kept (exports carry `metadata`, `description`, `trackedProperties` … and the designer may add
 * more), and unknown action *types* are accepted here: the linter reports them as not runnable, and
 * the runner fails such a step. What this module rejects is a definition the runner could not even
 * walk: a missing container, a `runAfter` naming an action outside its container, an invalid status,
 * a dependency cycle, an action name used twice (references are by name).
 */

export const WORKFLOW_DEFINITION_SCHEMA_URL =
  'https://schema.management.azure.com/providers/Microsoft.Logic/schemas/2016-06-01/workflowdefinition.json#';

/** Action types the runner executes, in canonical casing (the JSON may use any casing). */
export const SUPPORTED_ACTION_TYPES = [
  'OpenApiConnection',
  'OpenApiConnectionWebhook',
  'If',
  'Foreach',
  'Switch',
  'Until',
  'Scope',
  'Terminate',
  'InitializeVariable',
  'SetVariable',
  'AppendToArrayVariable',
  'AppendToStringVariable',
  'IncrementVariable',
  'DecrementVariable',
  'Compose',
  'ParseJson',
  'Query',
  'Select',
  'Join',
  'Table',
  'Http',
  'Wait',
  'Response',
] as const;
export type SupportedActionType = (typeof SUPPORTED_ACTION_TYPES)[number];

/**
 * Trigger types a host can start runs for. The runner itself does not evaluate triggers: the host
 * (an event consumer, a chat command, a schedule) calls `start` with the trigger's outputs.
 */
export const SUPPORTED_TRIGGER_TYPES = ['Request', 'Recurrence', 'OpenApiConnection', 'OpenApiConnectionWebhook', 'OpenApiConnectionNotification'] as const;
export type SupportedTriggerType = (typeof SUPPORTED_TRIGGER_TYPES)[number];

/** The statuses `runAfter` may list, canonical casing. */
export const RUN_AFTER_STATUSES = ['Succeeded', 'Failed', 'Skipped', 'TimedOut'] as const;
export type RunAfterStatus = (typeof RUN_AFTER_STATUSES)[number];

const byLowerName = <T extends string>(names: readonly T[]): ReadonlyMap<string, T> => new Map(names.map((n) => [n.toLowerCase(), n]));
const ACTION_TYPES = byLowerName(SUPPORTED_ACTION_TYPES);
const TRIGGER_TYPES = byLowerName(SUPPORTED_TRIGGER_TYPES);
const STATUSES = byLowerName(RUN_AFTER_STATUSES);

/** The canonical name of a supported action type (`if`, `IF` → `If`), `undefined` when unsupported. */
export function canonicalActionType(type: string): SupportedActionType | undefined {
  return ACTION_TYPES.get(type.trim().toLowerCase());
}

export function canonicalTriggerType(type: string): SupportedTriggerType | undefined {
  return TRIGGER_TYPES.get(type.trim().toLowerCase());
}

/** The keys every action may have besides its inner containers and `runAfter`. */
interface ActionFields {
  readonly type: string;
  readonly inputs?: unknown;
  /** If: object form or `"@…"`; Switch: `"@…"`; Until: `"@…"` (object form accepted too). */
  readonly expression?: unknown;
  /** Foreach: the items, usually `"@…"`. */
  readonly foreach?: unknown;
  readonly limit?: { readonly count?: unknown; readonly timeout?: unknown; readonly [key: string]: unknown };
  readonly runtimeConfiguration?: unknown;
  readonly operationOptions?: unknown;
  readonly description?: unknown;
  readonly metadata?: unknown;
  readonly trackedProperties?: unknown;
}

/** One action. Control actions hold inner containers; everything else rides along untouched. */
export interface WorkflowAction extends ActionFields {
  /** Predecessor name → the statuses it must end in (canonical casing after parsing). */
  readonly runAfter?: Readonly<Record<string, readonly RunAfterStatus[]>>;
  /** Scope, Foreach, Until, and If's true branch. */
  readonly actions?: Readonly<Record<string, WorkflowAction>>;
  readonly else?: WorkflowBranch;
  readonly cases?: Readonly<Record<string, WorkflowCase>>;
  readonly default?: WorkflowBranch;
  readonly [key: string]: unknown;
}

export interface WorkflowBranch {
  readonly actions?: Readonly<Record<string, WorkflowAction>>;
  readonly [key: string]: unknown;
}

export interface WorkflowCase extends WorkflowBranch {
  readonly case?: unknown;
}

export interface WorkflowTrigger {
  readonly type: string;
  readonly kind?: unknown;
  readonly inputs?: unknown;
  readonly [key: string]: unknown;
}

export interface WorkflowParameter {
  /** int, float, string, securestring, bool, array, object, secureobject (any casing). */
  readonly type: string;
  readonly defaultValue?: unknown;
  readonly [key: string]: unknown;
}

interface DefinitionFields {
  readonly $schema: string;
  readonly contentVersion?: string;
  readonly parameters?: Readonly<Record<string, WorkflowParameter>>;
  readonly triggers: Readonly<Record<string, WorkflowTrigger>>;
  readonly outputs?: Readonly<Record<string, unknown>>;
}

export interface WorkflowDefinition extends DefinitionFields {
  readonly actions: Readonly<Record<string, WorkflowAction>>;
  readonly [key: string]: unknown;
}

/**
 * The shape as written, before statuses are checked: `runAfter` lists plain strings. Statuses are
 * checked (and their casing normalized) after the shape, where the action's path is known.
 */
interface RawAction extends ActionFields {
  readonly runAfter?: Readonly<Record<string, readonly string[]>>;
  readonly actions?: Readonly<Record<string, RawAction>>;
  readonly else?: RawBranch;
  readonly cases?: Readonly<Record<string, RawCase>>;
  readonly default?: RawBranch;
  readonly [key: string]: unknown;
}
interface RawBranch {
  readonly actions?: Readonly<Record<string, RawAction>>;
  readonly [key: string]: unknown;
}
interface RawCase extends RawBranch {
  readonly case?: unknown;
}
interface RawDefinition extends DefinitionFields {
  readonly actions: Readonly<Record<string, RawAction>>;
  readonly [key: string]: unknown;
}

const ContainerSchema: z.ZodType<Record<string, RawAction>> = z.lazy(() => z.record(z.string(), ActionSchema));

const BranchSchema: z.ZodType<RawBranch> = z.looseObject({ actions: ContainerSchema.optional() });

const CaseSchema: z.ZodType<RawCase> = z.looseObject({ case: z.unknown().optional(), actions: ContainerSchema.optional() });

const ActionSchema: z.ZodType<RawAction> = z.looseObject({
  type: z.string().min(1, 'expected the action type (e.g. Compose, If, OpenApiConnection)'),
  inputs: z.unknown().optional(),
  runAfter: z.record(z.string(), z.array(z.string())).optional(),
  actions: ContainerSchema.optional(),
  else: BranchSchema.optional(),
  expression: z.unknown().optional(),
  cases: z.record(z.string(), CaseSchema).optional(),
  default: BranchSchema.optional(),
  foreach: z.unknown().optional(),
  limit: z.looseObject({ count: z.unknown().optional(), timeout: z.unknown().optional() }).optional(),
  runtimeConfiguration: z.unknown().optional(),
  operationOptions: z.unknown().optional(),
  description: z.unknown().optional(),
  metadata: z.unknown().optional(),
  trackedProperties: z.unknown().optional(),
});

const TriggerSchema: z.ZodType<WorkflowTrigger> = z.looseObject({
  type: z.string().min(1, 'expected the trigger type (e.g. Request, Recurrence)'),
  kind: z.unknown().optional(),
  inputs: z.unknown().optional(),
});

const ParameterSchema: z.ZodType<WorkflowParameter> = z.looseObject({
  type: z.string().min(1, 'expected the parameter type (string, int, bool, array, object …)'),
  defaultValue: z.unknown().optional(),
});

/** The shape only; {@link parseDefinition} adds the checks that need paths and siblings. */
export const WorkflowDefinitionSchema: z.ZodType<RawDefinition> = z.looseObject({
  $schema: z.string(),
  contentVersion: z.string().optional(),
  parameters: z.record(z.string(), ParameterSchema).optional(),
  triggers: z.record(z.string(), TriggerSchema),
  actions: z.record(z.string(), ActionSchema),
  outputs: z.record(z.string(), z.unknown()).optional(),
});

/**
 * Checks a definition (the object under `properties.definition` of an export, or a template's
 * `definition`) and returns it typed, with `runAfter` statuses in canonical casing.
 * Throws ValidationError whose issues name the path (`actions.Scope_1.actions.Send.runAfter`) and
 * what was expected there; `file` is copied into every issue.
 */
export function parseDefinition(raw: unknown, file?: string): WorkflowDefinition {
  const parsed = WorkflowDefinitionSchema.safeParse(raw);
  if (!parsed.success) {
    throw invalid(
      file,
      parsed.error.issues.map((issue) => ({ ...(file === undefined ? {} : { file }), field: formatPath(issue.path.map(toSegment)), reason: issue.message })),
    );
  }
  const definition = parsed.data;
  const issues: ValidationIssue[] = [];
  const report = (path: readonly PathSegment[], reason: string): void => {
    issues.push({ ...(file === undefined ? {} : { file }), field: formatPath(path), reason });
  };
  if (!isWorkflowSchemaUrl(definition.$schema)) {
    report(['$schema'], `expected the 2016-06-01 workflow definition schema "${WORKFLOW_DEFINITION_SCHEMA_URL}"; got "${definition.$schema}"`);
  }
  const seen = new Map<string, string>();
  const actions = checkContainer(definition.actions, ['actions'], report, seen);
  if (issues.length > 0) throw invalid(file, issues);
  return { ...definition, actions };
}

function isWorkflowSchemaUrl(url: string): boolean {
  const given = url.trim().toLowerCase().replace(/#$/, '');
  return given === WORKFLOW_DEFINITION_SCHEMA_URL.toLowerCase().replace(/#$/, '');
}

type Report = (path: readonly PathSegment[], reason: string) => void;

/** Checks one container and everything inside it; returns it with normalized runAfter statuses. */
function checkContainer(
  container: Readonly<Record<string, RawAction>>,
  path: readonly PathSegment[],
  report: Report,
  seen: Map<string, string>,
): Record<string, WorkflowAction> {
  const out: Record<string, WorkflowAction> = {};
  const names = Object.keys(container);
  for (const name of names) {
    const action = container[name];
    const at = [...path, name];
    const previous = seen.get(name.toLowerCase());
    if (previous !== undefined) report(at, `expected a unique action name; '${name}' is also used at ${previous}`);
    else seen.set(name.toLowerCase(), formatPath(at));
    out[name] = checkAction(action, at, new Set(names), report, seen);
  }
  checkCycles(out, path, report);
  return out;
}

function checkAction(action: RawAction, at: readonly PathSegment[], siblings: ReadonlySet<string>, report: Report, seen: Map<string, string>): WorkflowAction {
  const name = String(at[at.length - 1]);
  const runAfter: Record<string, RunAfterStatus[]> = {};
  for (const [predecessor, statuses] of Object.entries(action.runAfter ?? {})) {
    const where = [...at, 'runAfter'];
    if (predecessor === name) report(where, `expected predecessors other than the action itself; '${name}' runs after itself`);
    else if (!siblings.has(predecessor)) {
      report(where, `expected the name of an action in the same container; '${predecessor}' is not one (known: ${[...siblings].filter((s) => s !== name).join(', ') || 'none'})`);
    }
    const normalized: RunAfterStatus[] = [];
    for (const status of statuses) {
      const canonical = STATUSES.get(status.toLowerCase());
      if (canonical === undefined) report([...where, predecessor], `expected one of ${RUN_AFTER_STATUSES.join(', ')}; got '${status}'`);
      else if (!normalized.includes(canonical)) normalized.push(canonical);
    }
    runAfter[predecessor] = normalized;
  }
  const type = canonicalActionType(action.type);
  const next: Record<string, unknown> = { ...action, ...(action.runAfter === undefined ? {} : { runAfter }) };
  const need = (key: string, what: string): void => {
    if (action[key] === undefined) report([...at, key], `expected ${what} for a${/^[aeiou]/i.test(action.type) ? 'n' : ''} ${action.type} action`);
  };
  switch (type) {
    case 'If':
      need('expression', 'the condition (an object such as {"and":[{"equals":[a,b]}]} or an "@…" expression)');
      break;
    case 'Switch':
      need('expression', 'the value to switch on ("@…")');
      break;
    case 'Foreach':
      need('foreach', 'the items to loop over ("@…")');
      break;
    case 'Until':
      need('expression', 'the stop condition ("@…")');
      break;
    default:
      break;
  }
  if (action.actions !== undefined) next.actions = checkContainer(action.actions, [...at, 'actions'], report, seen);
  if (action.else?.actions !== undefined) next.else = { ...action.else, actions: checkContainer(action.else.actions, [...at, 'else', 'actions'], report, seen) };
  if (action.cases !== undefined) {
    const cases: Record<string, WorkflowCase> = {};
    for (const [caseName, branch] of Object.entries(action.cases)) {
      const { actions: inner, ...rest } = branch;
      cases[caseName] = inner === undefined ? rest : { ...rest, actions: checkContainer(inner, [...at, 'cases', caseName, 'actions'], report, seen) };
      if (type === 'Switch' && branch.case === undefined) report([...at, 'cases', caseName, 'case'], 'expected the value this case matches');
    }
    next.cases = cases;
  }
  if (action.default?.actions !== undefined) {
    next.default = { ...action.default, actions: checkContainer(action.default.actions, [...at, 'default', 'actions'], report, seen) };
  }
  return next as WorkflowAction;
}

/** A `runAfter` cycle would leave every action in it waiting forever; name the actions in it. */
function checkCycles(container: Readonly<Record<string, RawAction | WorkflowAction>>, path: readonly PathSegment[], report: Report): void {
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (name: string, trail: string[]): void => {
    const mark = state.get(name);
    if (mark === 'done') return;
    if (mark === 'visiting') {
      const cycle = trail.slice(trail.indexOf(name));
      report([...path, name, 'runAfter'], `expected no dependency cycle; ${[...cycle, name].join(' → ')}`);
      return;
    }
    state.set(name, 'visiting');
    for (const predecessor of Object.keys(container[name]?.runAfter ?? {})) {
      if (predecessor in container && predecessor !== name) visit(predecessor, [...trail, name]);
    }
    state.set(name, 'done');
  };
  for (const name of Object.keys(container)) visit(name, []);
}

function toSegment(key: PropertyKey): PathSegment {
  return typeof key === 'number' ? key : String(key);
}

function invalid(file: string | undefined, issues: readonly ValidationIssue[]): ValidationError {
  const first = issues[0];
  const where = file === undefined ? '' : `${file}: `;
  const more = issues.length > 1 ? ` (and ${issues.length - 1} more problem${issues.length > 2 ? 's' : ''})` : '';
  return new ValidationError(`${where}${first === undefined ? 'not a workflow definition' : `${first.field ?? ''}: ${first.reason}`}${more}`, issues);
}
