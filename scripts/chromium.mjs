// Where Debian's browsers live, and the flags Chromium needs on a closed network (and as root).
import { existsSync } from 'node:fs';

export const chromiumPath = process.env.CHROME_PATH || '/usr/bin/chromium';

export const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
  '--no-first-run',
];

export function assertChromium() {
  if (!existsSync(chromiumPath)) {
    throw new Error(`Chromium not found at ${chromiumPath}: install Debian's chromium or set CHROME_PATH`);
  }
}

export const firefoxPath = process.env.FIREFOX_PATH || '/usr/bin/firefox-esr';

export function assertFirefox() {
  if (!existsSync(firefoxPath)) {
    throw new Error(`Firefox not found at ${firefoxPath}: install Debian's firefox-esr or set FIREFOX_PATH`);
  }
}
