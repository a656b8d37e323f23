import fs from 'node:fs';
import path from 'node:path';
import { AppError, ValidationError } from '../core/errors';
import { type TeamsManifest } from './app-manifest-schema';
import { paintColorIcon, paintOutlineIcon } from './icon-painter';
import { buildValidManifest, readManifestTemplate } from './manifest-builder';
import { loadPackagingConfig, PACKAGING_VARIABLES } from './packaging-config';
import { encodePng, readPngHeader } from './png-encoder';
import { writeZip } from './zip-writer';

/**
 * Builds the Teams app package: manifest.json (the template filled from the environment and
 * validated offline against the v1.22 schema) plus the two icons, zipped at the archive root,
 * which is where Teams looks for them.
 *
 *   npm run package                         writes dist/teams-app.zip and prints its path
 *   npm run package -- --out some/app.zip   somewhere else
 *   npm run package -- --draw-icons         redraws manifest/color.png and manifest/outline.png
 */

const MANIFEST_DIR = __dirname;
const REPO_ROOT = path.resolve(__dirname, '..');
export const DEFAULT_PACKAGE_FILE: string = path.join(REPO_ROOT, 'dist', 'teams-app.zip');

/** The icon files the manifest names, with the size Teams requires of each. */
const ICONS = [
  { file: 'color.png', width: 192, height: 192 },
  { file: 'outline.png', width: 32, height: 32 },
] as const;

export interface PackageAppOptions {
  readonly env: NodeJS.ProcessEnv;
  readonly outFile?: string;
  /** Where the template and the icons are read from; this folder unless a test says otherwise. */
  readonly manifestDir?: string;
  /** IRM_APP_VERSION's default; package.json's version unless given. */
  readonly defaultVersion?: string;
}

export interface PackageAppResult {
  readonly outFile: string;
  readonly manifest: TeamsManifest;
  /** Entry names in archive order. */
  readonly entries: readonly string[];
}

export async function packageApp(options: PackageAppOptions): Promise<PackageAppResult> {
  const manifestDir = options.manifestDir ?? MANIFEST_DIR;
  const outFile = path.resolve(options.outFile ?? DEFAULT_PACKAGE_FILE);
  const config = loadPackagingConfig(options.env, { appVersion: options.defaultVersion ?? readPackageVersion() });
  const manifest = await buildValidManifest(readManifestTemplate(path.join(manifestDir, 'manifest.template.json')), config);

  if (manifest.icons.color !== 'color.png' || manifest.icons.outline !== 'outline.png') {
    throw new ValidationError('the manifest must name its icons color.png and outline.png, the files this script packs');
  }
  const icons = ICONS.map(({ file, width, height }) => ({ name: file, data: readIcon(path.join(manifestDir, file), width, height) }));

  const entries = [{ name: 'manifest.json', data: Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`, 'utf8') }, ...icons];
  fs.mkdirSync(path.dirname(outFile), { recursive: true });
  // Write beside the target and rename, so an interrupted run never leaves half a zip behind.
  const partial = `${outFile}.partial`;
  fs.writeFileSync(partial, writeZip(entries));
  fs.renameSync(partial, outFile);
  return { outFile, manifest, entries: entries.map((e) => e.name) };
}

/**
 * The schema only sees the icons' file names and Teams refuses a wrong size at upload time, so the
 * PNG header is checked here, before anything is written.
 */
function readIcon(file: string, width: number, height: number): Buffer {
  const bytes = fs.readFileSync(file);
  let header;
  try {
    header = readPngHeader(bytes);
  } catch (error: unknown) {
    throw new ValidationError(`${path.basename(file)}: ${error instanceof Error ? error.message : String(error)}`, [], { cause: error });
  }
  if (header.width !== width || header.height !== height) {
    throw new ValidationError(`${path.basename(file)} must be ${width}x${height} pixels, it is ${header.width}x${header.height}`);
  }
  return bytes;
}

/** Redraws both icons from their geometry and returns the files written. */
export function drawIcons(manifestDir: string = MANIFEST_DIR): string[] {
  const written: string[] = [];
  for (const [file, image] of [
    ['color.png', paintColorIcon()],
    ['outline.png', paintOutlineIcon()],
  ] as const) {
    const target = path.join(manifestDir, file);
    fs.writeFileSync(target, encodePng(image));
    written.push(target);
  }
  return written;
}

function readPackageVersion(): string {
  const parsed = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { version?: unknown };
  return typeof parsed.version === 'string' ? parsed.version : '';
}

const USAGE = `usage: npm run package [-- --out <file.zip>]
       npm run package -- --draw-icons

Environment (read when packaging): ${PACKAGING_VARIABLES.join(', ')}.
See manifest/README.md.`;

/** Exit codes: 0 done, 1 packaging failed (bad configuration, invalid manifest), 2 usage error. */
export async function main(argv: readonly string[]): Promise<number> {
  let outFile: string | undefined;
  let draw = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--help' || arg === '-h') {
      console.log(USAGE);
      return 0;
    } else if (arg === '--draw-icons') {
      draw = true;
    } else if (arg === '--out' && argv[i + 1] !== undefined) {
      outFile = argv[++i];
    } else if (arg.startsWith('--out=')) {
      outFile = arg.slice('--out='.length);
    } else {
      console.error(`unknown argument '${arg}'\n${USAGE}`);
      return 2;
    }
  }

  if (draw) {
    for (const file of drawIcons()) console.log(path.relative(process.cwd(), file));
    return 0;
  }
  try {
    const result = await packageApp({ env: process.env, outFile });
    console.log(result.outFile);
    return 0;
  } catch (error: unknown) {
    // Our own errors carry a message written for the deployer; anything else is a bug, so keep the stack.
    console.error(error instanceof AppError ? error.message : error);
    return 1;
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    },
  );
}
