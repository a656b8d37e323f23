import type { DomainEvent } from '../../../core/events/domain-event';

/**
 * The `irm` connector's triggers. Event triggers fire on our domain events (webhook-style: the
 * server calls the flow); the two "for a selected case / user" triggers are Microsoft's hybrid
 * trigger names and are started by the `flows run` chat command instead of a portal button.
 */
export const IRM_EVENT_TRIGGERS = {
  OnIrmAlertCreated: 'alert.created',
  OnIrmAlertUpdated: 'alert.updated',
  OnIrmAlertTriaged: 'alert.triaged',
  OnIrmCaseCreated: 'case.created',
  OnIrmCaseUpdated: 'case.updated',
  OnIrmCaseResolved: 'case.resolved',
  OnIrmUserScoped: 'user.scoped',
  OnIrmNoticeSent: 'notice.sent',
} as const satisfies Record<string, DomainEvent['type']>;
export type IrmEventTriggerId = keyof typeof IRM_EVENT_TRIGGERS;
export type IrmEventType = (typeof IRM_EVENT_TRIGGERS)[IrmEventTriggerId];

export const IRM_MANUAL_TRIGGERS = {
  OnIRMCaseSelected: 'case',
  OnIRMRiskyUserSelected: 'user',
} as const;
export type IrmManualTriggerId = keyof typeof IRM_MANUAL_TRIGGERS;

export const IRM_TRIGGER_OPERATIONS: readonly string[] = [...Object.keys(IRM_EVENT_TRIGGERS), ...Object.keys(IRM_MANUAL_TRIGGERS)];

/** Case-insensitive, as operation ids are matched elsewhere in the engine. */
export function eventTypeOfTrigger(operationId: string): IrmEventType | undefined {
  const key = Object.keys(IRM_EVENT_TRIGGERS).find((k) => k.toLowerCase() === operationId.toLowerCase()) as IrmEventTriggerId | undefined;
  return key === undefined ? undefined : IRM_EVENT_TRIGGERS[key];
}

export function manualTargetOfTrigger(operationId: string): 'case' | 'user' | undefined {
  const key = Object.keys(IRM_MANUAL_TRIGGERS).find((k) => k.toLowerCase() === operationId.toLowerCase()) as IrmManualTriggerId | undefined;
  return key === undefined ? undefined : IRM_MANUAL_TRIGGERS[key];
}
