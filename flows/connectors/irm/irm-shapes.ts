import type { Alert } from '../../../core/alerts/alert';
import type { Case } from '../../../core/cases/case';
import type { CaseTeam } from '../../../core/cases/case-team';
import type { DirectoryUser } from '../../../core/directory/directory-user';
import type { UserRisk } from '../../../core/alerts/user-risk';

/**
 * The bodies our `irm` operations return, in the property names of Microsoft's insider-risk
 * connector (fixtures/connectors/shared_microsoft365compliance.swagger.json) so expressions such
 * as `body('Get_alert')?['violatedPolicy']?['policyName']` read the same on both. Identities are
 * real here (flows run server-side); `id`s are the opaque references analysts see in Teams.
 */
export interface IrmAlertBody {
  readonly id: string;
  readonly name: string;
  readonly severity: string;
  readonly status: string;
  readonly score: number;
  readonly createdDateTimeUtc: string;
  readonly updatedDateTimeUtc: string;
  readonly resolutionTimeInHours?: number;
  readonly closureReason?: string;
  readonly tenantId?: string;
  readonly triggeringEvent: { readonly kind: string; readonly time: string; readonly summary: string };
  readonly assignedCase?: { readonly caseId: string; readonly name: string; readonly status: string };
  readonly violatedPolicy: { readonly policyId: string; readonly policyName: string };
  readonly riskyUser: { readonly riskyUserId: string; readonly userPrincipalName: string };
}

function hoursBetween(from: string, to: string | undefined): number | undefined {
  if (to === undefined) return undefined;
  return Math.round(((Date.parse(to) - Date.parse(from)) / 3_600_000) * 100) / 100;
}

export function alertBody(alert: Alert, ref: string, assigned: Case | undefined, tenantId: string | undefined): IrmAlertBody {
  const closed = alert.status === 'Dismissed' || alert.status === 'Resolved' ? alert.triage?.at : undefined;
  return {
    id: ref,
    name: `${alert.policyName}: ${alert.triggeringEvent.summary}`,
    severity: alert.severity,
    status: alert.status,
    score: alert.score,
    createdDateTimeUtc: alert.createdAt,
    updatedDateTimeUtc: alert.updatedAt,
    ...(closed === undefined ? {} : { resolutionTimeInHours: hoursBetween(alert.createdAt, closed) }),
    ...(alert.triage?.reason === undefined ? {} : { closureReason: alert.triage.reason }),
    ...(tenantId === undefined ? {} : { tenantId }),
    triggeringEvent: { kind: alert.triggeringEvent.kind, time: alert.triggeringEvent.time, summary: alert.triggeringEvent.summary },
    ...(assigned === undefined ? {} : { assignedCase: { caseId: assigned.id, name: assigned.name, status: assigned.status } }),
    violatedPolicy: { policyId: alert.policyId, policyName: alert.policyName },
    riskyUser: { riskyUserId: alert.userId, userPrincipalName: alert.userId },
  };
}

export interface IrmCaseBody {
  readonly id: string;
  readonly name: string;
  readonly status: string;
  readonly createdBy: string;
  readonly createdDateTimeUtc: string;
  readonly updatedDateTimeUtc: string;
  readonly resolutionTimeInHours?: number;
  readonly tenantId?: string;
  readonly alertIds: readonly string[];
  readonly notesCount: number;
  readonly closingNote?: { readonly closingStatus: string; readonly actionTaken: string };
  readonly riskyUser: { readonly riskyUserId: string; readonly userPrincipalName: string };
  readonly teamInfo?: { readonly id: string; readonly displayName: string; readonly webUrl?: string; readonly status: string };
}

export function caseBody(current: Case, alertRefs: readonly string[], team: CaseTeam | undefined, tenantId: string | undefined): IrmCaseBody {
  return {
    id: current.id,
    name: current.name,
    status: current.status,
    createdBy: current.createdBy.id,
    createdDateTimeUtc: current.createdAt,
    updatedDateTimeUtc: current.updatedAt,
    ...(current.resolution === undefined ? {} : { resolutionTimeInHours: hoursBetween(current.createdAt, current.resolution.at) }),
    ...(tenantId === undefined ? {} : { tenantId }),
    alertIds: alertRefs,
    notesCount: current.notes.length,
    ...(current.resolution === undefined ? {} : { closingNote: { closingStatus: current.resolution.as, actionTaken: current.resolution.actionTaken } }),
    riskyUser: { riskyUserId: current.userId, userPrincipalName: current.userId },
    ...(team?.teamId === undefined ? {} : { teamInfo: { id: team.teamId, displayName: `IRM case ${current.id}`, status: team.state === 'archived' ? 'Archived' : 'Active' } }),
  };
}

export interface IrmRiskyUserBody {
  readonly id: string;
  readonly userPrincipalName: string;
  readonly displayName?: string;
  readonly mail?: string;
  readonly department?: string;
  readonly jobTitle?: string;
  readonly managerUserPrincipalName?: string;
  readonly riskLevel: string;
  readonly riskScore: number;
  readonly activeAlerts: number;
  readonly status: string;
  readonly assignedCase?: { readonly caseId: string; readonly name: string; readonly status: string };
}

export function riskyUserBody(upn: string, user: DirectoryUser | undefined, risk: UserRisk, activeCase: Case | undefined): IrmRiskyUserBody {
  return {
    id: user?.objectId ?? upn,
    userPrincipalName: upn,
    ...(user?.displayName === undefined ? {} : { displayName: user.displayName }),
    ...(user?.mail === undefined ? {} : { mail: user.mail }),
    ...(user?.department === undefined ? {} : { department: user.department }),
    ...(user?.jobTitle === undefined ? {} : { jobTitle: user.jobTitle }),
    ...(user?.managerUpn === undefined ? {} : { managerUserPrincipalName: user.managerUpn }),
    riskLevel: risk.level,
    riskScore: risk.score,
    activeAlerts: risk.activeAlerts,
    status: risk.activeAlerts > 0 ? 'Active' : 'Inactive',
    ...(activeCase === undefined ? {} : { assignedCase: { caseId: activeCase.id, name: activeCase.name, status: activeCase.status } }),
  };
}
