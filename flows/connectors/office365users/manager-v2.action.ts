import { z } from 'zod';
import type { ActionOperation } from '../../engine/contracts';
import { ConnectorError } from '../../engine/contracts';
import type { FlowConnectorContext } from '../connector-context';
import { errorOutputs, withConnectorErrors } from '../connector-errors';
import { SelectParameter, parseSelect, userResult } from './graph-user-body';
import { UserIdParameter } from './user-id';

export const ManagerV2ParametersSchema = z.object({ id: UserIdParameter, $select: SelectParameter });
export type ManagerV2Parameters = z.infer<typeof ManagerV2ParametersSchema>;

/**
 * Get manager (V2): the manager of the user `id`. Like the real connector it fails 404 when the
 * user has no manager (flows test for that with runAfter Failed); the Directory port does not
 * tell "no manager" from "no such user", so the message names both.
 */
export const managerV2: ActionOperation<ManagerV2Parameters, FlowConnectorContext> = {
  kind: 'action',
  api: 'shared_office365users',
  operationId: 'Manager_V2',
  summary: 'Get manager (V2)',
  parameters: ManagerV2ParametersSchema,
  async execute(parameters, context) {
    const select = parseSelect(parameters.$select);
    const manager = await withConnectorErrors(`Manager_V2 (${parameters.id})`, () => context.directory.getManager(parameters.id));
    if (manager === undefined) {
      const message = `Manager_V2: '${parameters.id}' has no manager in the directory (or there is no such user)`;
      throw new ConnectorError(message, 404, errorOutputs(404, 'Request_ResourceNotFound', message));
    }
    return userResult(manager, select);
  },
};
