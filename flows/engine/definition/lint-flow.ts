import { apiNameOf } from './api-name';
import { levenshtein } from '../../../core/settings/closest-name';
import { FlowExpressionError, STEP_STATUSES } from '../contracts';
import { FUNCTION_NAMES, isTemplateString, NOT_IMPLEMENTED_FUNCTIONS, parseTemplate, templateFunctionNames, type Template } from '../expressions';
import { allContainers, CONTAINER_KEYS, isRecord, type ActionContainer } from './action-tree';
import { formatPath, type PathSegment } from './json-path';
import type { LoadedFlow } from './load-flow';
import { templateActionReferences } from './template-references';

/**
 * Says whether this engine can run a loaded flow, and if not, exactly what stands in the way:
 * action and trigger types the runner lacks, connector operations no connector implements,
 * expression functions that do not exist, expressions that do not parse, and `runAfter` or
 * `outputs('X')` references to actions that are not there. The runner and the connectors supply
 * what they support (LintCapabilities), so the linter never goes stale as they grow.
 *
 * Pure: it reads the definition and never evaluates an expression.
 */

export interface LintCapabilities {
  readonly actionTypes: ReadonlySet<string>;
  readonly triggerTypes: ReadonlySet<string>;
  /** `<short api name>:<operationId>`, e.g. `shared_office365users:Manager_V2`. */
  readonly operations: ReadonlySet<string>;
  /** Whether an expression function of that name exists (the caller decides on case). */
  isFunction(name: string): boolean;
}

export type LintFindingKind = 'action-type' | 'trigger-type' | 'operation' | 'function' | 'expression' | 'reference';

export interface LintFinding {
  readonly kind: LintFindingKind;
  /** Where, e.g. `actions.Scope_Try.actions.Send_mail` or `…Send_mail.inputs.parameters.emailMessage/To`. */
  readonly path: string;
  /** What is missing: the type, `api:operation`, the function, the referenced action, the expression text. */
  readonly name: string;
  readonly message: string;
}

export interface LintReport {
  /** True when no finding stands in the way of running the flow. */
  readonly runnable: boolean;
  /** Sorted by path, then kind, then name. */
  readonly findings: readonly LintFinding[];
  readonly counts: { readonly actions: number; readonly triggers: number; readonly expressions: number };
}

/** Kinds that make a flow not runnable (today every kind does; a future advisory kind would not). */
export const BLOCKING_FINDING_KINDS: ReadonlySet<LintFindingKind> = new Set(['action-type', 'trigger-type', 'operation', 'function', 'expression', 'reference']);

/**
 * The statuses `runAfter` may name (the first four step statuses; Cancelled and Aborted are the
 * runner's own). Matched ignoring case, so `failed` in a hand-written template is not an error;
 * the runner must then compare statuses ignoring case too.
 */
export const RUN_AFTER_STATUSES: readonly string[] = STEP_STATUSES.slice(0, 4);

/** Keys whose values the engine never evaluates (designer notes, operation metadata). */
const NOT_EVALUATED_KEYS: ReadonlySet<string> = new Set(['description', 'metadata']);

/** Connector steps addressed by `host.apiId` + `host.operationId` (Power Automate). */
const OPEN_API_TYPES: ReadonlySet<string> = new Set(['OpenApiConnection', 'OpenApiConnectionWebhook', 'OpenApiConnectionNotification']);
/** Connector steps addressed by `host.connection` + method + path (Logic Apps, older Power Automate). */
const API_CONNECTION_TYPES: ReadonlySet<string> = new Set(['ApiConnection', 'ApiConnectionWebhook', 'ApiConnectionNotification']);
/** Actions whose `expression` may be the designer's object form `{ and: [{ equals: [a, b] }] }`. */
const CONDITION_TYPES: ReadonlySet<string> = new Set(['if', 'until']);

const MAX_NAME_LENGTH = 160;
/** Connector call details (method + path) are cut to this in messages; the finding's name keeps the whole key. */
const MAX_CALL_LENGTH = 100;
/** A typo this close to a known function gets a "did you mean". */
const SUGGESTION_DISTANCE = 2;
const NOT_IMPLEMENTED: ReadonlySet<string> = new Set(NOT_IMPLEMENTED_FUNCTIONS.map((name) => name.toLowerCase()));

