import { apiNameOf } from './api-name';
import { z } from 'zod';
import { ValidationError, type ValidationIssue } from '../../../core/errors';
import { countActions, isRecord } from './action-tree';
import { formatPath, ROOT_PATH, type PathSegment } from './json-path';
import { locateJsonSyntaxProblem } from './json-syntax';

/**
 * Reads a flow definition out of the files people actually have: a Power Automate export package,
 * a Dataverse solution, a Logic Apps ARM template, or a bare definition — alone, or wrapped as
 * `{ definition }` the way our template files (`{ id, name, description, definition }`) and Logic
 * Apps Standard `workflow.json` files hold it.
 * The definition object is handed on exactly as written; only the container around it is
 * interpreted here. What the definition asks of the engine is the linter's business (lint-flow.ts).
 */

export type FlowContainerFormat = 'legacy-package' | 'solution' | 'arm' | 'definition';

/** What one `host.connectionName` key of the definition stands for. */
export interface ConnectionReference {
  /** Short connector name as Power Automate writes it, e.g. `shared_office365users`. */
  readonly api: string;
  /** The connection (or Dataverse connection reference) the export was bound to, when it says. */
  readonly connectionName?: string;
}

export interface LoadedFlow {
  readonly format: FlowContainerFormat;
  /** Display name from the container, else derived from the file name. */
  readonly name?: string;
  /** The WDL definition object (`$schema`, `triggers`, `actions` …), untouched. */
  readonly definition: Record<string, unknown>;
  /** Keyed as the definition's `host.connectionName` (or ARM `$connections`) keys are. */
  readonly connectionReferences: Record<string, ConnectionReference>;
  /** Things the loader decided on the caller's behalf (e.g. which of several ARM workflows it took). */
  readonly notes?: readonly string[];
}

/** The one `$schema` of WDL profile v1 (the trailing `#` is optional, case is ignored). */
export const WORKFLOW_DEFINITION_SCHEMA = 'https://schema.management.azure.com/providers/Microsoft.Logic/schemas/2016-06-01/workflowdefinition.json#';
/** Limits of one workflow definition (Logic Apps limits page). Nested actions count. */
export const MAX_ACTIONS = 250;
export const MAX_TRIGGERS = 10;

const FORMATS_TRIED =
  'tried a Power Automate export package (properties.definition with properties.displayName), ' +
  'a Dataverse solution (properties.definition with schemaVersion), ' +
  'a Logic Apps ARM template (resources[type=Microsoft.Logic/workflows].properties.definition) ' +
  'and a bare definition ($schema, triggers, actions), alone or under a top-level definition';

const LEGACY_PACKAGE_PATH = /(^|\/)Microsoft\.Flow\/flows\/[^/]+\/definition\.json$/i;

/**
 * Loads one file. `fileName` is used in errors and, for solution files and bare definitions,
 * to name the flow. Throws ValidationError (one issue per problem, each naming the file, the JSON
 * path and what was expected).
 */
export function loadFlowFile(fileName: string, text: string): LoadedFlow {
  const document = parseJson(fileName, text);
  const found = findDefinition(fileName, document);
  checkDefinition(fileName, found.definitionPath, found.definition);
  return {
    format: found.format,
    ...(found.name === undefined ? {} : { name: found.name }),
    definition: found.definition,
    connectionReferences: found.connectionReferences,
    notes: found.notes,
  };
}

/**
 * Loads the flow of an unzipped Power Automate export package (`files`: path inside the zip →
 * text): the entry named `Microsoft.Flow/flows/<id>/definition.json` (any leading folder, `\` or
 * `/`). A package holds one flow; should it hold several, the first by path is loaded and the
 * others are named in `notes`. `packageName` (the zip's name) is what errors about the package
 * as a whole name as their file.
 */
export function loadFlowPackage(files: ReadonlyMap<string, string>, packageName = 'package'): LoadedFlow {
  const candidates = [...files.keys()].filter((path) => LEGACY_PACKAGE_PATH.test(path.replace(/\\/g, '/'))).sort();
  const first = candidates[0];
  if (first === undefined) {
    const reason = `expected an entry Microsoft.Flow/flows/<flow id>/definition.json; the package holds ${files.size === 0 ? 'no files' : [...files.keys()].sort().slice(0, 10).join(', ') + (files.size > 10 ? ', …' : '')}`;
    throw new ValidationError(`${packageName}: not a Power Automate export package: ${reason}`, [{ file: packageName, field: ROOT_PATH, reason }]);
  }
  const loaded = loadFlowFile(first, files.get(first) ?? '');
  if (candidates.length === 1) return loaded;
  return { ...loaded, notes: [...(loaded.notes ?? []), `the package holds ${candidates.length} flows; loaded ${first}, not ${candidates.slice(1).join(', ')}`] };
}

