import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { ValidationError } from '../../../core/errors';
import { MANIFEST_SCHEMA_URL, type TeamsManifest, validateAgainstTeamsSchema } from '../../../manifest/app-manifest-schema';
import { crc32 } from '../../../manifest/crc32';
import { buildManifest, buildValidManifest, checkDocumentedLimits, fillTemplate, readManifestTemplate } from '../../../manifest/manifest-builder';
import { packageApp } from '../../../manifest/package-app';
import { loadPackagingConfig, type PackagingConfig } from '../../../manifest/packaging-config';
import { readPngHeader } from '../../../manifest/png-encoder';
import { writeZip } from '../../../manifest/zip-writer';

const ROOT = path.resolve(__dirname, '../../..');
const MANIFEST_DIR = path.join(ROOT, 'manifest');
const BOT_ID = '6f1c2a3e-8b4d-4e5f-9a0b-1c2d3e4f5a6b';

const SAMPLE_ENV: NodeJS.ProcessEnv = {
  MicrosoftAppId: BOT_ID,
  IRM_PUBLIC_HOST: 'IRM.Contoso.com',
  IRM_DEVELOPER_NAME: 'Contoso Security',
  IRM_WEBSITE_URL: 'https://contoso.com/security/irm',
  IRM_PRIVACY_URL: 'https://contoso.com/privacy/irm',
  IRM_TERMS_URL: 'https://contoso.com/legal/irm-terms',
};
const PACKAGING_VARIABLE_NAMES = ['MicrosoftAppId', 'IRM_TEAMS_APP_ID', 'IRM_PUBLIC_HOST', 'IRM_APP_VERSION', 'IRM_DEVELOPER_NAME', 'IRM_WEBSITE_URL', 'IRM_PRIVACY_URL', 'IRM_TERMS_URL'];

/** The commands the product documents for the bot menu (issue 4), in menu order. */
const DOCUMENTED_COMMANDS = ['help', 'alerts', 'alerts channel here', 'dismiss', 'settings', 'policy list', 'roles list', 'audit', 'indicators', 'domains'];

const sampleConfig = (env: NodeJS.ProcessEnv = SAMPLE_ENV): PackagingConfig => loadPackagingConfig(env, { appVersion: '0.1.0' });

function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}

function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'irm-manifest-'));
}

