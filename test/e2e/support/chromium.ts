import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

const CANDIDATES = [process.env.CONFAB_CHROMIUM, '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];

/**
 * Finds Debian's Chromium (or CONFAB_CHROMIUM). Browser tests never skip silently: without a
 * browser they fail with the command that installs one.
 */
export function chromiumPath(): string {
  const found = CANDIDATES.find((path): path is string => typeof path === 'string' && existsSync(path));
  if (!found) {
    throw new Error(
      'Chromium is required for the browser tests and was not found. Install it with ' +
        '`sudo apt-get install -y chromium` (or set CONFAB_CHROMIUM to a Chromium binary).',
    );
  }
  return found;
}

/** The flags every Chromium of the tests gets: no sandbox as root, and no calls home (the network is closed). */
export const CHROMIUM_FLAGS: readonly string[] = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Launches headless Chromium with the flags this machine's closed network needs. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath(),
    headless: true,
    args: ['--headless', ...CHROMIUM_FLAGS],
  });
}