// ─── JSON ───────────────────────────────────────────────────────────────────────────────────

function parseJson(file: string, text: string): unknown {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  try {
    return JSON.parse(body) as unknown;
  } catch (error) {
    const problem = locateJsonSyntaxProblem(body);
    const detail = error instanceof Error ? error.message : String(error);
    const issue: ValidationIssue =
      problem === undefined
        ? { file, field: ROOT_PATH, reason: `expected JSON (${detail})` }
        : {
            file,
            row: problem.line,
            field: formatPath(problem.path),
            reason: `not JSON at line ${problem.line}, column ${problem.column}: expected ${problem.expected}, found ${problem.found}`,
          };
    throw new ValidationError(`${file}: ${issue.reason}`, [issue], { cause: error });
  }
}

// ─── Containers ─────────────────────────────────────────────────────────────────────────────

interface FoundDefinition {
  readonly format: FlowContainerFormat;
  readonly name?: string;
  readonly definitionPath: readonly PathSegment[];
  readonly definition: Record<string, unknown>;
  readonly connectionReferences: Record<string, ConnectionReference>;
  readonly notes: string[];
}

function findDefinition(file: string, document: unknown): FoundDefinition {
  if (!isRecord(document)) {
    throw invalid(file, [{ file, field: ROOT_PATH, reason: `expected a JSON object holding a flow definition; got ${describeValue(document)}` }]);
  }
  if (Array.isArray(document.resources)) return fromArmTemplate(file, document, document.resources);
  if (isRecord(document.properties) && 'definition' in document.properties) {
    return 'schemaVersion' in document ? fromSolution(file, document.properties) : fromLegacyPackage(file, document.properties);
  }
  if ('$schema' in document || 'triggers' in document || 'actions' in document) {
    return { format: 'definition', name: nameFromFile(file), definitionPath: [], definition: document, connectionReferences: {}, notes: [] };
  }
  // Our template files ({ id, name, description, definition }) and a Logic Apps Standard
  // workflow.json ({ definition, kind }) wrap a bare definition in one object.
  if ('definition' in document && !('properties' in document)) {
    const definition = definitionObject(file, document.definition, ['definition']);
    const name = typeof document.name === 'string' && document.name.trim() !== '' ? document.name : nameFromFile(file);
    return { format: 'definition', ...(name === undefined ? {} : { name }), definitionPath: ['definition'], definition, connectionReferences: {}, notes: [] };
  }
  throw invalid(file, [{ file, field: ROOT_PATH, reason: `expected a flow definition; ${FORMATS_TRIED}` }]);
}

function definitionObject(file: string, value: unknown, path: readonly PathSegment[]): Record<string, unknown> {
  if (isRecord(value)) return value;
  throw invalid(file, [{ file, field: formatPath(path), reason: `expected the workflow definition object; got ${describeValue(value)}` }]);
}

/** `properties.connectionReferences.<key> = { connectionName, source, id: "/providers/Microsoft.PowerApps/apis/shared_x" }`. */
const LegacyReferencesSchema = z.record(
  z.string(),
  z.looseObject({
    id: z.string().optional(),
    apiName: z.string().optional(),
    connectionName: z.string().optional(),
  }),
);

function fromLegacyPackage(file: string, properties: Record<string, unknown>): FoundDefinition {
  const definitionPath = ['properties', 'definition'];
  const definition = definitionObject(file, properties.definition, definitionPath);
  const references: Record<string, ConnectionReference> = {};
  const path = ['properties', 'connectionReferences'];
  const issues: ValidationIssue[] = [];
  for (const [key, ref] of Object.entries(parseWith(file, LegacyReferencesSchema, properties.connectionReferences ?? {}, path))) {
    const api = ref.apiName ?? apiNameOf(ref.id);
    if (api === undefined) {
      issues.push({ file, field: formatPath([...path, key, 'id']), reason: 'expected the connector id, e.g. /providers/Microsoft.PowerApps/apis/shared_office365' });
      continue;
    }
    references[key] = withConnectionName(api, ref.connectionName);
  }
  if (issues.length > 0) throw invalid(file, issues);
  const name = typeof properties.displayName === 'string' && properties.displayName.trim() !== '' ? properties.displayName : undefined;
  return { format: 'legacy-package', ...(name === undefined ? {} : { name }), definitionPath, definition, connectionReferences: references, notes: [] };
}

