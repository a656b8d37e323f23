import { ConflictError, NotFoundError, ValidationError } from '../../core/errors';
import type { RecordAudit } from '../../core/ports/audit-trail';
import type { StoreTransaction, Versioned } from '../../core/ports/store';
import { lintFlow, type LintCapabilities, type LintReport } from '../engine/definition/lint-flow';
import { loadFlowFile, type LoadedFlow } from '../engine/definition/load-flow';
import { parseDefinition } from '../engine/definition/workflow-definition';
import { FLOW_TEMPLATES, type FlowTemplate } from '../templates';
import { FLOW_ID_PATTERN, flowIdFromName, FLOWS_PARTITION, flowsCollection, type StoredFlow } from './flow';
import { flowTriggers } from './flow-triggers';

/**
 * Installing, importing, enabling and disabling flows. Every change is one unit of work with its
 * audit entry (category Flows). A flow is enabled only when the linter finds nothing it cannot
 * run and every parameter without a default has a value, so an enabled flow never fails for a
 * reason known in advance.
 */
export interface FlowServiceDeps {
  readonly audit: RecordAudit;
  readonly capabilities: LintCapabilities;
}

export interface Actor {
  readonly id: string;
  readonly name?: string;
}

export async function listFlows(tx: StoreTransaction): Promise<StoredFlow[]> {
  const stored = await tx.documents(flowsCollection).query({ partition: FLOWS_PARTITION, limit: 1_000 });
  return stored.map((d) => d.value);
}

/** A flow by id, or by a template id when that template is installed. NotFoundError otherwise, naming what exists. */
export async function getFlow(tx: StoreTransaction, idOrName: string): Promise<Versioned<StoredFlow>> {
  const key = idOrName.trim().toLowerCase();
  const docs = tx.documents(flowsCollection);
  const direct = FLOW_ID_PATTERN.test(key) ? await docs.get(FLOWS_PARTITION, key) : undefined;
  if (direct !== undefined) return direct;
  const all = await docs.query({ partition: FLOWS_PARTITION, limit: 1_000 });
  const byName = all.find((d) => d.value.name.toLowerCase() === key || flowIdFromName(d.value.name) === flowIdFromName(key));
  if (byName !== undefined) return byName;
  const known = [...all.map((d) => d.value.id), ...FLOW_TEMPLATES.map((t) => t.id)];
  throw new NotFoundError(`no flow '${idOrName.trim()}': expected one of ${[...new Set(known)].join(', ')} (see 'flows list')`);
}

export function findTemplate(id: string): FlowTemplate | undefined {
  const key = id.trim().toLowerCase();
  return FLOW_TEMPLATES.find((t) => t.id === key);
}

/** The definition's declared parameters (other than the connection plumbing) and their defaults. */
export function declaredParameters(definition: Record<string, unknown>): Map<string, { type: string; defaultValue?: unknown; description?: string }> {
  const out = new Map<string, { type: string; defaultValue?: unknown; description?: string }>();
  const params = definition.parameters;
  if (typeof params !== 'object' || params === null) return out;
  for (const [name, raw] of Object.entries(params as Record<string, unknown>)) {
    if (name.startsWith('$') || typeof raw !== 'object' || raw === null) continue;
    const p = raw as Record<string, unknown>;
    const meta = typeof p.metadata === 'object' && p.metadata !== null ? (p.metadata as Record<string, unknown>) : {};
    out.set(name, {
      type: typeof p.type === 'string' ? p.type : 'string',
      ...('defaultValue' in p ? { defaultValue: p.defaultValue } : {}),
      ...(typeof meta.description === 'string' ? { description: meta.description } : {}),
    });
  }
  return out;
}

