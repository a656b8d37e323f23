import { AppManifestUtils, type AppManifest, type TeamsManifestV1D22 } from '@microsoft/app-manifest';

/**
 * The one place that talks to @microsoft/app-manifest, so the rest of manifest/ deals in
 * `unknown` and one manifest type instead of the library's union of every schema version.
 */

/** A Teams app manifest of schema version 1.22, the version this app is packaged with. */
export type TeamsManifest = TeamsManifestV1D22.TeamsManifestV1D22;

/**
 * The schema URL our template declares. The library maps it to the copy of the schema it ships,
 * so validation works offline; any other URL could send it to the network, hence the check below.
 */
export const MANIFEST_SCHEMA_URL: string = 'https://developer.microsoft.com/en-us/json-schemas/teams/v1.22/MicrosoftTeams.schema.json';

/**
 * Validates against the bundled v1.22 JSON schema. Returns the schema errors (empty when valid)
 * in the library's own format: `<JSON pointer> <message>. Details: <params>`.
 */
export async function validateAgainstTeamsSchema(manifest: unknown): Promise<string[]> {
  if (typeof manifest !== 'object' || manifest === null || Array.isArray(manifest)) {
    return [' must be a JSON object'];
  }
  const schemaUrl = (manifest as { $schema?: unknown }).$schema;
  if (schemaUrl !== MANIFEST_SCHEMA_URL) {
    return [`/$schema must be ${MANIFEST_SCHEMA_URL} (the schema validated offline), got ${JSON.stringify(schemaUrl)}`];
  }
  // The library types its input as the union of all manifest kinds; the schema is the real check.
  return AppManifestUtils.validateAgainstSchema(manifest as AppManifest);
}
