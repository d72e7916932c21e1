// One screenshot while developing: node screenshot.mjs URL out.png [wait-ms] [playwright code run with `page`]
import { chromium } from 'playwright-core';
const [url, out, wait = '800', action = ''] = process.argv.slice(2);
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'] });
const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
page.on('console', (m) => console.log('console', m.type(), m.text()));
page.on('pageerror', (e) => console.log('pageerror', e.message));
await page.goto(url);
await page.waitForTimeout(Number(wait));
if (action) { await new Function('page', `return (async () => { ${action} })()`)(page); }
await page.screenshot({ path: out });
console.log('scroll', await page.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]));
await browser.close();
