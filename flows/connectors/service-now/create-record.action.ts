import { z } from 'zod';
import { ConnectorError, type ActionOperation } from '../../engine/contracts';
import type { FlowConnectorContext } from '../connector-context';
import { errorOutputs, withConnectorErrors } from '../connector-errors';
import { flexibleBool } from '../parameter-types';
import { SERVICENOW_API, authorizationHeader, jsonBody, serviceNowConnection, serviceNowFailure, tableUrl } from './servicenow-connection';

/**
 * Create Record, `shared_service-now` `CreateRecord`: `tableType` (the table, e.g. `incident`),
 * the record's fields in `body` (flows write `body/short_description` …), and the query options
 * `sysparm_display_value` (default false) and `sysparm_exclude_reference_link` (default true), as
 * the swagger names them.
 *
 * Sent as `POST {instance}/api/now/table/{tableType}` — ServiceNow's REST Table API — through the
 * HttpClient port with the connection's basic or bearer credentials. The answer is the swagger's
 * 201 `{ result: { …the record, sys_id, number … } }`.
 *
 * Not idempotent: ServiceNow has no idempotency key for inserts, so a retry after a lost answer
 * creates a second record.
 */

export const CREATE_RECORD_TIMEOUT_MS = 60_000;

export const CreateRecordParametersSchema = z.object({
  tableType: z
    .string({ error: 'expected the ServiceNow table name, e.g. incident' })
    .trim()
    .regex(/^[A-Za-z0-9_]{1,80}$/, 'expected a ServiceNow table name (letters, digits and _), e.g. incident'),
  body: z.record(z.string(), z.unknown(), { error: "expected the record's fields as an object" }),
  sysparm_display_value: flexibleBool('sysparm_display_value').optional(),
  sysparm_exclude_reference_link: flexibleBool('sysparm_exclude_reference_link').optional(),
});
export type CreateRecordParameters = z.infer<typeof CreateRecordParametersSchema>;

const CreatedSchema = z.looseObject({ result: z.record(z.string(), z.unknown()) });

export const createRecord: ActionOperation<CreateRecordParameters, FlowConnectorContext> = {
  kind: 'action',
  api: SERVICENOW_API,
  operationId: 'CreateRecord',
  summary: 'Create Record',
  parameters: CreateRecordParametersSchema,
  async execute(parameters, context) {
    const connection = serviceNowConnection(context, 'CreateRecord');
    const url = tableUrl(connection, parameters.tableType.toLowerCase());
    url.searchParams.set('sysparm_display_value', String(parameters.sysparm_display_value ?? false));
    url.searchParams.set('sysparm_exclude_reference_link', String(parameters.sysparm_exclude_reference_link ?? true));
    const response = await withConnectorErrors(`CreateRecord (${url.origin}, table ${parameters.tableType})`, () =>
      context.http.request({
        method: 'POST',
        url: url.toString(),
        headers: { Accept: 'application/json', 'Content-Type': 'application/json', Authorization: authorizationHeader(connection) },
        body: JSON.stringify(parameters.body),
        timeoutMs: CREATE_RECORD_TIMEOUT_MS,
      }),
    );
    if (response.statusCode < 200 || response.statusCode > 299) throw serviceNowFailure('CreateRecord', response, context.clock.now().getTime());
    const created = CreatedSchema.safeParse(jsonBody(response));
    if (!created.success) {
      const message = `CreateRecord: ServiceNow answered ${response.statusCode} without a { result } record`;
      throw new ConnectorError(message, 502, errorOutputs(502, 'UnexpectedAnswer', message));
    }
    return { statusCode: 201, headers: { 'content-type': 'application/json' }, body: { result: created.data.result } };
  },
};
