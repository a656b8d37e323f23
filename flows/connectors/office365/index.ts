import type { ConnectorOperation } from '../../engine/contracts';
import type { FlowConnectorContext } from '../connector-context';
import { sendEmailV2 } from './send-email-v2.action';
import { v4CalendarPostItem } from './v4-calendar-post-item.action';

export { sendEmailV2, v4CalendarPostItem };

/** Office 365 Outlook (`shared_office365`): the operations this engine runs. */
export const office365Operations: readonly ConnectorOperation<FlowConnectorContext>[] = [sendEmailV2, v4CalendarPostItem];