describe('packaging configuration', () => {
  it('fills defaults: version from package.json, Teams app id = bot id, host lower-cased', () => {
    expect(sampleConfig()).toEqual({
      botAppId: BOT_ID,
      teamsAppId: BOT_ID,
      publicHost: 'irm.contoso.com',
      appVersion: '0.1.0',
      developerName: 'Contoso Security',
      websiteUrl: 'https://contoso.com/security/irm',
      privacyUrl: 'https://contoso.com/privacy/irm',
      termsUrl: 'https://contoso.com/legal/irm-terms',
    });
    const other = '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d';
    expect(sampleConfig({ ...SAMPLE_ENV, IRM_TEAMS_APP_ID: other, IRM_APP_VERSION: '2.10.3' })).toMatchObject({ teamsAppId: other, appVersion: '2.10.3' });
  });

  it('names every missing required variable and what it should hold', () => {
    const error = thrown(() => loadPackagingConfig({ IRM_WEBSITE_URL: '  ' }, { appVersion: '0.1.0' }));
    expect(error).toBeInstanceOf(ValidationError);
    const { message, issues } = error as ValidationError;
    expect(issues.map((i) => i.field)).toEqual(['MicrosoftAppId', 'IRM_PUBLIC_HOST', 'IRM_DEVELOPER_NAME', 'IRM_WEBSITE_URL', 'IRM_PRIVACY_URL', 'IRM_TERMS_URL']);
    expect(message).toContain('Cannot package the Teams app; fix these environment variables:');
    expect(message).toContain("MicrosoftAppId: required: the bot's Entra app id (the Azure Bot's Microsoft App ID), a GUID such as 00000000-0000-0000-0000-000000000000 (not set)");
    expect(message).toContain('IRM_PUBLIC_HOST: required: the host name the bot is reached at, such as irm.contoso.com (no https://, port or path) (not set)');
    expect(message).toContain('IRM_DEVELOPER_NAME: required: the publisher shown in Teams');
    expect(message).toContain("IRM_WEBSITE_URL: required: the publisher's support or product page (not set)");
    expect(message).toContain("IRM_PRIVACY_URL: required: the deploying organization's privacy statement for this app (not set)");
    expect(message).toContain('IRM_TERMS_URL: required: the terms of use for this app (not set)');
  });

  it('says what was wrong with each malformed value', () => {
    const error = thrown(() =>
      sampleConfig({
        MicrosoftAppId: 'not-a-guid',
        IRM_TEAMS_APP_ID: '1234',
        IRM_PUBLIC_HOST: 'https://irm.contoso.com/api/messages',
        IRM_APP_VERSION: '1.0',
        IRM_DEVELOPER_NAME: 'Contoso Insider Risk Operations Centre',
        IRM_WEBSITE_URL: 'http://contoso.com/irm',
        IRM_PRIVACY_URL: 'https://example.org/privacy',
        IRM_TERMS_URL: 'terms.html',
      }),
    ) as ValidationError;
    expect(error.issues.map((i) => i.field)).toEqual(PACKAGING_VARIABLE_NAMES);
    expect(error.message).toContain("MicrosoftAppId: expected the bot's Entra app id (the Azure Bot's Microsoft App ID), a GUID such as 00000000-0000-0000-0000-000000000000 (got 'not-a-guid')");
    expect(error.message).toContain("IRM_TEAMS_APP_ID: expected a GUID for the Teams app id (default: MicrosoftAppId) (got '1234')");
    expect(error.message).toContain("IRM_PUBLIC_HOST: expected the host name the bot is reached at, such as irm.contoso.com (no https://, port or path) (got 'https://irm.contoso.com/api/messages')");
    expect(error.message).toContain("IRM_APP_VERSION: expected the app version as major.minor.patch, such as 1.4.0 (default: package.json's version) (got '1.0')");
    expect(error.message).toContain('IRM_DEVELOPER_NAME: expected the publisher shown in Teams, such as Contoso Security, at most 32 characters');
    expect(error.message).toContain("IRM_WEBSITE_URL: expected the publisher's support or product page, an https:// URL (got 'http://contoso.com/irm')");
    expect(error.message).toContain("IRM_PRIVACY_URL: expected the deploying organization's privacy statement for this app; example/test domains are placeholders, not a real page (got 'https://example.org/privacy')");
    expect(error.message).toContain("IRM_TERMS_URL: expected the terms of use for this app, an https:// URL (got 'terms.html')");
  });

  it('refuses placeholder hosts and a package.json version Teams cannot take', () => {
    for (const host of ['irm.example.com', 'localhost', 'bot.test']) {
      expect((thrown(() => sampleConfig({ ...SAMPLE_ENV, IRM_PUBLIC_HOST: host })) as ValidationError).issues.map((i) => i.field)).toEqual(['IRM_PUBLIC_HOST']);
    }
    const error = thrown(() => loadPackagingConfig(SAMPLE_ENV, { appVersion: '0.1.0-beta.1' })) as ValidationError;
    expect(error.message).toContain("IRM_APP_VERSION: expected the app version as major.minor.patch, such as 1.4.0 (default: package.json's version) (got '0.1.0-beta.1')");
  });
});