/** `connectionReferences.<key> = { runtimeSource, connection: { connectionReferenceLogicalName }, api: { name: "shared_x" } }`. */
const SolutionReferencesSchema = z.record(
  z.string(),
  z.looseObject({
    api: z.looseObject({ name: z.string().min(1) }),
    connection: z.looseObject({ connectionReferenceLogicalName: z.string().optional(), name: z.string().optional() }).optional(),
  }),
);

function fromSolution(file: string, properties: Record<string, unknown>): FoundDefinition {
  const definitionPath = ['properties', 'definition'];
  const definition = definitionObject(file, properties.definition, definitionPath);
  const parsed = parseWith(file, SolutionReferencesSchema, properties.connectionReferences ?? {}, ['properties', 'connectionReferences']);
  const references: Record<string, ConnectionReference> = {};
  for (const [key, ref] of Object.entries(parsed)) {
    references[key] = withConnectionName(ref.api.name, ref.connection?.connectionReferenceLogicalName ?? ref.connection?.name);
  }
  return { format: 'solution', name: nameFromFile(file), definitionPath, definition, connectionReferences: references, notes: [] };
}

/** `properties.parameters.$connections.value.<key> = { connectionId, connectionName, id: ".../managedApis/office365" }`. */
const ArmConnectionsSchema = z.record(
  z.string(),
  z.looseObject({
    id: z.string().min(1),
    connectionName: z.string().optional(),
  }),
);

function fromArmTemplate(file: string, template: Record<string, unknown>, resources: readonly unknown[]): FoundDefinition {
  const workflows: number[] = [];
  resources.forEach((resource, index) => {
    if (isRecord(resource) && typeof resource.type === 'string' && resource.type.toLowerCase() === 'microsoft.logic/workflows') workflows.push(index);
  });
  const index = workflows[0];
  if (index === undefined) {
    const types = [...new Set(resources.map((r) => (isRecord(r) && typeof r.type === 'string' ? r.type : '(no type)')))];
    throw invalid(file, [
      { file, field: 'resources', reason: `expected a resource of type Microsoft.Logic/workflows; found ${types.length === 0 ? 'no resources' : types.join(', ')}` },
    ]);
  }
  const resource = resources[index] as Record<string, unknown>;
  const propertiesPath: PathSegment[] = ['resources', index, 'properties'];
  const properties = isRecord(resource.properties) ? resource.properties : {};
  const definitionPath = [...propertiesPath, 'definition'];
  const definition = definitionObject(file, properties.definition, definitionPath);

  const references: Record<string, ConnectionReference> = {};
  const connections = isRecord(properties.parameters) && isRecord(properties.parameters.$connections) ? properties.parameters.$connections.value : undefined;
  if (connections !== undefined) {
    const parsed = parseWith(file, ArmConnectionsSchema, connections, [...propertiesPath, 'parameters', '$connections', 'value']);
    for (const [key, ref] of Object.entries(parsed)) {
      const connectionName = ref.connectionName === undefined || isArmExpression(ref.connectionName) ? undefined : ref.connectionName;
      references[key] = withConnectionName(apiFromArmId(ref.id), connectionName);
    }
  }

  const notes: string[] = [];
  if (workflows.length > 1) {
    notes.push(`the template holds ${workflows.length} Microsoft.Logic/workflows resources; loaded the first (resources[${index}]), not ${workflows.slice(1).map((i) => `resources[${i}]`).join(', ')}`);
  }
  const name = armResourceName(template, resource.name);
  return { format: 'arm', ...(name === undefined ? {} : { name }), definitionPath, definition, connectionReferences: references, notes };
}

/**
 * A managed connector's ARM id ends in `/managedApis/<name>` (often inside an ARM `concat(…)`);
 * Power Automate calls the same connector `shared_<name>`, which is the name the connectors and
 * the linter use, so ARM references are given that name too. Custom connectors keep their own.
 */
