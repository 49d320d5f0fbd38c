// npm run screenshot -- PATH [--width N] [--height N] [--dark] [--full] [--at SELECTOR] [--out FILE]: a PNG of a built page
// in Debian's Chromium, for looking at what we build. Run `npm run build` first.
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';
import { serveStatic } from './lib/static-server.ts';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    width: { type: 'string', default: '1280' },
    height: { type: 'string', default: '900' },
    dark: { type: 'boolean', default: false },
    full: { type: 'boolean', default: false },
    at: { type: 'string' },
    out: { type: 'string', default: 'screenshot.png' },
  },
});
const { server, url } = await serveStatic('dist');
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium' });
const page = await browser.newPage({
  viewport: { width: Number(values.width), height: Number(values.height) },
  colorScheme: values.dark ? 'dark' : 'light',
});
await page.goto(url + (positionals[0] ?? '/'));
await page.waitForLoadState('networkidle');
if (values.at) {
  // Scroll to the element and give its island time to hydrate.
  await page.evaluate((s) => document.querySelector(s)?.scrollIntoView({ block: 'start' }), values.at);
  await page.waitForLoadState('networkidle');
  await page.waitForTimeout(500);
}
await page.screenshot({ path: values.out, fullPage: values.full });
await browser.close();
server.close();
console.log(`wrote ${values.out}`);
