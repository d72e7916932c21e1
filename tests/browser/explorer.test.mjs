// Browser tests of the explorer page, in headless Chromium (Debian's
// package) driven by playwright-core.
//
//   cd tests/browser && npm ci && node explorer.test.mjs
//
// SCALARGRAD_BIN=path/to/scalargrad runs them against the real server
// (`scalargrad explore --port 0`, started and stopped here; what CI does).
// EXPLORER_URL=http://127.0.0.1:PORT/ runs them against a server already
// running. With neither, they use the dev server on the fixtures (no build
// needed). Screenshots go to tests/browser/out/.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { spawn, execFileSync } from 'node:child_process';
import { chromium } from 'playwright-core';
import { startServer } from './dev-server.mjs';
import { MICROGRAD, XSS_FORMULAS, VERIFY } from './cases.mjs';
import { moduleOrder } from './lib/inline.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const out = path.join(here, 'out');
fs.mkdirSync(out, { recursive: true });

let server = null;
let child = null; // the real server, when SCALARGRAD_BIN names it
const binary = process.env.SCALARGRAD_BIN ? path.resolve(process.env.SCALARGRAD_BIN) : '';
let base = process.env.EXPLORER_URL || '';

/** Starts `scalargrad explore --port 0` and resolves with the URL it prints. */
function startBinary() {
  return new Promise((resolve, reject) => {
    child = spawn(binary, ['explore', '--port', '0'], { stdio: ['ignore', 'pipe', 'inherit'] });
    let seen = '';
    const timer = setTimeout(() => reject(new Error(`no URL from ${binary}: ${seen}`)), 30000);
    child.stdout.on('data', (chunk) => {
      seen += chunk;
      const url = seen.match(/http:\/\/127\.0\.0\.1:\d+\//);
      if (url) {
        clearTimeout(timer);
        resolve(url[0]);
      }
    });
    child.on('exit', (code) => reject(new Error(`${binary} exited with ${code}: ${seen}`)));
  });
}
let browser;
const problems = []; // console errors and page errors, checked at the end

before(async () => {
  if (!base && binary) base = await startBinary();
  if (!base) {
    server = await startServer({ port: 0, fixturesOnly: !process.env.EXPLORER_LIVE, quiet: true });
    base = server.url;
  }
  if (!base.endsWith('/')) base += '/';
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
});

after(async () => {
  if (browser) await browser.close();
  if (server) await server.close();
  if (child) child.kill();
});

/** A fresh page at 1280 × 720 whose console errors are collected. */
async function open(hash = '', { expectErrors = false } = {}) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 720 }, locale: 'en-US' });
  const page = await context.newPage();
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() !== 'error') return;
    // A refused request (4xx) is logged by the browser itself; the page shows it.
    if (expectErrors && /Failed to load resource/.test(message.text())) return;
    problems.push(`console on ${page.url()}: ${message.text()}`);
  });
  await page.goto(`${base}${hash}`);
  return page;
}

async function shot(page, name) {
  await page.screenshot({ path: path.join(out, `${name}.png`) });
}

/** The text of the box of variable `name`: its data and grad cells. */
async function variableBox(page, name) {
  return page.evaluate((wanted) => {
    for (const box of document.querySelectorAll('.box.kind-variable')) {
      if (box.querySelector('.label').textContent === wanted) {
        return { data: box.querySelector('.data').textContent, grad: box.querySelector('.grad').textContent };
      }
    }
    return null;
  }, name);
}

async function stepCounter(page) {
  const text = await page.textContent('.step-number');
  const [, step, total] = text.match(/(\d+) \/ (\d+)/);
  return { step: Number(step), total: Number(total) };
}

async function noSidewaysScroll(page) {
  const [scroll, client] = await page.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]);
  assert.ok(scroll <= client, `the page scrolls sideways: ${scroll} > ${client}`);
}