describe('the manifest', () => {
  const template = readManifestTemplate();

  it('built from sample configuration is valid against the bundled v1.22 schema', async () => {
    const manifest = buildManifest(template, sampleConfig());
    expect(manifest.$schema).toBe(MANIFEST_SCHEMA_URL);
    expect(manifest.manifestVersion).toBe('1.22');
    await expect(validateAgainstTeamsSchema(manifest)).resolves.toEqual([]);
    expect(JSON.stringify(manifest)).not.toContain('${{');
  });

  it('carries the deployment values where Teams and Entra look for them', async () => {
    const manifest = await buildValidManifest(template, sampleConfig());
    expect(manifest.id).toBe(BOT_ID);
    expect(manifest.version).toBe('0.1.0');
    expect(manifest.developer).toEqual({
      name: 'Contoso Security',
      websiteUrl: 'https://contoso.com/security/irm',
      privacyUrl: 'https://contoso.com/privacy/irm',
      termsOfUseUrl: 'https://contoso.com/legal/irm-terms',
    });
    expect(manifest.validDomains).toEqual(['irm.contoso.com']);
    expect(manifest.webApplicationInfo).toEqual({ id: BOT_ID, resource: `api://irm.contoso.com/${BOT_ID}` });
    expect(manifest.permissions).toEqual(['identity', 'messageTeamMembers']);
    expect(manifest.icons).toEqual({ color: 'color.png', outline: 'outline.png' });
    expect(manifest.accentColor).toMatch(/^#[0-9A-Fa-f]{6}$/);
    const [bot, ...others] = manifest.bots ?? [];
    expect(others).toEqual([]);
    expect(bot).toMatchObject({ botId: BOT_ID, scopes: ['team', 'personal', 'groupChat'], supportsFiles: true, isNotificationOnly: false });
  });

  it('describes the product honestly within the length limits', async () => {
    const manifest = await buildValidManifest(template, sampleConfig());
    expect(manifest.name.short.length).toBeLessThanOrEqual(30);
    expect(manifest.description.short.length).toBeLessThanOrEqual(80);
    expect(manifest.description.short).toMatch(/insider-risk alerts in a channel/);
    for (const topic of [/insider-risk management system/, /alert/, /case/, /[Ff]lows/, /pseudonym/, /not Microsoft Purview/]) {
      expect(manifest.description.full).toMatch(topic);
    }
  });

  it('reports schema errors for a bad app id, a missing developer and an unknown scope', async () => {
    const manifest = buildManifest(template, sampleConfig());
    const broken = { ...manifest, id: 'not-a-guid', bogusField: true, bots: [{ ...(manifest.bots as object[])[0], scopes: ['team', 'meeting'] }] };
    delete (broken as Record<string, unknown>).developer;
    const errors = await validateAgainstTeamsSchema(broken);
    expect(errors).toEqual(
      expect.arrayContaining([
        expect.stringContaining("must have required property 'developer'"),
        expect.stringMatching(/^\/id must match pattern "\^\[0-9a-fA-F\]\{8\}-/),
        expect.stringContaining('must NOT have additional properties. Details: {"additionalProperty":"bogusField"}'),
        expect.stringMatching(/^\/bots\/0\/scopes\/1 must be equal to one of the allowed values.*"team","personal","groupChat","copilot"/),
      ]),
    );
  });

  it('stops packaging with the schema errors when the filled template is invalid', async () => {
    const badTemplate = { ...(template as Record<string, unknown>), accentColor: 'blue' };
    const error: unknown = await buildValidManifest(badTemplate, sampleConfig()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).message).toMatch(/^The Teams app manifest is not valid:\n {2}\/accentColor must match pattern "\^#\[0-9a-fA-F\]\{6\}\$"/);
  });

  it('validates offline only: any other schema URL is refused rather than fetched', async () => {
    const manifest = buildManifest(template, sampleConfig());
    const errors = await validateAgainstTeamsSchema({ ...manifest, $schema: 'https://developer.microsoft.com/json-schemas/teams/v1.18/MicrosoftTeams.schema.json' });
    expect(errors).toEqual([expect.stringContaining(`/$schema must be ${MANIFEST_SCHEMA_URL}`)]);
    await expect(validateAgainstTeamsSchema([])).resolves.toEqual([' must be a JSON object']);
  });

  it('fills placeholders as data, and refuses a placeholder without a value', () => {
    expect(fillTemplate({ a: ['x ${{Q}} y'], n: 3, t: true, z: null }, { Q: 'he said "hi" \\o/' })).toEqual({ a: ['x he said "hi" \\o/ y'], n: 3, t: true, z: null });
    expect(() => fillTemplate({ a: '${{NOPE}}' }, {})).toThrow('manifest template uses ${{NOPE}}, which has no value');
    expect(() => fillTemplate('${{toString}}', {})).toThrow(ValidationError);
  });
});

describe('the bot menu (commandLists)', () => {
  const manifestPromise = buildValidManifest(readManifestTemplate(), sampleConfig());

  /** The command table of manifest/README.md, which is where the commands are documented. */
  function documentedInReadme(): { title: string; description: string }[] {
    const readme = fs.readFileSync(path.join(MANIFEST_DIR, 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('## Bot commands'));
    const table = section.slice(0, section.indexOf('\n## ', 3));
    return [...table.matchAll(/^\| `([^`]+)` \| (.+?) \|$/gm)].map((m) => ({ title: m[1], description: m[2] }));
  }

  it('has one command list per bot scope, each with the documented commands in order', async () => {
    const manifest: TeamsManifest = await manifestPromise;
    const bot = manifest.bots![0];
    const lists = bot.commandLists ?? [];
    expect(lists.map((l) => l.scopes)).toEqual([['team'], ['personal'], ['groupChat']]);
    const readme = documentedInReadme();
    expect(readme.map((c) => c.title)).toEqual(DOCUMENTED_COMMANDS);
    for (const list of lists) expect(list.commands).toEqual(readme);
  });

  it('stays within the limits Teams documents for menus', async () => {
    const manifest = await manifestPromise;
    for (const list of manifest.bots![0].commandLists ?? []) {
      expect(list.commands.length).toBeLessThanOrEqual(10);
      for (const command of list.commands) {
        expect(command.title.length).toBeLessThanOrEqual(32);
        expect(command.description.length).toBeGreaterThan(0);
        expect(command.description.length).toBeLessThanOrEqual(128);
      }
    }
    expect(checkDocumentedLimits(manifest)).toEqual([]);
  });

  it('flags what the schema lets through: long titles, repeats, a scope without a list', async () => {
    const manifest = structuredClone(await manifestPromise);
    const bot = manifest.bots![0];
    bot.commandLists = [
      { scopes: ['team'], commands: [{ title: 'x'.repeat(33), description: 'd'.repeat(129) }, { title: 'Help', description: 'a' }, { title: 'help', description: 'b' }] },
    ];
    expect(await validateAgainstTeamsSchema(manifest)).toEqual([]);
    expect(checkDocumentedLimits(manifest)).toEqual([
      "/bots/0/commandLists has no command list for the bot's scope 'personal'",
      "/bots/0/commandLists has no command list for the bot's scope 'groupChat'",
      '/bots/0/commandLists/0/commands/0/title must NOT have more than 32 characters',
      '/bots/0/commandLists/0/commands/0/description must NOT have more than 128 characters',
      "/bots/0/commandLists/0/commands/2/title 'help' appears twice in this list",
    ]);
  });
});

// ---------------------------------------------------------------------------------------------
// A small, strict zip reader: it walks the end record, the central directory and each local
// header independently, so a writer bug that only one of them would show is caught.

interface ReadEntry {
  name: string;
  method: number;
  flags: number;
  crc: number;
  data: Buffer;
  version: number;
  modTime: number;
  modDate: number;
}

function readZip(zip: Buffer): ReadEntry[] {
  const endAt = zip.length - 22; // the writer adds no archive comment
  expect(zip.readUInt32LE(endAt)).toBe(0x06054b50);
  const count = zip.readUInt16LE(endAt + 10);
  expect(zip.readUInt16LE(endAt + 8)).toBe(count);
  const directorySize = zip.readUInt32LE(endAt + 12);
  const directoryAt = zip.readUInt32LE(endAt + 16);
  expect(directoryAt + directorySize).toBe(endAt);

  const entries: ReadEntry[] = [];
  let at = directoryAt;
  for (let i = 0; i < count; i++) {
    expect(zip.readUInt32LE(at)).toBe(0x02014b50);
    const central = {
      version: zip.readUInt16LE(at + 6),
      flags: zip.readUInt16LE(at + 8),
      method: zip.readUInt16LE(at + 10),
      modTime: zip.readUInt16LE(at + 12),
      modDate: zip.readUInt16LE(at + 14),
      crc: zip.readUInt32LE(at + 16),
      compressed: zip.readUInt32LE(at + 20),
      size: zip.readUInt32LE(at + 24),
      nameLength: zip.readUInt16LE(at + 28),
      extraLength: zip.readUInt16LE(at + 30),
      commentLength: zip.readUInt16LE(at + 32),
      localAt: zip.readUInt32LE(at + 42),
    };
    const name = zip.toString('utf8', at + 46, at + 46 + central.nameLength);
    at += 46 + central.nameLength + central.extraLength + central.commentLength;

    const l = central.localAt;
    expect(zip.readUInt32LE(l)).toBe(0x04034b50);
    // The local header must repeat what the central directory says.
    expect({
      version: zip.readUInt16LE(l + 4),
      flags: zip.readUInt16LE(l + 6),
      method: zip.readUInt16LE(l + 8),
      modTime: zip.readUInt16LE(l + 10),
      modDate: zip.readUInt16LE(l + 12),
      crc: zip.readUInt32LE(l + 14),
      compressed: zip.readUInt32LE(l + 18),
      size: zip.readUInt32LE(l + 22),
      name: zip.toString('utf8', l + 30, l + 30 + zip.readUInt16LE(l + 26)),
    }).toEqual({ ...pick(central, ['version', 'flags', 'method', 'modTime', 'modDate', 'crc', 'compressed', 'size']), name });
    const bodyAt = l + 30 + zip.readUInt16LE(l + 26) + zip.readUInt16LE(l + 28);
    const body = zip.subarray(bodyAt, bodyAt + central.compressed);
    expect([0, 8]).toContain(central.method);
    const data = central.method === 8 ? zlib.inflateRawSync(body) : Buffer.from(body);
    expect(data.length).toBe(central.size);
    entries.push({ name, method: central.method, flags: central.flags, crc: central.crc, data, version: central.version, modTime: central.modTime, modDate: central.modDate });
  }
  expect(at).toBe(endAt);
  return entries;
}

function pick<T extends object, K extends keyof T>(o: T, keys: readonly K[]): Pick<T, K> {
  return Object.fromEntries(keys.map((k) => [k, o[k]])) as Pick<T, K>;
}

const hasUnzip = spawnSync('unzip', ['-v'], { stdio: 'ignore' }).status === 0;

describe('zip writer', () => {
  const manifestJson = Buffer.from(`${JSON.stringify({ hello: 'world', list: Array.from({ length: 50 }, (_, i) => i) }, null, 2)}\n`);
  // Pseudo-random bytes (a fixed LCG) that deflate cannot shrink, so 'auto' must store them.
  let seed = 20260314;
  const random = Buffer.from(Array.from({ length: 300 }, () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) >>> 16));
  const inputs = [
    { name: 'manifest.json', data: manifestJson },
    { name: 'blob.bin', data: random },
    { name: 'empty.txt', data: Buffer.alloc(0) },
    { name: 'docs/ünïcode.md', data: Buffer.from('# ü\n') },
  ];

  it('computes the standard CRC-32', () => {
    expect(crc32(Buffer.from('123456789'))).toBe(0xcbf43926);
    expect(crc32(Buffer.alloc(0))).toBe(0);
    expect(crc32(Buffer.from('6789'), crc32(Buffer.from('12345')))).toBe(0xcbf43926);
    const zlibCrc = (zlib as { crc32?: (data: Uint8Array) => number }).crc32;
    if (zlibCrc !== undefined) expect(crc32(random)).toBe(zlibCrc(random));
  });

  it('round-trips names, bytes and CRCs, deflating only where it helps', () => {
    const entries = readZip(writeZip(inputs));
    expect(entries.map((e) => e.name)).toEqual(inputs.map((i) => i.name));
    entries.forEach((entry, i) => {
      expect(entry.data.equals(inputs[i].data)).toBe(true);
      expect(entry.crc).toBe(crc32(inputs[i].data));
    });
    expect(entries.map((e) => e.method)).toEqual([8, 0, 0, 0]);
    expect(entries.map((e) => e.version)).toEqual([20, 10, 10, 10]);
    // The UTF-8 name flag only where the name needs it.
    expect(entries.map((e) => e.flags & 0x0800)).toEqual([0, 0, 0, 0x0800]);
    // 1980-01-01 00:00 in MS-DOS format.
    expect(entries.every((e) => e.modDate === 0x21 && e.modTime === 0)).toBe(true);
  });

  it('honours forced store and forced deflate, and a given timestamp', () => {
    expect(readZip(writeZip(inputs, { compression: 'store' })).map((e) => e.method)).toEqual([0, 0, 0, 0]);
    const deflated = readZip(writeZip(inputs, { compression: 'deflate', modifiedAt: new Date(2026, 2, 14, 15, 9, 26) }));
    expect(deflated.map((e) => e.method)).toEqual([8, 8, 8, 8]);
    expect(deflated.every((e, i) => e.data.equals(inputs[i].data))).toBe(true);
    expect(deflated[0].modDate).toBe(((2026 - 1980) << 9) | (3 << 5) | 14);
    expect(deflated[0].modTime).toBe((15 << 11) | (9 << 5) | 13);
  });

  it('gives the same bytes for the same input', () => {
    expect(writeZip(inputs).equals(writeZip(inputs))).toBe(true);
  });

  it('refuses names that would unpack outside the target folder or collide', () => {
    for (const name of ['../evil', '/etc/passwd', 'C:/x', 'a\\b', 'a//b', './a', '']) {
      expect(() => writeZip([{ name, data: Buffer.alloc(1) }])).toThrow(/zip entry name/);
    }
    expect(() => writeZip([{ name: 'a', data: Buffer.alloc(1) }, { name: 'a', data: Buffer.alloc(1) }])).toThrow("zip entry name 'a' appears twice");
  });

  (hasUnzip ? it : it.skip)('passes unzip -t', () => {
    const dir = tempDir();
    const file = path.join(dir, 'test.zip');
    fs.writeFileSync(file, writeZip(inputs));
    const result = spawnSync('unzip', ['-t', file], { encoding: 'utf8' });
    expect(result.stdout).toContain('No errors detected');
    expect(result.status).toBe(0);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});

describe('npm run package', () => {
  let dir: string;
  beforeEach(() => {
    dir = tempDir();
  });
  afterEach(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('writes manifest.json and both icons at the root of the zip', async () => {
    const outFile = path.join(dir, 'out', 'teams-app.zip');
    const result = await packageApp({ env: SAMPLE_ENV, outFile });
    expect(result.outFile).toBe(outFile);
    const zip = fs.readFileSync(outFile);
    const entries = readZip(zip);
    expect(entries.map((e) => e.name)).toEqual(['manifest.json', 'color.png', 'outline.png']);
    const manifest = JSON.parse(entries[0].data.toString('utf8')) as unknown;
    expect(manifest).toEqual(result.manifest);
    await expect(validateAgainstTeamsSchema(manifest)).resolves.toEqual([]);
    expect(entries[1].data.equals(fs.readFileSync(path.join(MANIFEST_DIR, 'color.png')))).toBe(true);
    expect(entries[2].data.equals(fs.readFileSync(path.join(MANIFEST_DIR, 'outline.png')))).toBe(true);
    expect(readPngHeader(entries[1].data)).toMatchObject({ width: 192, height: 192 });
    expect(readPngHeader(entries[2].data)).toMatchObject({ width: 32, height: 32 });
    // Reproducible: packaging again gives the same bytes.
    await packageApp({ env: SAMPLE_ENV, outFile: path.join(dir, 'again.zip') });
    expect(fs.readFileSync(path.join(dir, 'again.zip')).equals(zip)).toBe(true);
    if (hasUnzip) expect(spawnSync('unzip', ['-t', outFile]).status).toBe(0);
  });

  it('writes nothing when a required variable is missing', async () => {
    const outFile = path.join(dir, 'teams-app.zip');
    const { MicrosoftAppId: _dropped, ...env } = SAMPLE_ENV;
    const error: unknown = await packageApp({ env, outFile }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).message).toContain('MicrosoftAppId: required');
    expect(fs.existsSync(outFile)).toBe(false);
  });

  it('refuses an icon of the wrong size', async () => {
    const manifestDir = path.join(dir, 'manifest');
    fs.mkdirSync(manifestDir);
    for (const file of ['manifest.template.json', 'color.png']) fs.copyFileSync(path.join(MANIFEST_DIR, file), path.join(manifestDir, file));
    fs.copyFileSync(path.join(MANIFEST_DIR, 'color.png'), path.join(manifestDir, 'outline.png'));
    const error: unknown = await packageApp({ env: SAMPLE_ENV, manifestDir, outFile: path.join(dir, 'x.zip'), defaultVersion: '1.0.0' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).message).toBe('outline.png must be 32x32 pixels, it is 192x192');
  });

  it('runs as a script: prints the zip path, or the configuration errors with exit code 1', () => {
    const script = ['-r', './test/support/register-ts.cjs', 'manifest/package-app.ts'];
    // Start from an environment without any packaging variable the machine may have set.
    const baseEnv = Object.fromEntries(Object.entries(process.env).filter(([k]) => !PACKAGING_VARIABLE_NAMES.includes(k)));
    const outFile = path.join(dir, 'cli.zip');
    const ok = spawnSync(process.execPath, [...script, '--out', outFile], { cwd: ROOT, env: { ...baseEnv, ...SAMPLE_ENV }, encoding: 'utf8' });
    expect(ok.stderr).toBe('');
    expect(ok.status).toBe(0);
    expect(ok.stdout.trim()).toBe(outFile);
    expect(readZip(fs.readFileSync(outFile)).map((e) => e.name)).toEqual(['manifest.json', 'color.png', 'outline.png']);

    const failed = spawnSync(process.execPath, [...script, '--out', path.join(dir, 'no.zip')], { cwd: ROOT, env: baseEnv, encoding: 'utf8' });
    expect(failed.status).toBe(1);
    expect(failed.stdout).toBe('');
    expect(failed.stderr).toContain('Cannot package the Teams app; fix these environment variables:\n  MicrosoftAppId: required');
    expect(failed.stderr).not.toMatch(/\n\s+at /); // a configuration problem, not a stack trace
    expect(fs.existsSync(path.join(dir, 'no.zip'))).toBe(false);
  });
});
