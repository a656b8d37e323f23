import fs from 'node:fs';
import path from 'node:path';
import { ValidationError } from '../core/errors';
import { type TeamsManifest, validateAgainstTeamsSchema } from './app-manifest-schema';
import { type PackagingConfig } from './packaging-config';

/**
 * Turns manifest.template.json into the manifest of one deployment.
 *
 * The template is the literal manifest with `${{VARIABLE}}` placeholders (named after the
 * environment variables that fill them) in string values. Filling walks the parsed JSON rather
 * than the text, so a value with quotes or backslashes cannot break or inject JSON.
 */

export const MANIFEST_TEMPLATE_FILE: string = path.join(__dirname, 'manifest.template.json');

const PLACEHOLDER = /\$\{\{([A-Za-z_][A-Za-z0-9_]*)\}\}/g;

/**
 * Limits Teams documents for bot menus that the JSON schema leaves looser (it allows 128 and
 * 4000 characters): longer entries are cut off or rejected when the app is uploaded.
 */
export const COMMAND_TITLE_MAX: number = 32;
export const COMMAND_DESCRIPTION_MAX: number = 128;

export function readManifestTemplate(file: string = MANIFEST_TEMPLATE_FILE): unknown {
  return JSON.parse(fs.readFileSync(file, 'utf8')) as unknown;
}

/** The value of each placeholder, by the name of the variable it comes from. */
export function placeholderValues(config: PackagingConfig): Readonly<Record<string, string>> {
  return {
    MicrosoftAppId: config.botAppId,
    IRM_TEAMS_APP_ID: config.teamsAppId,
    IRM_PUBLIC_HOST: config.publicHost,
    IRM_APP_VERSION: config.appVersion,
    IRM_DEVELOPER_NAME: config.developerName,
    IRM_WEBSITE_URL: config.websiteUrl,
    IRM_PRIVACY_URL: config.privacyUrl,
    IRM_TERMS_URL: config.termsUrl,
  };
}

/** Replaces every placeholder in string values; an unknown name is an error, not left in place. */
export function fillTemplate(template: unknown, values: Readonly<Record<string, string>>): unknown {
  if (typeof template === 'string') {
    return template.replace(PLACEHOLDER, (_match, name: string) => {
      const value = Object.hasOwn(values, name) ? values[name] : undefined;
      if (value === undefined) throw new ValidationError(`manifest template uses \${{${name}}}, which has no value`);
      return value;
    });
  }
  if (Array.isArray(template)) return template.map((item: unknown) => fillTemplate(item, values));
  if (typeof template === 'object' && template !== null) {
    return Object.fromEntries(Object.entries(template).map(([key, item]) => [key, fillTemplate(item, values)]));
  }
  return template;
}

/** Fills the template for `config` without validating it (tests break the result on purpose). */
export function buildManifest(template: unknown, config: PackagingConfig): Record<string, unknown> {
  const manifest = fillTemplate(template, placeholderValues(config));
  if (typeof manifest !== 'object' || manifest === null || Array.isArray(manifest)) {
    throw new ValidationError('manifest template must be a JSON object');
  }
  return manifest as Record<string, unknown>;
}

/**
 * Builds the manifest and checks it against the v1.22 schema and the documented limits the
 * schema does not encode. Throws ValidationError listing every problem.
 */
export async function buildValidManifest(template: unknown, config: PackagingConfig): Promise<TeamsManifest> {
  const manifest = buildManifest(template, config);
  const schemaErrors = await validateAgainstTeamsSchema(manifest);
  // Only a schema-valid object has the shape the further checks read.
  const problems = schemaErrors.length > 0 ? schemaErrors : checkDocumentedLimits(manifest as unknown as TeamsManifest);
  if (problems.length > 0) {
    throw new ValidationError(
      `The Teams app manifest is not valid:\n${problems.map((p) => `  ${p}`).join('\n')}`,
      problems.map((reason) => ({ file: 'manifest.json', reason })),
    );
  }
  return manifest as unknown as TeamsManifest;
}

/** Checks that apply to a schema-valid manifest; returns messages in the schema's error style. */
export function checkDocumentedLimits(manifest: TeamsManifest): string[] {
  const problems: string[] = [];
  (manifest.bots ?? []).forEach((bot, b) => {
    const lists = bot.commandLists ?? [];
    for (const scope of bot.scopes) {
      if (!lists.some((list) => list.scopes.includes(scope))) {
        problems.push(`/bots/${b}/commandLists has no command list for the bot's scope '${scope}'`);
      }
    }
    lists.forEach((list, l) => {
      const titles = new Set<string>();
      list.commands.forEach((command, c) => {
        const at = `/bots/${b}/commandLists/${l}/commands/${c}`;
        if (command.title.length > COMMAND_TITLE_MAX) problems.push(`${at}/title must NOT have more than ${COMMAND_TITLE_MAX} characters`);
        if (command.description.length > COMMAND_DESCRIPTION_MAX) {
          problems.push(`${at}/description must NOT have more than ${COMMAND_DESCRIPTION_MAX} characters`);
        }
        const key = command.title.toLowerCase();
        if (titles.has(key)) problems.push(`${at}/title '${command.title}' appears twice in this list`);
        titles.add(key);
      });
    });
  });
  return problems;
}