export function lintFlow(flow: LoadedFlow, capabilities: LintCapabilities): LintReport {
  const linter = new FlowLinter(flow, capabilities);
  return linter.run();
}

class FlowLinter {
  private readonly findings: LintFinding[] = [];
  private readonly seen = new Set<string>();
  private expressions = 0;
  private actions = 0;
  private triggers = 0;
  /** Every action and trigger name, as expressions spell them (spaces → `_`), lower-cased. */
  private readonly knownNames = new Set<string>();
  /** Type names compare ignoring case, as the runner reads them (`compose` runs as Compose). */
  private readonly actionTypes: ReadonlySet<string>;
  private readonly triggerTypes: ReadonlySet<string>;

  constructor(
    private readonly flow: LoadedFlow,
    private readonly capabilities: LintCapabilities,
  ) {
    this.actionTypes = new Set([...capabilities.actionTypes].map((t) => t.toLowerCase()));
    this.triggerTypes = new Set([...capabilities.triggerTypes].map((t) => t.toLowerCase()));
  }

  run(): LintReport {
    const { definition } = this.flow;
    const triggers = isRecord(definition.triggers) ? definition.triggers : {};
    const containers = isRecord(definition.actions) ? allContainers(definition.actions) : [];
    for (const name of Object.keys(triggers)) this.knownNames.add(expressionName(name));
    for (const container of containers) for (const name of Object.keys(container.actions)) this.knownNames.add(expressionName(name));

    for (const [name, trigger] of Object.entries(triggers)) this.lintTrigger(name, trigger);
    for (const container of containers) this.lintContainer(container);
    for (const [key, value] of Object.entries(definition)) {
      if (key !== 'triggers' && key !== 'actions' && !NOT_EVALUATED_KEYS.has(key)) this.scan(value, [key]);
    }

    const findings = [...this.findings].sort(compareFindings);
    return {
      runnable: !findings.some((f) => BLOCKING_FINDING_KINDS.has(f.kind)),
      findings,
      counts: { actions: this.actions, triggers: this.triggers, expressions: this.expressions },
    };
  }

  // ─── Triggers and actions ───────────────────────────────────────────────────────────────

  private lintTrigger(name: string, trigger: unknown): void {
    this.triggers += 1;
    const path: readonly PathSegment[] = ['triggers', name];
    if (!isRecord(trigger) || typeof trigger.type !== 'string' || trigger.type === '') {
      this.add('trigger-type', path, '(none)', `trigger ${name} has no "type"`);
      if (isRecord(trigger)) this.scanObject(trigger, path);
      return;
    }
    const kind = typeof trigger.kind === 'string' && trigger.kind !== '' ? trigger.kind : undefined;
    if (!this.triggerTypes.has(trigger.type.toLowerCase())) {
      const written = kind === undefined ? trigger.type : `${trigger.type}/${kind}`;
      this.add('trigger-type', path, trigger.type, `trigger type ${written} is not supported here`);
    }
    this.lintOperation(trigger, path, 'trigger');
    this.scanObject(trigger, path);
  }

  private lintContainer(container: ActionContainer): void {
    const siblings = Object.keys(container.actions);
    for (const [name, action] of Object.entries(container.actions)) {
      this.actions += 1;
      const path = [...container.path, name];
      if (!isRecord(action)) {
        this.add('action-type', path, '(none)', `action ${name} is not an object`);
        continue;
      }
      if (typeof action.type !== 'string' || action.type === '') this.add('action-type', path, '(none)', `action ${name} has no "type"`);
      else if (!this.actionTypes.has(action.type.toLowerCase())) this.add('action-type', path, action.type, `action type ${action.type} is not supported here`);
      this.lintOperation(action, path, 'action');
      this.lintRunAfter(name, action.runAfter, path, siblings);
      if (typeof action.type === 'string' && CONDITION_TYPES.has(action.type.toLowerCase()) && isRecord(action.expression)) {
        this.lintCondition(action.expression, [...path, 'expression']);
      }
      // Inner containers are linted as containers of their own; `else`, `cases` and `default`
      // may still carry values of their own (a case's `case`), which are scanned here.
      for (const [key, value] of Object.entries(action)) {
        if (NOT_EVALUATED_KEYS.has(key)) continue;
        if (CONTAINER_KEYS.has(key) && isRecord(value)) this.scanBranches(key, value, [...path, key]);
        else this.scan(value, [...path, key]);
      }
    }
    this.lintRunAfterCycles(container);
  }

