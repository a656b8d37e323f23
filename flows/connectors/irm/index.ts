import type { ConnectorOperation } from '../../engine/contracts';
import { addIrmCaseNote } from './add-irm-case-note.action';
import { getIrmAlert } from './get-irm-alert.action';
import { getIrmAlertsForCase } from './get-irm-alerts-for-case.action';
import { getIrmCase } from './get-irm-case.action';
import { getIrmRiskyUser } from './get-irm-risky-user.action';
import type { IrmConnectorContext } from './irm-ports';

export const irmOperations: readonly ConnectorOperation<IrmConnectorContext>[] = [getIrmAlert, getIrmCase, getIrmRiskyUser, getIrmAlertsForCase, addIrmCaseNote];
export { IRM_API, IRM_API_ALIASES, type IrmConnectorContext, type IrmPorts } from './irm-ports';
export { eventTypeOfTrigger, IRM_EVENT_TRIGGERS, IRM_MANUAL_TRIGGERS, IRM_TRIGGER_OPERATIONS, manualTargetOfTrigger } from './irm-triggers';
export { eventTriggerBody } from './irm-trigger-body';
