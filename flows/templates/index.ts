import caseReviewReminder from './case-review-reminder.flow.json';
import notifyManagerOnAlert from './notify-manager-on-alert.flow.json';
import notifyUserAddedToPolicy from './notify-user-added-to-policy.flow.json';
import requestHrInformation from './request-hr-information.flow.json';
import servicenowRecordForCase from './servicenow-record-for-case.flow.json';

/**
 * The shipped flow templates (the four Purview offers, plus the review reminder). Data, not code:
 * each file is `{ id, name, description, definition }` with a plain WDL definition an admin can
 * read, copy and change. Installed and enabled by `flows enable <id> [parameter=value …]`.
 */
export interface FlowTemplate {
  readonly id: string;
  readonly name: string;
  readonly description: string;
  readonly definition: Record<string, unknown>;
}

export const FLOW_TEMPLATES: readonly FlowTemplate[] = [notifyUserAddedToPolicy, requestHrInformation, notifyManagerOnAlert, servicenowRecordForCase, caseReviewReminder] as readonly FlowTemplate[];
