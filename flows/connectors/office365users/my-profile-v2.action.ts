import { z } from 'zod';
import type { ActionOperation } from '../../engine/contracts';
import { ConnectorError } from '../../engine/contracts';
import type { FlowConnectorContext } from '../connector-context';
import { errorOutputs, notConfigured, withConnectorErrors } from '../connector-errors';
import { SelectParameter, parseSelect, userResult } from './graph-user-body';

export const MyProfileV2ParametersSchema = z.object({ $select: SelectParameter });
export type MyProfileV2Parameters = z.infer<typeof MyProfileV2ParametersSchema>;

/**
 * Get my profile (V2). In Power Automate "me" is the connection's signed-in user; a flow here runs
 * as its owner (`context.runAs`), so that is whose profile this returns. A flow without an owner
 * cannot use it: 400.
 */
export const myProfileV2: ActionOperation<MyProfileV2Parameters, FlowConnectorContext> = {
  kind: 'action',
  api: 'shared_office365users',
  operationId: 'MyProfile_V2',
  summary: 'Get my profile (V2)',
  parameters: MyProfileV2ParametersSchema,
  async execute(parameters, context) {
    const select = parseSelect(parameters.$select);
    if (context.runAs === undefined) throw notConfigured('MyProfile_V2: this flow has no owner to run as, so there is no "my" profile');
    const me = context.runAs.objectId ?? context.runAs.upn;
    const user = await withConnectorErrors(`MyProfile_V2 (${me})`, () => context.directory.getUser(me));
    if (user === undefined) {
      const message = `MyProfile_V2: the flow's owner '${context.runAs.upn}' is not in the directory`;
      throw new ConnectorError(message, 404, errorOutputs(404, 'Request_ResourceNotFound', message));
    }
    return userResult(user, select);
  },
};
