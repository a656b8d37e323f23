import { readFileSync } from 'node:fs';
import path from 'node:path';

/** The real connector swaggers in ../shared/fixtures/connectors, read in place. */

const FIXTURES = path.resolve(__dirname, '../../../../../shared/fixtures/connectors');

export interface SwaggerParameter {
  readonly name: string;
  readonly in: string;
  readonly required?: boolean;
  readonly type?: string;
  readonly default?: unknown;
  readonly schema?: { readonly $ref?: string };
  readonly $ref?: string;
}

export interface SwaggerOperation {
  readonly operationId: string;
  readonly summary: string;
  readonly parameters: readonly SwaggerParameter[];
  readonly responses: Readonly<Record<string, { readonly schema?: { readonly $ref?: string } }>>;
}

export interface SwaggerSchema {
  readonly required?: readonly string[];
  readonly properties?: Readonly<Record<string, { readonly type?: string; readonly enum?: readonly string[] }>>;
}

interface Swagger {
  readonly paths: Readonly<Record<string, Readonly<Record<string, SwaggerOperation>>>>;
  readonly definitions: Readonly<Record<string, SwaggerSchema>>;
  readonly parameters?: Readonly<Record<string, SwaggerParameter>>;
}

const cache = new Map<string, Swagger>();

function swagger(api: string): Swagger {
  let s = cache.get(api);
  if (s === undefined) {
    s = JSON.parse(readFileSync(path.join(FIXTURES, `${api}.swagger.json`), 'utf8')) as Swagger;
    cache.set(api, s);
  }
  return s;
}

export function swaggerOperation(api: string, operationId: string): SwaggerOperation & { readonly method: string; readonly path: string } {
  for (const [p, item] of Object.entries(swagger(api).paths)) {
    for (const [method, op] of Object.entries(item)) if (op.operationId === operationId) return { ...op, method, path: p };
  }
  throw new Error(`${api} has no operation ${operationId}`);
}

/** The operation's parameters with `$ref`s resolved, without the internal connectionId. */
export function swaggerParameters(api: string, operationId: string): SwaggerParameter[] {
  const s = swagger(api);
  return swaggerOperation(api, operationId)
    .parameters.map((p) => (p.$ref === undefined ? p : (s.parameters ?? {})[p.$ref.replace('#/parameters/', '')]))
    .filter((p) => p.name !== 'connectionId');
}

export function swaggerDefinition(api: string, name: string): SwaggerSchema {
  const d = swagger(api).definitions[name];
  if (d === undefined) throw new Error(`${api} has no definition ${name}`);
  return d;
}
