import type { ConnectorOperation } from '../../engine/contracts';
import type { FlowConnectorContext } from '../connector-context';
import { createRecord } from './create-record.action';

export { createRecord };
export { SERVICENOW_API, SERVICENOW_ENV } from './servicenow-connection';

/** ServiceNow (`shared_service-now`): the operations this engine runs. */
export const serviceNowOperations: readonly ConnectorOperation<FlowConnectorContext>[] = [createRecord];
