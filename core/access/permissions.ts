import type { RoleGroup } from './role-groups';

/**
 * What a caller may do: the permission matrix of irm-reference §9.2, one row per permission.
 * Every chat command, card verb and HTTP endpoint names exactly one of these.
 */
export const PERMISSIONS = [
  'configurePoliciesAndSettings',
  'accessAnalytics',
  'investigateAlerts',
  'investigateCases',
  'viewContentExplorer',
  'configureNoticeTemplates',
  'viewAuditLog',
  'viewForensicEvidence',
  'requestForensicEvidence',
  'approveForensicEvidence',
  'viewDeviceHealth',
  /** Assigning role groups; Purview leaves this to tenant admins, we give it to whoever configures the product. */
  'manageRoles',
  /** Priority user groups and priority physical assets (§9.2 extra rules: IRM or Admins). */
  'managePriorityGroups',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

export const PERMISSION_DESCRIPTIONS: Readonly<Record<Permission, string>> = {
  configurePoliciesAndSettings: 'configure policies and settings',
  accessAnalytics: 'access analytics insights',
  investigateAlerts: 'access and investigate alerts',
  investigateCases: 'access and investigate cases',
  viewContentExplorer: 'access and view the content explorer',
  configureNoticeTemplates: 'configure notice templates',
  viewAuditLog: 'view and export audit logs',
  viewForensicEvidence: 'access and view forensic evidence captures',
  requestForensicEvidence: 'create forensic evidence capturing requests',
  approveForensicEvidence: 'approve forensic evidence capturing requests',
  viewDeviceHealth: 'view the device health report',
  manageRoles: 'assign role groups',
  managePriorityGroups: 'create and edit priority user groups and priority physical assets',
};

/** §9.2, column by column. The test for this table checks it against the reference row by row. */
export const PERMISSION_MATRIX: Readonly<Record<Permission, readonly RoleGroup[]>> = {
  configurePoliciesAndSettings: ['irm', 'admins'],
  accessAnalytics: ['irm', 'admins', 'analysts'],
  investigateAlerts: ['irm', 'analysts', 'investigators'],
  investigateCases: ['irm', 'analysts', 'investigators'],
  viewContentExplorer: ['irm', 'investigators'],
  configureNoticeTemplates: ['irm', 'analysts', 'investigators'],
  viewAuditLog: ['irm', 'auditors'],
  viewForensicEvidence: ['irm', 'investigators'],
  requestForensicEvidence: ['irm', 'admins'],
  approveForensicEvidence: ['irm', 'approvers'],
  viewDeviceHealth: ['irm', 'admins'],
  manageRoles: ['irm', 'admins'],
  managePriorityGroups: ['irm', 'admins'],
};

export function groupsGranting(permission: Permission): readonly RoleGroup[] {
  return PERMISSION_MATRIX[permission];
}

export function isGranted(permission: Permission, groups: ReadonlySet<RoleGroup>): boolean {
  return PERMISSION_MATRIX[permission].some((g) => groups.has(g));
}