function apiFromArmId(id: string): string {
  const managed = /\/managedApis\/([^/'")\]]+)/i.exec(id);
  if (managed?.[1] !== undefined) return `shared_${managed[1]}`;
  return apiNameOf(id.replace(/['")\]]+$/, '')) ?? id;
}

/** `"[parameters('PlaybookName')]"` → that parameter's default value; a literal name as it is. */
function armResourceName(template: Record<string, unknown>, name: unknown): string | undefined {
  if (typeof name !== 'string' || name.trim() === '') return undefined;
  if (!isArmExpression(name)) return name;
  const parameter = /^\[\s*parameters\(\s*'([^']+)'\s*\)\s*\]$/.exec(name)?.[1];
  const parameters = isRecord(template.parameters) ? template.parameters : {};
  const declared = parameter === undefined ? undefined : parameters[parameter];
  if (isRecord(declared) && typeof declared.defaultValue === 'string') return declared.defaultValue;
  const metadata = isRecord(template.metadata) ? template.metadata : {};
  return typeof metadata.title === 'string' ? metadata.title : undefined;
}

function isArmExpression(text: string): boolean {
  return text.startsWith('[') && !text.startsWith('[[') && text.endsWith(']');
}

// ─── The definition itself ──────────────────────────────────────────────────────────────────

function checkDefinition(file: string, base: readonly PathSegment[], definition: Record<string, unknown>): void {
  const issues: ValidationIssue[] = [];
  const at = (key: string): string => formatPath([...base, key]);

  const schema = definition.$schema;
  if (typeof schema !== 'string' || !isWorkflowDefinitionSchema(schema)) {
    issues.push({ file, field: at('$schema'), reason: `expected the 2016-06-01 workflow definition schema "${WORKFLOW_DEFINITION_SCHEMA}"; got ${describeValue(schema)}` });
  }
  const { triggers, actions } = definition;
  if (!isRecord(triggers)) issues.push({ file, field: at('triggers'), reason: `expected an object of triggers keyed by name; got ${describeValue(triggers)}` });
  else if (Object.keys(triggers).length > MAX_TRIGGERS) {
    issues.push({ file, field: at('triggers'), reason: `expected at most ${MAX_TRIGGERS} triggers (workflow definition limit); got ${Object.keys(triggers).length}` });
  }
  if (!isRecord(actions)) issues.push({ file, field: at('actions'), reason: `expected an object of actions keyed by name; got ${describeValue(actions)}` });
  else {
    const count = countActions(actions);
    if (count > MAX_ACTIONS) issues.push({ file, field: at('actions'), reason: `expected at most ${MAX_ACTIONS} actions, nested ones included (workflow definition limit); got ${count}` });
  }
  if (issues.length > 0) throw invalid(file, issues);
}

function isWorkflowDefinitionSchema(schema: string): boolean {
  const wanted = WORKFLOW_DEFINITION_SCHEMA.toLowerCase();
  const given = schema.trim().toLowerCase();
  return given === wanted || `${given}#` === wanted;
}

// ─── Helpers ────────────────────────────────────────────────────────────────────────────────

function invalid(file: string, issues: readonly ValidationIssue[]): ValidationError {
  const first = issues[0];
  const summary = first === undefined ? 'not a flow definition' : `${first.field ?? ROOT_PATH}: ${first.reason}`;
  const more = issues.length > 1 ? ` (and ${issues.length - 1} more problem${issues.length > 2 ? 's' : ''})` : '';
  return new ValidationError(`${file}: ${summary}${more}`, issues);
}

function parseWith<T>(file: string, schema: z.ZodType<T>, value: unknown, path: readonly PathSegment[]): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw invalid(
    file,
    result.error.issues.map((issue) => ({
      file,
      field: formatPath([...path, ...issue.path.map((p) => (typeof p === 'number' ? p : String(p)))]),
      reason: issue.message,
    })),
  );
}

function withConnectionName(api: string, connectionName: string | undefined): ConnectionReference {
  return connectionName === undefined || connectionName === '' ? { api } : { api, connectionName };
}

/** `Workflows/NotifyManager-1F5DBA85-7D32-EC11-B6E5-000D3A582A55.json` → `NotifyManager`; `x.flow.json` → `x`. */
function nameFromFile(file: string): string | undefined {
  const base = file.replace(/\\/g, '/').split('/').pop() ?? '';
  const withoutGuid = /^(.+)-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\.json$/i.exec(base)?.[1];
  const name = withoutGuid ?? base.replace(/(\.flow)?\.json$/i, '');
  return name === '' ? undefined : name;
}

function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return JSON.stringify(value.length > 120 ? `${value.slice(0, 117)}...` : value);
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'number' || typeof value === 'boolean') return `${typeof value} ${value}`;
  return typeof value;
}
