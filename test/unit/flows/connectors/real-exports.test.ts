import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { ConnectorOperation } from '../../../../flows/engine/contracts';
import type { FlowConnectorContext } from '../../../../flows/connectors/connector-context';
import { httpAction } from '../../../../flows/connectors/http';
import { office365Operations } from '../../../../flows/connectors/office365';
import { office365UsersOperations } from '../../../../flows/connectors/office365users';
import { serviceNowOperations } from '../../../../flows/connectors/service-now';
import { swaggerDefinition, swaggerParameters } from './swagger';

/**
 * The real exported flows (../shared/fixtures/flows, read in place) and the real swaggers: every
 * parameter the exports pass to one of these operations, and every parameter the swagger declares
 * for them, must be a parameter our schema knows (so none is silently dropped by zod).
 */

const FLOWS = path.resolve(__dirname, '../../../../../shared/fixtures/flows/pnp-powerautomate-samples');
const operations: readonly ConnectorOperation<FlowConnectorContext>[] = [...office365UsersOperations, ...office365Operations, ...serviceNowOperations];

/** The zod schema at `segments` under an object schema, looking through optional / pipe wrappers. */
function schemaAt(schema: z.ZodType, segments: readonly string[]): z.ZodType | undefined {
  let current: z.ZodType | undefined = schema;
  for (const segment of segments) {
    while (current instanceof z.ZodOptional || current instanceof z.ZodPipe) current = current instanceof z.ZodOptional ? (current.unwrap() as z.ZodType) : (current.out as z.ZodType);
    if (current instanceof z.ZodRecord) return current.valueType as z.ZodType;
    if (!(current instanceof z.ZodObject)) return undefined;
    current = (current.shape as Record<string, z.ZodType>)[segment];
    if (current === undefined) return undefined;
  }
  return current;
}

interface Found {
  readonly file: string;
  readonly action: string;
  readonly type: string;
  readonly inputs: Record<string, unknown>;
}

function actionsIn(value: unknown, file: string, found: Found[], name = ''): void {
  if (typeof value !== 'object' || value === null) return;
  const v = value as Record<string, unknown>;
  if (typeof v.type === 'string' && typeof v.inputs === 'object' && v.inputs !== null) found.push({ file, action: name, type: v.type, inputs: v.inputs as Record<string, unknown> });
  for (const [key, child] of Object.entries(v)) actionsIn(child, file, found, key);
}

const found: Found[] = [];
for (const file of readdirSync(FLOWS).filter((f) => f.endsWith('.json'))) actionsIn(JSON.parse(readFileSync(path.join(FLOWS, file), 'utf8')) as unknown, file, found);

describe('the connectors against real exports and swaggers', () => {
  it('find the exported uses of these operations (the corpus has some)', () => {
    const uses = found.filter((f) => f.type === 'OpenApiConnection' && operations.some((o) => (f.inputs.host as { operationId?: string } | undefined)?.operationId === o.operationId));
    expect(uses.length).toBeGreaterThanOrEqual(4);
  });

  it('know every parameter name the real exports pass', () => {
    const unknown: string[] = [];
    for (const f of found) {
      const host = f.inputs.host as { apiId?: string; operationId?: string } | undefined;
      const op = operations.find((o) => host?.apiId?.endsWith(`/${o.api}`) === true && host.operationId === o.operationId);
      if (op === undefined) continue;
      for (const key of Object.keys((f.inputs.parameters as Record<string, unknown> | undefined) ?? {})) {
        if (schemaAt(op.parameters, key.split('/')) === undefined) unknown.push(`${f.file} ${f.action}: ${op.operationId} ${key}`);
      }
    }
    expect(unknown).toEqual([]);
  });

  it('know every parameter and body property the swagger declares', () => {
    const missing: string[] = [];
    for (const op of operations) {
      for (const p of swaggerParameters(op.api, op.operationId)) {
        if (schemaAt(op.parameters, [p.name]) === undefined) missing.push(`${op.operationId} ${p.name}`);
        const ref = p.schema?.$ref?.replace('#/definitions/', '');
        if (ref === undefined) continue;
        for (const property of Object.keys(swaggerDefinition(op.api, ref).properties ?? {})) {
          if (schemaAt(op.parameters, [p.name, property]) === undefined) missing.push(`${op.operationId} ${p.name}/${property}`);
        }
      }
    }
    expect(missing).toEqual([]);
  });

  it('accept the shape of the real Http actions', () => {
    const https = found.filter((f) => f.type === 'Http');
    expect(https.length).toBeGreaterThan(0);
    for (const f of https) expect(httpAction.parameters.safeParse(f.inputs).success).toBe(true);
  });
});
