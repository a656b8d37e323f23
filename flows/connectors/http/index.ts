import type { ConnectorOperation } from '../../engine/contracts';
import type { FlowConnectorContext } from '../connector-context';
import { httpAction } from './http.action';

export { httpAction };

/** The built-in Http action as a connector operation (api `http`, operation `Http`). */
export const httpOperations: readonly ConnectorOperation<FlowConnectorContext>[] = [httpAction];
