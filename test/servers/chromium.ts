/**
 * How every test and benchmark starts Debian's Chromium: headless, and with the background
 * services off, since they would try to reach the internet (refused here, many at a time).
 */
export const CHROMIUM_LAUNCH: {
  readonly executablePath: string;
  readonly headless: true;
  readonly args: string[];
} = {
  executablePath: '/usr/bin/chromium',
  headless: true,
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
  ],
};
