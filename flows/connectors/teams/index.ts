import type { ConnectorOperation } from '../../engine/contracts';
import type { FlowConnectorContext } from '../connector-context';
import { postCardAndWaitForResponse } from './post-card-and-wait-for-response.action';
import { postCardToConversation } from './post-card-to-conversation.action';
import { postMessageToConversation } from './post-message-to-conversation.action';

export { postCardAndWaitForResponse, postCardToConversation, postMessageToConversation };
export type { FlowTeams, TeamsRecipient } from './flow-teams.port';

/** Microsoft Teams (`shared_teams`): the operations this engine runs, posting as the app's bot. */
export const teamsOperations: readonly ConnectorOperation<FlowConnectorContext>[] = [postMessageToConversation, postCardToConversation, postCardAndWaitForResponse];