  /** `else`/`default` hold `{ actions }`; `cases` holds `{ <name>: { case, actions } }`; `actions` is all container. */
  private scanBranches(key: string, value: Record<string, unknown>, path: readonly PathSegment[]): void {
    if (key === 'actions') return;
    const branches = key === 'cases' ? Object.entries(value).map(([name, branch]) => [[...path, name], branch] as const) : [[path, value] as const];
    for (const [branchPath, branch] of branches) {
      if (!isRecord(branch)) {
        this.scan(branch, branchPath);
        continue;
      }
      for (const [k, v] of Object.entries(branch)) {
        if (!(k === 'actions' && isRecord(v)) && !NOT_EVALUATED_KEYS.has(k)) this.scan(v, [...branchPath, k]);
      }
    }
  }

  /**
   * OpenApiConnection*: `host.apiId` (last segment) + `host.operationId`. ApiConnection*: the
   * connection named in `host.connection.name`, and the swagger operation the designer recorded
   * in `metadata.flowSystemMetadata.swaggerOperationId` when there is one, else method + path.
   * Request triggers of kind ApiConnection ("for a selected item") carry `inputs.operationId`.
   */
  private lintOperation(step: Record<string, unknown>, path: readonly PathSegment[], what: 'action' | 'trigger'): void {
    const type = typeof step.type === 'string' ? step.type : '';
    const inputs = isRecord(step.inputs) ? step.inputs : {};
    const host = isRecord(inputs.host) ? inputs.host : {};
    if (OPEN_API_TYPES.has(type)) {
      const operationId = typeof host.operationId === 'string' ? host.operationId : undefined;
      // The runner addresses the operation by host.apiId alone, so the connection reference is no substitute.
      const api = apiNameOf(host.apiId);
      if (api === undefined || operationId === undefined) {
        this.add('operation', path, '(none)', `${what} of type ${type} names no ${api === undefined ? 'host.apiId' : 'host.operationId'}`);
        return;
      }
      this.checkOperation(`${api}:${operationId}`, path, what);
      return;
    }
    const hybrid = type === 'Request' && step.kind === 'ApiConnection';
    if (!API_CONNECTION_TYPES.has(type) && !hybrid) return;
    const api = this.apiOfConnectionHost(host) ?? '(unknown connection)';
    const operationId = hybrid ? inputs.operationId : swaggerOperationId(step.metadata);
    if (typeof operationId === 'string' && operationId !== '') {
      const call = describeCall(inputs);
      this.checkOperation(`${api}:${operationId}`, path, what, call === undefined ? '' : ` (${shorten(call, MAX_CALL_LENGTH)})`);
      return;
    }
    const call = describeCall(inputs) ?? '(no method or path)';
    this.checkOperation(`${api}:${call}`, path, what);
  }

  private checkOperation(key: string, path: readonly PathSegment[], what: 'action' | 'trigger', detail = ''): void {
    if (!this.capabilities.operations.has(key)) this.add('operation', path, key, `connector operation ${key}${detail} is not available here (${what})`);
  }

