#!/usr/bin/env node
// Writes the fixtures the dev server answers from when no `scalargrad`
// binary is built: the API's answers (docs/explorer-api.md) for the
// expressions the browser tests use, asked of the engine's own server
// (`scalargrad explore`). Run after `cargo build --release`:
//
//   node tests/browser/make-fixtures.mjs

import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as cli from './lib/engine-server.mjs';
import { fixtureKey, verifyKey } from './dev-server.mjs';
import { MICROGRAD, XSS_FORMULAS, VERIFY, defaultValues } from './cases.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const repository = path.resolve(here, '../..');
const binary = process.env.SCALARGRAD || path.join(repository, 'target/release/scalargrad');
const out = path.join(here, 'fixtures');
fs.mkdirSync(path.join(out, 'lesson'), { recursive: true });

// Every answer is the engine's own server's (`scalargrad explore`), the one
// the page talks to; a refusal is kept as its status and body.
const answer = async (route, body) => {
  try {
    return await cli.post(binary, route, body);
  } catch (failure) {
    if (failure && failure.status) return { status: failure.status, body: failure.body };
    throw failure;
  }
};

const expressionCases = [
  [MICROGRAD.formula, MICROGRAD.values],
  [MICROGRAD.formula, { a: -3, b: 2 }],
  ['x*y + tanh(x)', { x: 1, y: 2 }],
  ['x*y + tanh(x)', { x: 1.5, y: 2 }],
  ['a + a', { a: 3 }],
  ['tanh(w1*x1 + w2*x2 + b)', { w1: -3, x1: 2, w2: 1, x2: 0, b: 6.8813735870195432 }],
  ['ln(x) + sqrt(x - 3)', { x: 1 }],
  ...XSS_FORMULAS.map((f) => [f, defaultValues(f)]),
];
const expressions = [];
for (const [formula, values] of expressionCases) {
  expressions.push({ key: fixtureKey(formula, values), response: await answer('/api/expression', { formula, values }) });
}

const pathCases = [
  [MICROGRAD.formula, MICROGRAD.values, 'a'],
  [MICROGRAD.formula, MICROGRAD.values, 'b'],
  ['x*y + tanh(x)', { x: 1, y: 2 }, 'x'],
  ['x*y + tanh(x)', { x: 1, y: 2 }, 'y'],
];
const paths = [];
for (const [formula, values, wrt] of pathCases) {
  paths.push({ key: fixtureKey(formula, values, wrt), response: await answer('/api/paths', { formula, values, wrt, limit: 50 }) });
}

const nudgeCases = [[MICROGRAD.formula, MICROGRAD.values, 0.001], ['x*y + tanh(x)', { x: 1, y: 2 }, 0.001]];
const nudges = [];
for (const [formula, values, h] of nudgeCases) {
  nudges.push({ key: fixtureKey(formula, values, String(h)), response: await answer('/api/nudge', { formula, values, h }) });
}

// "Your derivative": the engine's own server answers (see lib/engine-server.mjs).
const verifyBodies = [VERIFY.wrong, VERIFY.right, VERIFY.broken]
  .map((derivative) => ({ formula: VERIFY.formula, wrt: 'x', derivative, box: VERIFY.box, points: VERIFY.points }))
  .concat([{ formula: VERIFY.undefined.formula, wrt: 'x', derivative: VERIFY.undefined.derivative, box: VERIFY.box, points: VERIFY.points }]);
const verifies = [];
for (const body of verifyBodies) {
  verifies.push({ key: verifyKey(body), response: await answer('/api/verify', body) });
}
// The test clicks the first wrong point of the table (the lowest x): the
// graph is then drawn there.
const wrongPoints = verifies[0].response.points.filter((p) => p.verdict === 'disagreed').sort((p, q) => p.at[0] - q.at[0]);
const clicked = { x: wrongPoints[0].at[0] };
expressions.push({ key: fixtureKey(VERIFY.formula, clicked), response: await answer('/api/expression', { formula: VERIFY.formula, values: clicked }) });
// The link the test copies after the right answer opens at that x: its
// slider's range is the box (expression.js, sliderRange), and the same
// derivative is then linked with x^2.
const span = Math.max(5, Math.ceil(Math.abs(clicked.x) * 2));
for (const formula of [VERIFY.formula, 'x^2']) {
  const body = { formula, wrt: 'x', derivative: VERIFY.right, box: { x: [-span, span] }, points: VERIFY.points };
  verifies.push({ key: verifyKey(body), response: await answer('/api/verify', body) });
}
expressions.push({ key: fixtureKey('x^2', clicked), response: await answer('/api/expression', { formula: 'x^2', values: clicked }) });
for (const values of [VERIFY.values, VERIFY.undefined.values]) {
  const formula = values === VERIFY.values ? VERIFY.formula : VERIFY.undefined.formula;
  expressions.push({ key: fixtureKey(formula, values), response: await answer('/api/expression', { formula, values }) });
}

fs.writeFileSync(path.join(out, 'verify.json'), `${JSON.stringify(verifies)}\n`);
fs.writeFileSync(path.join(out, 'expressions.json'), `${JSON.stringify(expressions)}\n`);
fs.writeFileSync(path.join(out, 'paths.json'), `${JSON.stringify(paths)}\n`);
fs.writeFileSync(path.join(out, 'nudge.json'), `${JSON.stringify(nudges)}\n`);

// The lesson: the server's own answers (every section's text, pictures and
// where it opens in the explorer, in both languages), with the pictures of
// a few sections kept as files; the others are left out of the fixtures.
const KEEP_PICTURES_OF = new Set([1, 3, 6]);
const lessons = {};
for (const lang of ['en', 'vi']) {
  const lesson = await cli.get(binary, `/api/lesson?lang=${lang}`);
  for (const section of lesson.sections) {
    const kept = [];
    for (const url of section.pictures) {
      // The dev server answers /api/lesson/N/FILE, without the language.
      const route = url.replace(/\?.*$/, '');
      if (!KEEP_PICTURES_OF.has(section.number)) continue;
      if (lang === 'en') {
        const [, number, name] = route.match(/^\/api\/lesson\/(\d+)\/([a-z0-9_-]+\.(?:svg|png))$/);
        fs.mkdirSync(path.join(out, 'lesson', number), { recursive: true });
        fs.writeFileSync(path.join(out, 'lesson', number, name), await cli.get(binary, url, { bytes: true }));
      }
      kept.push(route);
    }
    section.pictures = kept;
  }
  lessons[lang] = lesson;
  fs.writeFileSync(path.join(out, `lesson.${lang}.json`), `${JSON.stringify(lesson, null, 1)}\n`);
}
await cli.stopExplorer();
const sections = lessons.en.sections;
console.log(`fixtures written to ${path.relative(repository, out)}: ${expressions.length} expressions, ${paths.length} paths, ${nudges.length} nudges, ${sections.length} lesson sections`);