/** `name=value` pairs from a command, typed by the parameter's declared type. */
export function parseParameterValues(definition: Record<string, unknown>, pairs: readonly string[]): Record<string, unknown> {
  const declared = declaredParameters(definition);
  const out: Record<string, unknown> = {};
  for (const pair of pairs) {
    const at = pair.indexOf('=');
    if (at <= 0) throw new ValidationError(`'${pair}': expected name=value (parameters: ${[...declared.keys()].join(', ') || 'none'})`, [{ field: pair, reason: 'expected name=value' }]);
    const name = pair.slice(0, at).trim();
    const text = pair.slice(at + 1).trim();
    const match = [...declared.keys()].find((k) => k.toLowerCase() === name.toLowerCase());
    if (match === undefined) throw new ValidationError(`no parameter '${name}': expected one of ${[...declared.keys()].join(', ') || '(this flow has none)'}`, [{ field: name, reason: 'unknown parameter' }]);
    out[match] = typedValue(match, declared.get(match)?.type ?? 'string', text);
  }
  return out;
}

function typedValue(name: string, type: string, text: string): unknown {
  const t = type.toLowerCase();
  if (t === 'int' || t === 'integer' || t === 'float') {
    const n = Number(text);
    if (text === '' || !Number.isFinite(n) || (t !== 'float' && !Number.isInteger(n))) throw new ValidationError(`${name}: expected ${t === 'float' ? 'a number' : 'a whole number'}, got '${text}'`, [{ field: name, reason: `expected ${t}` }]);
    return n;
  }
  if (t === 'bool' || t === 'boolean') {
    if (!/^(true|false)$/i.test(text)) throw new ValidationError(`${name}: expected true or false, got '${text}'`, [{ field: name, reason: 'expected true or false' }]);
    return text.toLowerCase() === 'true';
  }
  if (t === 'array') return text.split(/[;,]/).map((s) => s.trim()).filter((s) => s !== '');
  return text;
}

/** A parameter without a default (in WDL: required) that has no value set. A declared default, even '', makes it optional. */
function missingParameters(flow: StoredFlow): string[] {
  const missing: string[] = [];
  for (const [name, p] of declaredParameters(flow.definition)) {
    if ('defaultValue' in p) continue;
    const value = flow.parameters[name];
    if (value === undefined || value === '' || (Array.isArray(value) && value.length === 0)) missing.push(name);
  }
  return missing;
}

export function lintStored(flow: StoredFlow, capabilities: LintCapabilities): LintReport {
  const loaded: LoadedFlow = { format: 'definition', name: flow.name, definition: flow.definition, connectionReferences: {} };
  return lintFlow(loaded, capabilities);
}

function assertEnableable(flow: StoredFlow, capabilities: LintCapabilities): void {
  const report = lintStored(flow, capabilities);
  if (!report.runnable) {
    const first = report.findings.slice(0, 5).map((f) => `${f.path}: ${f.message}`);
    throw new ValidationError(`flow ${flow.id} cannot be enabled: ${first.join('; ')}${report.findings.length > 5 ? ` (and ${report.findings.length - 5} more)` : ''}`, report.findings.map((f) => ({ field: f.path, reason: f.message })));
  }
  parseDefinition(flow.definition, flow.id);
  const missing = missingParameters(flow);
  if (missing.length > 0) {
    throw new ValidationError(`flow ${flow.id} needs values for ${missing.join(', ')}: e.g. 'flows enable ${flow.id} ${missing.map((m) => `${m}=…`).join(' ')}'`, missing.map((m) => ({ field: m, reason: 'expected a value' })));
  }
  if (!flowTriggers(flow.definition).some((t) => t.kind !== 'other')) {
    throw new ValidationError(`flow ${flow.id} has no trigger this server starts: expected an irm event trigger (e.g. OnIrmAlertCreated) or OnIRMCaseSelected / OnIRMRiskyUserSelected`, [{ field: 'triggers', reason: 'expected an irm trigger' }]);
  }
}