test('expression view: micrograd\'s expression stepped to the end shows a.grad = 138.8338 and b.grad = 645.5773', async () => {
  const page = await open();
  await page.waitForSelector('.box.kind-variable');
  assert.equal(await page.inputValue('#formula'), MICROGRAD.formula);
  let { step, total } = await stepCounter(page);
  assert.equal(step, 0);
  assert.deepEqual(await variableBox(page, 'a'), { data: 'data -4.0000', grad: 'grad 0.0000' });
  await shot(page, 'expression-start');
  await noSidewaysScroll(page);

  // The forward pass, node by node, then the backward pass edge by edge,
  // watching a's grad accumulate.
  const aGrads = new Set();
  let sawCaption = false;
  for (let k = 0; k < total; k++) {
    await page.keyboard.press('ArrowRight');
    const box = await variableBox(page, 'a');
    aGrads.add(box.grad);
    if (k % 10 === 0) assert.doesNotMatch(await page.textContent('.caption'), /\[object|undefined/);
    if (!sawCaption && (await page.locator('.caption .product').count()) > 0) {
      sawCaption = true;
      const caption = await page.textContent('.caption');
      assert.match(caption, /upstream/);
      assert.match(caption, /local/);
      assert.match(caption, /contribution/);
    }
    if (k === total - 40) await shot(page, 'expression-backward');
  }
  ({ step } = await stepCounter(page));
  assert.equal(step, total);
  assert.ok(sawCaption, 'no caption upstream × local = contribution');
  assert.ok(aGrads.size >= 4, `a's grad should grow through several contributions, saw ${[...aGrads].join(', ')}`);
  assert.deepEqual(await variableBox(page, 'a'), { data: 'data -4.0000', grad: `grad ${MICROGRAD.grads.a}` });
  assert.deepEqual(await variableBox(page, 'b'), { data: 'data 2.0000', grad: `grad ${MICROGRAD.grads.b}` });
  // The exact number on hover.
  const title = await page.evaluate(() => [...document.querySelectorAll('.box.kind-variable')].find((b) => b.querySelector('.label').textContent === 'a').querySelector('title').textContent);
  assert.match(title, /grad = 138\.83381924198/);
  await shot(page, 'expression-end');

  // Step back, and the URL keeps the step.
  await page.keyboard.press('ArrowLeft');
  assert.equal((await stepCounter(page)).step, total - 1);
  await page.waitForFunction(() => /step=\d+/.test(location.hash));
  await page.waitForTimeout(300);
  assert.match(page.url(), new RegExp(`step=${total - 1}`));
  assert.match(page.url(), /v\.a=-4/);
  await page.context().close();
});

test('expression view: changing a variable updates every number and keeps the step', async () => {
  const page = await open();
  await page.waitForSelector('.box.kind-variable');
  for (let k = 0; k < 100; k++) await page.keyboard.press('ArrowRight');
  const before = await stepCounter(page);
  await page.fill('.var-number[data-var="a"]', '-3');
  await page.waitForFunction(() => [...document.querySelectorAll('.box.kind-variable .data')].some((t) => t.textContent === 'data -3.0000'));
  const afterChange = await stepCounter(page);
  assert.equal(afterChange.step, before.step);
  const slider = await page.inputValue('.var-slider[data-var="a"]');
  assert.equal(Number(slider), -3);
  await page.context().close();
});

test('expression view: a link reproduces formula, values and step', async () => {
  // x*y + tanh(x): 3 forward steps, then the seed and 5 edges; step 8 is
  // before the last edge (into y), step 9 the end.
  const params = new URLSearchParams({ formula: 'x*y + tanh(x)', 'v.x': '1', 'v.y': '2', step: '8' });
  const page = await open(`#expression?${params}`);
  await page.waitForSelector('.box.kind-variable');
  assert.equal(await page.inputValue('#formula'), 'x*y + tanh(x)');
  assert.deepEqual(await stepCounter(page), { step: 8, total: 9 });
  assert.deepEqual(await variableBox(page, 'x'), { data: 'data 1.0000', grad: 'grad 2.4200' });
  assert.deepEqual(await variableBox(page, 'y'), { data: 'data 2.0000', grad: 'grad 0.0000' });
  await page.keyboard.press('ArrowRight');
  assert.deepEqual(await variableBox(page, 'y'), { data: 'data 2.0000', grad: 'grad 1.0000' });
  await page.context().close();
});

test('expression view: paths to the root sum to the gradient; the nudge shows grad·h next to the actual change', async () => {
  const page = await open();
  await page.waitForSelector('.box.kind-variable');
  await page.selectOption('.paths-wrt', 'a');
  await page.click('.paths-go');
  await page.waitForSelector('.path-item');
  const sum = await page.textContent('.panel-body .sum-line');
  assert.match(sum, new RegExp(`${MICROGRAD.grads.a}.*= a\\.grad.*${MICROGRAD.grads.a}`));
  await page.click('.path-item >> nth=0');
  assert.ok(await page.locator('.zoom-canvas.path-mode').count(), 'the path is highlighted');
  assert.ok((await page.locator('.box.on-path').count()) >= 2);
  await shot(page, 'expression-paths');
  await page.click('.panel-tab[data-panel="nudge"]');
  await page.click('.nudge-go');
  await page.waitForSelector('.nudge-table tbody tr');
  const rows = await page.locator('.nudge-table tbody tr').allTextContents();
  assert.equal(rows.length, 2);
  assert.match(rows[0], /^a138\.83380\.1388/);
  await shot(page, 'expression-nudge');
  await page.context().close();
});

test('expression view: a NaN is marked where it was born', async () => {
  const params = new URLSearchParams({ formula: 'ln(x) + sqrt(x - 3)', 'v.x': '1' });
  const page = await open(`#expression?${params}`);
  await page.waitForSelector('.anomaly-line');
  assert.match(await page.textContent('.anomaly-line'), /NaN value born at #\d+/);
  assert.ok((await page.locator('.box.anomaly').count()) >= 1);
  await page.click('.anomaly-line');
  assert.match(await page.textContent('.node-table'), /sqrt/);
  await shot(page, 'expression-nan');
  await page.context().close();
});

test('expression view: your derivative is checked against autograd, the wrong points marked and one click away', async () => {
  const params = new URLSearchParams({ formula: VERIFY.formula, 'v.x': '1' });
  const page = await open(`#expression?${params}`, { expectErrors: true });
  await page.waitForSelector('.box.kind-variable');
  await page.click('.panel-tab[data-panel="verify"]');
  assert.match(await page.textContent('.verify-label'), /∂f\/∂/);

  // The chain rule forgotten: d/dx sin(x²) is 2x·cos(x²), not cos(x²).
  await page.fill('.verify-derivative', VERIFY.wrong);
  await page.click('.verify-go');
  await page.waitForSelector('.verify-verdict');
  const verdict = await page.textContent('.verify-verdict');
  const [, wrong, total] = verdict.match(/^Wrong at (\d+) of (\d+) points/);
  assert.equal(Number(total), VERIFY.points);
  assert.ok(Number(wrong) >= 95, verdict);
  assert.equal(await page.locator('.verify-yours.wrong').count(), Number(wrong), 'every wrong point is marked on the plot');
  assert.equal(await page.locator('.verify-gap').count(), Number(wrong));
  assert.equal(await page.locator('.verify-autograd').count(), VERIFY.points);
  // The table: the wrong points in order of x, each with yours = cos(x²)
  // and autograd's = 2x·cos(x²) (4 decimals, so x is known to 5e-5).
  const rows = await page.$$eval('.verify-table tbody tr', (trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => Number(td.textContent))));
  assert.equal(rows.length, 8);
  for (const [x, yours, autograd, difference] of rows) {
    assert.ok(Math.abs(x) <= 5);
    assert.ok(Math.abs(yours - Math.cos(x * x)) < 1e-3 * (1 + Math.abs(x)), `${x}: yours ${yours}`);
    assert.ok(Math.abs(autograd - 2 * x * Math.cos(x * x)) < 2e-3 * (1 + x * x), `${x}: autograd ${autograd}`);
    assert.ok(Math.abs(difference - (yours - autograd)) < 2e-4, `${x}: difference ${difference}`);
  }
  assert.ok(rows.every((row, k) => k === 0 || rows[k - 1][0] <= row[0]), 'in order of x');
  await page.evaluate(() => { document.querySelector('.step-panel').scrollTop = 10000; });
  await shot(page, 'expression-verify-wrong');
  await noSidewaysScroll(page);

  // A click moves x to that point and the graph is drawn there.
  await page.click('.verify-table tbody tr >> nth=0');
  const x = rows[0][0].toFixed(4);
  await page.waitForFunction((wanted) => [...document.querySelectorAll('.box.kind-variable .data')].some((t) => t.textContent === `data ${wanted}`), x);
  assert.ok(Math.abs(Number(await page.inputValue('.var-number[data-var="x"]')) - rows[0][0]) < 1e-4);

  // The right answer; then a formula error, pointed at in the derivative.
  await page.click('.panel-tab[data-panel="verify"]');
  await page.fill('.verify-derivative', VERIFY.right);
  await page.click('.verify-go');
  await page.waitForFunction(() => /^Right at all 100 points/.test(document.querySelector('.verify-verdict')?.textContent ?? ''));
  assert.equal(await page.locator('.verify-yours.wrong').count(), 0);
  assert.equal(await page.locator('.verify-yours').count(), VERIFY.points);
  await shot(page, 'expression-verify-right');
  // The link holds the check: opened afresh, the page shows the same tab,
  // derivative and verdict without a click.
  const link = await page.evaluate(() => location.hash);
  const linked = new URLSearchParams(link.slice(link.indexOf('?') + 1));
  assert.equal(linked.get('panel'), 'verify');
  assert.equal(linked.get('wrt'), 'x');
  assert.equal(linked.get('d'), VERIFY.right);
  const again = await open(link);
  await again.waitForFunction(() => /^Right at all 100 points/.test(document.querySelector('.verify-verdict')?.textContent ?? ''));
  assert.equal(await again.inputValue('.verify-derivative'), VERIFY.right);
  assert.equal(await again.getAttribute('.panel-tab[data-panel="verify"]', 'aria-selected'), 'true');
  await shot(again, 'expression-verify-from-link');
  // A link to another formula with the same derivative checks it again:
  // d/dx x² is not 2x·cos(x²).
  const other = new URLSearchParams(linked);
  other.set('formula', 'x^2');
  await again.evaluate((hash) => { location.hash = hash; }, `#expression?${other}`);
  await again.waitForFunction(() => /^Wrong at/.test(document.querySelector('.verify-verdict')?.textContent ?? ''));
  await again.context().close();
  await page.fill('.verify-derivative', VERIFY.broken);
  await page.click('.verify-go');
  await page.waitForSelector('.verify-error');
  // The error is the server's; the caret under column 5 (cos's `(` is
  // reported at the function's name) is the page's.
  assert.equal(await page.textContent('.verify-error'), 'your derivative: this `(` is never closed at column 5');
  assert.equal(await page.textContent('.verify-caret'), `${VERIFY.broken}\n    ^`);
  assert.equal(await page.evaluate(() => document.activeElement.className), 'verify-derivative');
  await shot(page, 'expression-verify-error');
  await page.context().close();
});

test('expression view: where autograd has no derivative, your derivative is not blamed', async () => {
  const { formula, derivative } = VERIFY.undefined;
  const page = await open(`#expression?${new URLSearchParams({ formula, 'v.x': '1' })}`);
  await page.waitForSelector('.box.kind-variable');
  await page.click('.panel-tab[data-panel="verify"]');
  await page.fill('.verify-derivative', derivative);
  await page.press('.verify-derivative', 'Enter');
  await page.waitForSelector('.verify-verdict');
  // ln x is NaN for x < 0: about half the points of −5..5 are undefined.
  const verdict = await page.textContent('.verify-verdict');
  const [, agreed, total] = verdict.match(/^Right at the (\d+) of (\d+) points where autograd has a derivative/);
  const undefinedMarks = await page.locator('.verify-undefined-mark').count();
  assert.equal(Number(agreed) + undefinedMarks, Number(total));
  assert.ok(undefinedMarks > 20 && undefinedMarks < 80, `${undefinedMarks}`);
  assert.match(await page.textContent('.verify-undefined'), /^Undefined at \d+ points: autograd itself has no derivative there.*f is NaN here/);
  await page.context().close();
});

test('safety: formulas holding markup show as characters, in the error and from a link', async () => {
  const page = await open('', { expectErrors: true });
  await page.waitForSelector('.box.kind-variable');
  for (const formula of XSS_FORMULAS) {
    await page.fill('#formula', formula);
    await page.press('#formula', 'Enter');
    // Wait for this formula's answer (the box may still show the last one).
    await page.waitForFunction((f) => {
      const box = document.querySelector('.error-box');
      return box && !box.hidden && box.textContent.includes(f.slice(0, 20));
    }, formula);
    const shown = await page.textContent('.error-box');
    // The server's sentence, and the formula under a caret when it names a column.
    assert.doesNotMatch(shown, /no fixture/);
    if (await page.locator('.error-box pre.caret').count()) {
      assert.ok(shown.includes(formula.slice(0, 40)), `the formula shows as characters: ${shown}`);
      assert.match(await page.textContent('.error-box pre.caret'), /\n *\^$/);
    }
    assert.equal(await page.evaluate(() => window.__xss), undefined, `markup ran for ${formula}`);
    assert.equal(await page.locator('main img, main script, .error-box svg').count(), 0);
  }
  await shot(page, 'xss-error');
  await page.context().close();
  const linked = await open(`#expression?${new URLSearchParams({ formula: XSS_FORMULAS[1], 'v.<img src=x onerror=alert(1)>': '1' })}`, { expectErrors: true });
  await linked.waitForSelector('.error-box:not([hidden])');
  assert.equal(await linked.inputValue('#formula'), XSS_FORMULAS[1]);
  assert.equal(await linked.evaluate(() => window.__xss), undefined);
  assert.equal(await linked.locator('main img').count(), 0);
  await linked.context().close();
});

test('keyboard: every stepping control is reachable; space plays and pauses', async () => {
  const page = await open();
  await page.waitForSelector('.box.kind-variable');
  const reached = new Set();
  for (let k = 0; k < 40; k++) {
    await page.keyboard.press('Tab');
    const name = await page.evaluate(() => document.activeElement?.getAttribute('aria-label') || document.activeElement?.className || '');
    reached.add(name);
  }
  for (const label of ['step (→)', 'step back (←)', 'jump to the start (Home)', 'jump to the end (End)', 'zoom in', 'show the whole graph']) {
    assert.ok(reached.has(label), `Tab never reaches "${label}"`);
  }
  await page.click('.graph-pane', { position: { x: 5, y: 5 } });
  await page.keyboard.press(' ');
  await page.waitForTimeout(700);
  assert.equal(await page.getAttribute('.step-button.play', 'aria-pressed'), 'true');
  await page.keyboard.press(' ');
  const { step } = await stepCounter(page);
  assert.ok(step >= 2, `playing advanced to step ${step}`);
  await page.context().close();
});

test('network view: trains moons to 95 % accuracy, updating at least 5 times a second; a neuron\'s e_j·a_i rows', async () => {
  const page = await open('#network');
  await page.waitForSelector('.unit:not(.input)');
  await noSidewaysScroll(page);
  await page.click('.train');
  const seen = [];
  const started = Date.now();
  while (Date.now() - started < 30000) {
    const value = await page.textContent('.stat:nth-child(4) .stat-value');
    const step = await page.textContent('.stat:nth-child(1) .stat-value');
    seen.push({ t: Date.now() - started, step: Number(step), accuracy: parseFloat(value) });
    if (parseFloat(value) >= 95 && Date.now() - started > 2000) break;
    await page.waitForTimeout(50);
  }
  const last = seen[seen.length - 1];
  assert.ok(last.accuracy >= 95, `accuracy ${last.accuracy} % after ${last.t} ms`);
  const firstSecond = seen.filter((s) => s.t >= 500 && s.t < 1500);
  const updates = new Set(firstSecond.map((s) => s.step)).size;
  assert.ok(updates >= 5, `only ${updates} updates in a second`);
  await shot(page, 'network-training');
  await page.click('.train');
  await page.click('.unit:not(.input) >> nth=3');
  await page.waitForSelector('.neuron-table tbody tr');
  const rows = await page.locator('.neuron-table tbody tr').count();
  assert.equal(rows, 3, 'two weights and the bias of a first-layer unit');
  assert.match(await page.textContent('.neuron-panel'), /e_j·a_i equals autograd/);
  await shot(page, 'network-neuron');
  await page.context().close();
});

test('network view: the lesson\'s situations load in one click', async () => {
  const page = await open('#network');
  await page.waitForSelector('.unit:not(.input)');
  await page.click('.preset[data-preset="dying_relu"]');
  await page.waitForSelector('.unit.dead');
  assert.match(page.url(), /preset=dying_relu/);
  await shot(page, 'network-dying-relu');
  await page.click('.preset[data-preset="zero_init"]');
  await page.waitForSelector('.unit.symmetric');
  await shot(page, 'network-zero-init');
  await page.click('.preset[data-preset="vanishing"]');
  await page.waitForFunction(() => document.querySelectorAll('.net-labels .layer-title').length >= 6);
  await page.context().close();
});

test('lesson view: sections with text and pictures, each opening its example', async () => {
  const page = await open('#lesson');
  await page.waitForSelector('.lesson-link');
  assert.equal(await page.locator('.lesson-link').count(), 9);
  assert.ok((await page.textContent('.lesson-text')).includes('138.8338'));
  await noSidewaysScroll(page);
  await shot(page, 'lesson');
  await page.click('.lesson-link[data-section="6"]');
  await page.click('.open-link');
  await page.waitForSelector('.unit.dead');
  await page.context().close();
});

test('language: the VI switch translates the page', async () => {
  const page = await open();
  await page.waitForSelector('.box.kind-variable');
  for (let k = 0; k < 120; k++) await page.keyboard.press('ArrowRight');
  await page.click('.lang[data-lang="vi"]');
  assert.equal(await page.textContent('.tab[data-view="expression"]'), 'biểu thức');
  assert.match(await page.textContent('.caption'), /gradient truyền về/);
  await shot(page, 'expression-vi');
  await page.click('.tab[data-view="network"]');
  await page.waitForSelector('.unit:not(.input)');
  await noSidewaysScroll(page);
  await shot(page, 'network-vi');
  await page.click('.lang[data-lang="en"]');
  await page.context().close();
});

test('static export: the inlined page steps from file:// with no server and no network', async () => {
  const file = path.join(out, 'static-export.html');
  if (binary) {
    // What a user types: the program writes the page.
    execFileSync(binary, ['explore', 'x*y + tanh(x)', 'x=1', 'y=2', '--html', file]);
  } else {
    const params = new URLSearchParams({ formula: 'x*y + tanh(x)', 'v.x': '1', 'v.y': '2' });
    const response = await fetch(`${base}export.html?${params}`);
    assert.equal(response.status, 200, 'the dev server writes the static page');
    fs.writeFileSync(file, await response.text());
  }
  const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
  const page = await context.newPage();
  const requests = [];
  page.on('request', (request) => requests.push(request.url()));
  page.on('pageerror', (error) => problems.push(`static page error: ${error.message}`));
  await page.goto(pathToFileURL(file).href);
  await page.waitForSelector('.box.kind-variable');
  assert.equal(await page.locator('.tab').count(), 1, 'only the expression view');
  assert.ok(await page.locator('#formula[readonly]').count());
  await page.keyboard.press('End');
  assert.deepEqual(await variableBox(page, 'x'), { data: 'data 1.0000', grad: 'grad 2.4200' });
  assert.match(await page.textContent('.panel-body'), /Needs the server/);
  await shot(page, 'static-export');
  assert.deepEqual(requests.filter((url) => !url.startsWith('file:') && !url.startsWith('data:')), []);
  await context.close();
});

test('static export: the modules inline in the order src/explore/assets/README.md gives', () => {
  const assets = path.resolve(here, '../../src/explore/assets');
  const files = {};
  for (const name of fs.readdirSync(assets)) if (/\.(js|html|css)$/.test(name)) files[name] = fs.readFileSync(path.join(assets, name), 'utf8');
  assert.deepEqual(moduleOrder(files), ['i18n.js', 'app.js', 'graph.js', 'expression.js', 'network.js', 'lesson.js', 'main.js']);
  for (const [name, text] of Object.entries(files)) {
    if (!name.endsWith('.js')) continue;
    for (const line of text.split('\n')) {
      if (/^\s*(import|export)\b/.test(line)) assert.match(line, /^(import \{[^}]*\} from '\.\/[a-z0-9_-]+\.js';|export (async )?(function|const|class) )/, `${name}: ${line}`);
    }
  }
});

test('no console errors on any page', () => {
  assert.deepEqual(problems, []);
});