  /** `@parameters('$connections')['shared_x_1']['connectionId']` (or the `['$connections']['x']` token form) → its reference's api. */
  private apiOfConnectionHost(host: Record<string, unknown>): string | undefined {
    const connection = isRecord(host.connection) ? host.connection : {};
    const key =
      (typeof connection.name === 'string' ? /\$connections'\s*[)\]]\s*\[\s*'([^']+)'/.exec(connection.name)?.[1] : undefined) ??
      (typeof connection.referenceName === 'string' ? connection.referenceName : undefined);
    if (key !== undefined) return this.apiOfConnection(key) ?? key;
    const api = isRecord(host.api) ? host.api : {};
    const runtime = apiNameOf(api.runtimeUrl);
    return runtime === undefined ? undefined : `shared_${runtime}`;
  }

  private apiOfConnection(key: unknown): string | undefined {
    if (typeof key !== 'string') return undefined;
    return Object.prototype.hasOwnProperty.call(this.flow.connectionReferences, key) ? this.flow.connectionReferences[key]?.api : undefined;
  }

  private lintRunAfter(name: string, runAfter: unknown, path: readonly PathSegment[], siblings: readonly string[]): void {
    if (runAfter === undefined) return;
    const at = [...path, 'runAfter'];
    if (!isRecord(runAfter)) {
      this.add('reference', at, '(runAfter)', `runAfter of ${name} must be an object of action name → statuses`);
      return;
    }
    for (const [predecessor, statuses] of Object.entries(runAfter)) {
      const where = [...at, predecessor];
      if (predecessor === name) this.add('reference', where, predecessor, `${name} runs after itself`);
      else if (!siblings.includes(predecessor)) {
        this.add('reference', where, predecessor, `runAfter names ${predecessor}, which is not an action of the same container as ${name}`);
      }
      if (!Array.isArray(statuses)) {
        this.add('reference', where, predecessor, `runAfter ${predecessor} must list statuses (${RUN_AFTER_STATUSES.join(', ')})`);
        continue;
      }
      for (const status of statuses) {
        if (typeof status !== 'string' || !RUN_AFTER_STATUSES.some((s) => s.toLowerCase() === status.toLowerCase())) {
          this.add('reference', where, String(status), `runAfter status ${JSON.stringify(status)} is not one of ${RUN_AFTER_STATUSES.join(', ')}`);
        }
      }
    }
  }

  /** A `runAfter` cycle would leave every action on it waiting forever. */
  private lintRunAfterCycles(container: ActionContainer): void {
    const predecessors = new Map<string, string[]>();
    for (const [name, action] of Object.entries(container.actions)) {
      const runAfter = isRecord(action) && isRecord(action.runAfter) ? Object.keys(action.runAfter) : [];
      predecessors.set(name, runAfter.filter((p) => p !== name && p in container.actions));
    }
    const state = new Map<string, 'visiting' | 'done'>();
    const reported = new Set<string>();
    const visit = (name: string, trail: string[]): void => {
      if (state.get(name) === 'done') return;
      if (state.get(name) === 'visiting') {
        const cycle = trail.slice(trail.indexOf(name));
        const first = [...cycle].sort()[0] ?? name;
        if (!reported.has(first)) {
          reported.add(first);
          this.add('reference', [...container.path, first, 'runAfter'], first, `runAfter cycle: ${[...cycle, name].join(' → ')}`);
        }
        return;
      }
      state.set(name, 'visiting');
      for (const p of predecessors.get(name) ?? []) visit(p, [...trail, name]);
      state.set(name, 'done');
    };
    for (const name of predecessors.keys()) visit(name, []);
  }

  /** The object form of a condition: every key is a function (`and`, `equals`, `greater` …). */
  private lintCondition(condition: Record<string, unknown>, path: readonly PathSegment[]): void {
    for (const [operator, operands] of Object.entries(condition)) {
      if (!this.capabilities.isFunction(operator)) this.add('function', [...path, operator], operator, `condition operator: ${this.unknownFunction(operator)}`);
      if (!Array.isArray(operands)) continue;
      operands.forEach((operand, index) => {
        if (isRecord(operand)) this.lintCondition(operand, [...path, operator, index]);
      });
    }
  }

  // ─── Expressions ────────────────────────────────────────────────────────────────────────

  private scanObject(value: Record<string, unknown>, path: readonly PathSegment[]): void {
    for (const [key, child] of Object.entries(value)) {
      if (!NOT_EVALUATED_KEYS.has(key)) this.scan(child, [...path, key]);
    }
  }

  private scan(value: unknown, path: readonly PathSegment[]): void {
    if (typeof value === 'string') this.lintString(value, path);
    else if (Array.isArray(value)) value.forEach((item, index) => this.scan(item, [...path, index]));
    else if (isRecord(value)) this.scanObject(value, path);
  }

  private lintString(text: string, path: readonly PathSegment[]): void {
    if (!isTemplateString(text)) return;
    this.expressions += 1;
    let template: Template;
    try {
      template = parseTemplate(text);
    } catch (error) {
      if (!(error instanceof FlowExpressionError)) throw error;
      const at = error.position === undefined ? '' : ` at position ${error.position}`;
      this.add('expression', path, shorten(text), `expression does not parse${at}: ${error.message}`);
      return;
    }
    for (const name of new Set(templateFunctionNames(template))) {
      if (!this.capabilities.isFunction(name)) this.add('function', path, name, this.unknownFunction(name));
    }
    for (const reference of templateActionReferences(template)) {
      if (!this.knownNames.has(expressionName(reference.action))) {
        this.add('reference', path, reference.action, `${reference.function}('${reference.action}') names an action that is not in the definition`);
      }
    }
  }

  /** A documented function this engine lacks is not a typo; a typo close to a known name gets a suggestion. */
  private unknownFunction(name: string): string {
    if (NOT_IMPLEMENTED.has(name.toLowerCase())) return `function ${name}() is part of the language but not run by this engine`;
    const wanted = name.toLowerCase();
    let best: string | undefined;
    let bestDistance = SUGGESTION_DISTANCE + 1;
    for (const candidate of FUNCTION_NAMES) {
      const distance = levenshtein(wanted, candidate.toLowerCase());
      if (distance < bestDistance && this.capabilities.isFunction(candidate)) {
        best = candidate;
        bestDistance = distance;
      }
    }
    return best === undefined ? `function ${name}() is not known` : `function ${name}() is not known; did you mean ${best}()?`;
  }

  private add(kind: LintFindingKind, path: readonly PathSegment[], name: string, message: string): void {
    const finding: LintFinding = { kind, path: formatPath(path), name, message };
    const key = `${finding.kind}\u0000${finding.path}\u0000${finding.name}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.findings.push(finding);
  }
}

/**
 * A short human text of the report, one line per finding, for the chat command `flows import`:
 * a verdict line with the counts, then `kind  path: message`.
 */
export function formatLintReport(report: LintReport): string {
  const { actions, triggers, expressions } = report.counts;
  const size = `${plural(triggers, 'trigger')}, ${plural(actions, 'action')}, ${plural(expressions, 'expression')}`;
  const verdict = report.runnable ? `Runnable here (${size}).` : `Not runnable here: ${plural(report.findings.length, 'problem')} (${size}).`;
  const lines = report.findings.map((f) => `- ${f.kind} ${f.path}: ${f.message}`);
  return [verdict, ...lines].join('\n');
}

// ─── Helpers ────────────────────────────────────────────────────────────────────────────────

/** Expressions spell an action `Send_an_email` whatever spaces its key has; names compare case-insensitively. */
function expressionName(name: string): string {
  return name.replace(/ /g, '_').toLowerCase();
}

function swaggerOperationId(metadata: unknown): string | undefined {
  if (!isRecord(metadata) || !isRecord(metadata.flowSystemMetadata)) return undefined;
  const id = metadata.flowSystemMetadata.swaggerOperationId;
  return typeof id === 'string' && id !== '' ? id : undefined;
}

/** `POST /v2/Mail`; for webhook triggers the subscribe call (`subscribe.method` + `pathTemplate.template`). */
function describeCall(inputs: Record<string, unknown>): string | undefined {
  const call = (method: unknown, path: unknown): string | undefined =>
    typeof path === 'string' && path !== '' ? `${typeof method === 'string' ? method.toUpperCase() : 'GET'} ${path}` : undefined;
  const templated = (part: unknown): string | undefined =>
    isRecord(part) ? call(part.method, isRecord(part.pathTemplate) ? part.pathTemplate.template : part.path) : undefined;
  return call(inputs.method, inputs.path) ?? templated(inputs.subscribe) ?? templated(inputs.fetch);
}

function shorten(text: string, max = MAX_NAME_LENGTH): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

/** Code-unit order, not locale order, so that reports (and snapshots) are the same on every machine. */
function compareFindings(a: LintFinding, b: LintFinding): number {
  return compareText(a.path, b.path) || compareText(a.kind, b.kind) || compareText(a.name, b.name);
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
