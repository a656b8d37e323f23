import type { ConnectorOperation } from '../../engine/contracts';
import type { FlowConnectorContext } from '../connector-context';
import { startAndWaitForAnApproval } from './start-and-wait-for-an-approval.action';

export { startAndWaitForAnApproval };

/** Approvals (`shared_approvals`): the operations this engine runs, as cards in the approvers' chats with the bot. */
export const approvalsOperations: readonly ConnectorOperation<FlowConnectorContext>[] = [startAndWaitForAnApproval];