/** Enables a stored flow, or installs a template first. Parameter values given here are kept. */
export async function enableFlow(tx: StoreTransaction, deps: FlowServiceDeps, input: { readonly id: string; readonly parameters: readonly string[]; readonly actor: Actor; readonly now: string }): Promise<StoredFlow> {
  const docs = tx.documents(flowsCollection);
  const template = findTemplate(input.id);
  const existing = await docs.get(FLOWS_PARTITION, input.id.trim().toLowerCase());
  let current: Versioned<StoredFlow> | undefined = existing;
  if (current === undefined && template === undefined) current = await getFlow(tx, input.id);
  const base: StoredFlow =
    current?.value ??
    ({
      id: template!.id,
      name: template!.name,
      description: template!.description,
      source: { kind: 'template', template: template!.id },
      definition: template!.definition,
      parameters: {},
      enabled: false,
      version: 1,
      createdAt: input.now,
      createdBy: input.actor,
      updatedAt: input.now,
      updatedBy: input.actor,
    } satisfies StoredFlow);
  const values = parseParameterValues(base.definition, input.parameters);
  const next: StoredFlow = { ...base, parameters: { ...base.parameters, ...values }, enabled: true, version: current === undefined ? 1 : base.version + 1, updatedAt: input.now, updatedBy: input.actor };
  assertEnableable(next, deps.capabilities);
  if (current === undefined) await docs.create(FLOWS_PARTITION, next.id, next);
  else await docs.replace(FLOWS_PARTITION, next.id, next, current.etag);
  await deps.audit(tx, { category: 'Flows', activity: current === undefined ? 'Installed and enabled flow' : 'Enabled flow', actor: input.actor, target: next.id, details: { version: next.version, parameters: Object.keys(values) } });
  return next;
}

export async function disableFlow(tx: StoreTransaction, deps: FlowServiceDeps, input: { readonly id: string; readonly actor: Actor; readonly now: string }): Promise<StoredFlow> {
  const current = await getFlow(tx, input.id);
  if (!current.value.enabled) return current.value;
  const next: StoredFlow = { ...current.value, enabled: false, version: current.value.version + 1, updatedAt: input.now, updatedBy: input.actor };
  await tx.documents(flowsCollection).replace(FLOWS_PARTITION, next.id, next, current.etag);
  await deps.audit(tx, { category: 'Flows', activity: 'Disabled flow', actor: input.actor, target: next.id, details: { version: next.version } });
  return next;
}

/**
 * Stores an imported flow (disabled) with the linter's report. A definition that does not load is
 * refused with the loader's error; one that loads but uses what we cannot run is stored, so the
 * admin can read it with `flows show` and fix it, but cannot be enabled.
 */
export async function importFlow(
  tx: StoreTransaction,
  deps: FlowServiceDeps,
  input: { readonly fileName: string; readonly text: string; readonly id?: string; readonly actor: Actor; readonly now: string },
): Promise<{ flow: StoredFlow; report: LintReport; loaded: LoadedFlow }> {
  const loaded = loadFlowFile(input.fileName, input.text);
  const report = lintFlow(loaded, deps.capabilities);
  const name = loaded.name ?? input.fileName.replace(/\.json$/i, '');
  const id = (input.id ?? flowIdFromName(name)).toLowerCase();
  if (!FLOW_ID_PATTERN.test(id)) throw new ValidationError(`flow id '${id}': expected lower-case letters, digits and dashes (at most 63)`, [{ field: 'id', reason: 'expected a slug' }]);
  if (findTemplate(id) !== undefined) throw new ConflictError(`'${id}' is a template's id: import under another name (flows import <file> --id <new-id>)`);
  const docs = tx.documents(flowsCollection);
  if ((await docs.get(FLOWS_PARTITION, id)) !== undefined) throw new ConflictError(`a flow '${id}' exists already: disable it and import under another id (--id), or keep the stored one`);
  const flow: StoredFlow = {
    id,
    name: name.slice(0, 200),
    source: { kind: 'import', file: input.fileName, format: loaded.format },
    definition: loaded.definition,
    parameters: {},
    enabled: false,
    version: 1,
    createdAt: input.now,
    createdBy: input.actor,
    updatedAt: input.now,
    updatedBy: input.actor,
  };
  await docs.create(FLOWS_PARTITION, id, flow);
  await deps.audit(tx, { category: 'Flows', activity: 'Imported flow', actor: input.actor, target: id, details: { file: input.fileName, format: loaded.format, runnable: report.runnable, findings: report.findings.length } });
  return { flow, report, loaded };
}
