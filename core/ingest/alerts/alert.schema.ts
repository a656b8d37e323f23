import { z } from 'zod';

/**
 * The two alert shapes we read, as their APIs return them. Only the properties we use are declared;
 * the rest (recommendedActions, comments, vmMetadata …) is ignored. Both APIs mark most properties
 * nullable, so optional ones accept null.
 */

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `a ${typeof value} (${JSON.stringify(value)})`;
}

/** A required, non-blank string; the messages are what a rejected row reports. */
export function requiredString(what: string): z.ZodType<string, unknown> {
  return z
    .string({
      error: (issue) =>
        issue.input === undefined || issue.input === null
          ? `missing; ${what} is required`
          : `expected a string, got ${describe(issue.input)}`,
    })
    .trim()
    .min(1, { error: `empty; ${what} is required` });
}

const optionalString = z
  .string()
  .nullish()
  .catch(undefined)
  .transform((v) => (v === null || v === undefined || v.trim() === '' ? undefined : v.trim()));

// mitreTechniques is an array in every response seen; the MDE property table calls it a String.
const techniques = z
  .union([z.array(z.string()), z.string()])
  .nullish()
  .catch(undefined)
  .transform((v) => (v === null || v === undefined ? [] : Array.isArray(v) ? v : [v]));

const idLike = z
  .union([z.string(), z.number()])
  .nullish()
  .catch(undefined)
  .transform((v) => (v === null || v === undefined ? undefined : String(v)));

const graphUserAccount = z
  .object({
    userPrincipalName: optionalString,
    accountName: optionalString,
    domainName: optionalString,
    azureAdUserId: optionalString,
  })
  .nullish()
  .catch(undefined);

/** One element of a Graph alert's `evidence`; only what names a user or a device. */
export const GraphEvidenceSchema = z.object({
  '@odata.type': optionalString,
  userAccount: graphUserAccount,
  deviceDnsName: optionalString,
});

/** Microsoft Graph security API `alert` (GET /security/alerts_v2), v1.0. */
export const GraphAlertSchema = z.object({
  id: requiredString('the alert id'),
  title: requiredString('the alert title'),
  createdDateTime: requiredString('the creation time'),
  severity: z.unknown(),
  status: z.unknown(),
  category: optionalString,
  serviceSource: optionalString,
  detectionSource: optionalString,
  providerAlertId: optionalString,
  incidentId: idLike,
  classification: optionalString,
  determination: optionalString,
  alertWebUrl: optionalString,
  lastUpdateDateTime: optionalString,
  resolvedDateTime: optionalString,
  mitreTechniques: techniques,
  // Elements are read one by one, so that one odd evidence item does not reject the alert.
  evidence: z.array(z.unknown()).nullish().catch(undefined),
});
export type GraphAlert = z.infer<typeof GraphAlertSchema>;

/** One element of an MDE alert's `evidence` (present with `$expand=evidence`). */
export const MdeEvidenceSchema = z.object({
  entityType: optionalString,
  userPrincipalName: optionalString,
  accountName: optionalString,
  domainName: optionalString,
});

/** Microsoft Defender for Endpoint API alert (GET https://api.security.microsoft.com/api/alerts). */
export const MdeAlertSchema = z.object({
  id: requiredString('the alert id'),
  title: requiredString('the alert title'),
  alertCreationTime: requiredString('the creation time'),
  severity: z.unknown(),
  status: z.unknown(),
  category: optionalString,
  detectionSource: optionalString,
  incidentId: idLike,
  machineId: optionalString,
  computerDnsName: optionalString,
  threatFamilyName: optionalString,
  classification: optionalString,
  determination: optionalString,
  lastUpdateTime: optionalString,
  resolvedTime: optionalString,
  mitreTechniques: techniques,
  relatedUser: z
    .object({ userName: optionalString, domainName: optionalString })
    .nullish()
    .catch(undefined),
  evidence: z.array(z.unknown()).nullish().catch(undefined),
});
export type MdeAlert = z.infer<typeof MdeAlertSchema>;
