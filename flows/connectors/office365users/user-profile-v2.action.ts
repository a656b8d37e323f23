import { z } from 'zod';
import type { ActionOperation } from '../../engine/contracts';
import { ConnectorError } from '../../engine/contracts';
import type { FlowConnectorContext } from '../connector-context';
import { errorOutputs, withConnectorErrors } from '../connector-errors';
import { SelectParameter, parseSelect, userResult } from './graph-user-body';
import { UserIdParameter } from './user-id';

export const UserProfileV2ParametersSchema = z.object({ id: UserIdParameter, $select: SelectParameter });
export type UserProfileV2Parameters = z.infer<typeof UserProfileV2ParametersSchema>;

/** Get user profile (V2): `GET /codeless/v1.0/users/{id}` in the real connector; here the Directory port. 404 when there is no such user. */
export const userProfileV2: ActionOperation<UserProfileV2Parameters, FlowConnectorContext> = {
  kind: 'action',
  api: 'shared_office365users',
  operationId: 'UserProfile_V2',
  summary: 'Get user profile (V2)',
  parameters: UserProfileV2ParametersSchema,
  async execute(parameters, context) {
    const select = parseSelect(parameters.$select);
    const user = await withConnectorErrors(`UserProfile_V2 (${parameters.id})`, () => context.directory.getUser(parameters.id));
    if (user === undefined) {
      const message = `UserProfile_V2: there is no user '${parameters.id}' in the directory`;
      throw new ConnectorError(message, 404, errorOutputs(404, 'Request_ResourceNotFound', message));
    }
    return userResult(user, select);
  },
};
