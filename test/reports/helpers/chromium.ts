import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';

/** Debian's Chromium (`apt-get install -y chromium`); playwright cannot download browsers here. */
export const CHROMIUM = '/usr/bin/chromium';

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
  if (!fs.existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} not found: install it with \`apt-get update && apt-get install -y chromium\`.`);
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'postflight-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1400, height: 1000 },
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
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
