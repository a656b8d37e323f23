import type { AuditRecord } from '../ports/audit-trail';
import type { Caller } from './access-control';
import type { Permission } from './permissions';

/** Which audit category a denied attempt belongs to: the area the caller tried to act in. */
const CATEGORY: Readonly<Record<Permission, AuditRecord['category']>> = {
  configurePoliciesAndSettings: 'Settings',
  accessAnalytics: 'Settings',
  investigateAlerts: 'Alerts',
  investigateCases: 'Cases',
  viewContentExplorer: 'Cases',
  configureNoticeTemplates: 'Notice templates',
  viewAuditLog: 'Settings',
  viewForensicEvidence: 'Cases',
  requestForensicEvidence: 'Cases',
  approveForensicEvidence: 'Cases',
  viewDeviceHealth: 'Settings',
  manageRoles: 'Settings',
  managePriorityGroups: 'Settings',
};

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The audit entry for a denied attempt. A caller Teams sent without an Entra object id (a guest
 * or a misconfigured client) is recorded as `system` with what we know of them in the name, since
 * the log only takes object ids as actors.
 */
export function deniedAttemptRecord(caller: Caller, permission: Permission, action: string): AuditRecord {
  const identified = GUID.test(caller.id) || caller.id.startsWith('cli:');
  return {
    category: CATEGORY[permission],
    activity: 'Permission denied',
    actor: identified ? { id: caller.id, ...(caller.name === undefined ? {} : { name: caller.name }) } : { id: 'system', name: `unidentified caller${caller.name === undefined ? '' : ` ${caller.name}`}` },
    target: action,
    details: { permission, action },
  };
}
