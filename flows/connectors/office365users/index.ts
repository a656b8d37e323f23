import type { ConnectorOperation } from '../../engine/contracts';
import type { FlowConnectorContext } from '../connector-context';
import { managerV2 } from './manager-v2.action';
import { myProfileV2 } from './my-profile-v2.action';
import { userProfileV2 } from './user-profile-v2.action';

export { managerV2, myProfileV2, userProfileV2 };

/** Office 365 Users (`shared_office365users`): the operations this engine runs. */
export const office365UsersOperations: readonly ConnectorOperation<FlowConnectorContext>[] = [managerV2, userProfileV2, myProfileV2];
