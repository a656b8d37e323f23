import type { FlowConnectorContext } from '../connector-context';

/**
 * The ports the Teams and Approvals operations use: Teams itself, the directory (to match an
 * answer's responder to the people a flow named) and the clock (request dates). Narrower than
 * FlowConnectorContext so tests hand in only these.
 */
export type TeamsConnectorContext = Pick<FlowConnectorContext, 'teams' | 'directory' | 'clock'>;
