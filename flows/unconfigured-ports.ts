import { ValidationError } from '../core/errors';
import type { Calendar } from '../core/ports/calendar';
import type { Directory } from '../core/ports/directory';
import type { Mailer } from '../core/ports/mailer';

/**
 * Stand-ins for the Graph ports when Graph is not configured (the embedded default): a flow step
 * that needs one fails with a 400 that says which variables to set, instead of the engine
 * refusing to start or a step hanging.
 */
function notConfigured(what: string): Promise<never> {
  return Promise.reject(new ValidationError(`${what} needs Microsoft Graph: set GRAPH_CLIENT_SECRET with GRAPH_TENANT_ID and GRAPH_CLIENT_ID (or GRAPH_USE_MANAGED_IDENTITY=true)`, [{ field: 'GRAPH_CLIENT_SECRET', reason: 'Graph is not configured' }]));
}

export const unconfiguredDirectory: Directory = {
  getUser: () => notConfigured('looking up a user in Entra'),
  getManager: () => notConfigured("looking up a user's manager"),
  memberGroups: () => notConfigured('checking group membership'),
  groupMemberIds: () => notConfigured('listing group members'),
};

export const unconfiguredMailer: Mailer = { sendMail: () => notConfigured('sending mail') };
export const unconfiguredCalendar: Calendar = { createEvent: () => notConfigured('creating a calendar event') };
