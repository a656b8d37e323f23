import { z } from 'zod';

/**
 * The six insider-risk role groups of Purview (irm-reference §9.1), by the short names typed in
 * chat. "Session Approvers" is not modelled: this product records no sessions.
 */
export const ROLE_GROUPS = ['irm', 'admins', 'analysts', 'investigators', 'auditors', 'approvers'] as const;
export const RoleGroupSchema = z.enum(ROLE_GROUPS);
export type RoleGroup = z.infer<typeof RoleGroupSchema>;

export const ROLE_GROUP_DISPLAY_NAMES: Readonly<Record<RoleGroup, string>> = {
  irm: 'Insider Risk Management',
  admins: 'Insider Risk Management Admins',
  analysts: 'Insider Risk Management Analysts',
  investigators: 'Insider Risk Management Investigators',
  auditors: 'Insider Risk Management Auditors',
  approvers: 'Insider Risk Management Approvers',
};

/**
 * Role groups that can administer the product. Purview warns about "zero administrators"; we
 * refuse the change instead, so the product can always be administered from chat.
 */
export const ADMINISTERING_GROUPS: readonly RoleGroup[] = ['irm', 'admins'];

/**
 * The role groups that work alerts and cases (the permission matrix gives them both): their
 * members see alert and case cards refresh by themselves and join every case team (§7).
 */
export const CASE_WORKING_GROUPS: readonly RoleGroup[] = ['irm', 'analysts', 'investigators'];
