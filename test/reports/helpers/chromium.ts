import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext } from 'playwright-core';
import { PROJECT_ROOT } from '../../../bin/project-root';

/**
 * The browser the report tests drive, provisioned by the tests themselves so that `npm test` passes
 * on a fresh machine: the Chromium shipped inside the npm package @sparticuz/chromium (a
 * devDependency; self-contained: it needs only libc, libgcc and expat), unpacked once into
 * node_modules/.cache. POSTFLIGHT_CHROMIUM names another binary; Debian's /usr/bin/chromium is the
 * fallback. Playwright cannot download browsers here.
 */
export const CHROMIUM_VARIABLE = 'POSTFLIGHT_CHROMIUM';
const DEBIAN_CHROMIUM = '/usr/bin/chromium';
const CACHE = path.join(PROJECT_ROOT, 'node_modules/.cache/postflight');

interface ChromiumBinary {
  executable: string;
  env: Record<string, string>;
  /** Flags this build needs. */
  args: string[];
}

export async function provideChromium(): Promise<ChromiumBinary> {
  const tried: string[] = [];
  const candidates: Array<[string, () => Promise<ChromiumBinary | undefined>]> = [
    [`${CHROMIUM_VARIABLE}`, async () => (process.env[CHROMIUM_VARIABLE] ? { executable: process.env[CHROMIUM_VARIABLE]!, env: {}, args: [] } : undefined)],
    ['@sparticuz/chromium', unpackNpmChromium],
    [DEBIAN_CHROMIUM, async () => (fs.existsSync(DEBIAN_CHROMIUM) ? { executable: DEBIAN_CHROMIUM, env: {}, args: [] } : undefined)],
  ];
  for (const [name, find] of candidates) {
    try {
      const binary = await find();
      if (!binary) continue;
      execFileSync(binary.executable, ['--version'], { env: { ...process.env, ...binary.env }, timeout: 30_000, stdio: 'pipe' });
      return binary;
    } catch (error) {
      tried.push(`${name}: ${(error as Error).message.split('\n')[0]}`);
    }
  }
  throw new Error(
    `No Chromium for the report tests.${tried.length ? ` Tried:\n  ${tried.join('\n  ')}` : ''}\n` +
      `Run \`npm ci\` (it installs @sparticuz/chromium), or install Debian's (\`apt-get install -y chromium\`), or set ${CHROMIUM_VARIABLE} to a Chromium binary.`,
  );
}

/** Unpacks the package's brotli-compressed Chromium (and its fonts) once, atomically, into node_modules/.cache. */
async function unpackNpmChromium(): Promise<ChromiumBinary | undefined> {
  let packageJson: string;
  try {
    packageJson = path.join(path.dirname(fileURLToPath(import.meta.resolve('@sparticuz/chromium'))), '..', 'package.json');
  } catch {
    return undefined;
  }
  const { version } = JSON.parse(fs.readFileSync(packageJson, 'utf8')) as { version: string };
  const target = path.join(CACHE, `chromium-${version}`);
  // A headless shell built for serverless hosts: it finds fonts only through fontconfig (none found
  // aborts it), so it is given the fonts the package ships, with a configuration that points at them.
  const binary = { executable: path.join(target, 'chromium'), env: { FONTCONFIG_PATH: path.join(target, 'fonts') }, args: [] };
  if (fs.existsSync(binary.executable)) return binary;
  fs.mkdirSync(CACHE, { recursive: true });
  const staging = fs.mkdtempSync(path.join(CACHE, `.chromium-${version}-`));
  // The package unpacks into os.tmpdir(): point that at the staging folder while it does.
  const tmpdir = process.env.TMPDIR;
  try {
    process.env.TMPDIR = staging;
    const { default: Chromium } = await import('@sparticuz/chromium');
    Chromium.setGraphicsMode = false;
    await Chromium.executablePath();
  } finally {
    if (tmpdir === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = tmpdir;
  }
  // The package's fonts.conf names the folders of a Lambda host; this one names where the fonts are.
  fs.writeFileSync(
    path.join(staging, 'fonts', 'fonts.conf'),
    `<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig>\n  <dir>${path.join(target, 'fonts', 'fonts')}</dir>\n  <cachedir>${path.join(target, 'fonts', 'cache')}</cachedir>\n</fontconfig>\n`,
  );
  try {
    fs.renameSync(staging, target);
  } catch (error) {
    // Another test process unpacked it first.
    fs.rmSync(staging, { recursive: true, force: true });
    if (!fs.existsSync(binary.executable)) throw error;
  }
  return binary;
}

export interface HeadlessChromium {
  context: BrowserContext;
  /** Every URL the pages asked for, including any that were refused. */
  requests: string[];
  close(): Promise<void>;
}

/**
 * Headless Chromium with a fresh profile and nothing running in the background, so that every
 * request it makes comes from the page under test — and is recorded. Requests to any origin other
 * than `allowedOrigin` are recorded, then refused.
 */
export async function launchChromium(allowedOrigin: string): Promise<HeadlessChromium> {
  const binary = await provideChromium();
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'postflight-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: binary.executable,
    env: { ...process.env, ...binary.env } as Record<string, string>,
    headless: true,
    viewport: { width: 1400, height: 1000 },
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', ...binary.args],
  });
  const requests: string[] = [];
  context.on('request', (request) => requests.push(request.url()));
  await context.route('**/*', (route) => (new URL(route.request().url()).origin === allowedOrigin ? route.continue() : route.abort('blockedbyclient')));
  return {
    context,
    requests,
    close: async () => {
      await context.close();
      // Chromium keeps its singleton socket in a directory of its own under the temp directory.
      const socketDirectory = singletonSocketDirectory(profile);
      if (socketDirectory) fs.rmSync(socketDirectory, { recursive: true, force: true });
      fs.rmSync(profile, { recursive: true, force: true });
    },
  };
}

function singletonSocketDirectory(profile: string): string | undefined {
  try {
    const directory = path.dirname(fs.readlinkSync(path.join(profile, 'SingletonSocket')));
    return path.basename(directory).startsWith('org.chromium.Chromium.') && path.dirname(directory) === os.tmpdir() ? directory : undefined;
  } catch {
    return undefined;
  }
}
