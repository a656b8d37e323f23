import { ValidationError } from '../errors';
import type { DirectoryField, DirectoryInput, DirectoryValues } from './directory-record.schema';

/**
 * Microsoft Graph user properties (GET /users?$select=…&$expand=manager) per field. The manager
 * comes as an expanded object; a hand-written array may give the manager's UPN as a string, or
 * use `managerUpn` like the CSV.
 */
const GRAPH_PROPERTIES: Readonly<Record<Exclude<DirectoryField, 'managerUpn'>, string>> = {
  upn: 'userPrincipalName',
  objectId: 'id',
  displayName: 'displayName',
  mail: 'mail',
  department: 'department',
  jobTitle: 'jobTitle',
  accountEnabled: 'accountEnabled',
};

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return `a ${typeof value}`;
}

/** The users of a Graph collection page (`{"value": [...]}`) or of a bare array. */
export function graphUserItems(document: unknown, file: string): readonly unknown[] {
  if (Array.isArray(document)) return document;
  if (isPlainObject(document) && Array.isArray(document.value)) return document.value;
  const reason = `expected a Graph users list ({"value": [ … ]}, as GET /users returns it) or a JSON array of users; got ${
    isPlainObject(document) ? 'an object without a "value" array' : describe(document)
  }`;
  throw new ValidationError(`${file}: ${reason}`, [{ file, reason }]);
}

/** One Graph user object as a directory input; row is its 1-based position in the list. */
export function graphUserInput(item: unknown, row: number): DirectoryInput {
  if (!isPlainObject(item)) {
    return { row, rejected: { field: 'user', reason: `expected a JSON object (one user), got ${describe(item)}` } };
  }
  const values: { -readonly [K in keyof DirectoryValues]: DirectoryValues[K] } = {};
  const names: Partial<Record<DirectoryField, string>> = {};
  for (const [field, property] of Object.entries(GRAPH_PROPERTIES) as [Exclude<DirectoryField, 'managerUpn'>, string][]) {
    names[field] = property;
    if (!(property in item)) continue;
    const value = item[property];
    if (field === 'accountEnabled') {
      if (typeof value === 'boolean' || typeof value === 'string' || value === null) values.accountEnabled = value;
      else return { row, rejected: { field: property, reason: `expected true or false, got ${describe(value)}` } };
      continue;
    }
    if (typeof value === 'string' || value === null) values[field] = value;
    else return { row, rejected: { field: property, reason: `expected a string, got ${describe(value)}` } };
  }

  const manager = item.manager;
  if (isPlainObject(manager)) {
    names.managerUpn = 'manager.userPrincipalName';
    const upn = manager.userPrincipalName;
    if (typeof upn === 'string') values.managerUpn = upn;
    else if (upn !== undefined && upn !== null) {
      return { row, rejected: { field: names.managerUpn, reason: `expected a string, got ${describe(upn)}` } };
    } else {
      // Expanding the manager returns only the properties selected for it; without its UPN the
      // manager cannot be linked, and a silent gap in the hierarchy would go unnoticed.
      return {
        row,
        rejected: {
          field: names.managerUpn,
          reason: 'missing; expand the manager with its UPN: $expand=manager($select=id,userPrincipalName)',
        },
      };
    }
  } else if (typeof manager === 'string') {
    names.managerUpn = 'manager';
    values.managerUpn = manager;
  } else if (typeof item.managerUpn === 'string') {
    names.managerUpn = 'managerUpn';
    values.managerUpn = item.managerUpn;
  }
  return { row, values, names };
}
