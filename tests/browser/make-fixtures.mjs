#!/usr/bin/env node
// Writes the fixtures the dev server answers from when no `scalargrad`
// binary is built: the API's answers (docs/explorer-api.md) for the
// expressions the browser tests use, computed by the engine through the
// command line. Run after `cargo build --release`:
//
//   node tests/browser/make-fixtures.mjs

import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import * as cli from './lib/engine-cli.mjs';
import { fixtureKey, verifyKey } from './dev-server.mjs';
import { MICROGRAD, XSS_FORMULAS, VERIFY, defaultValues } from './cases.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const repository = path.resolve(here, '../..');
const binary = process.env.SCALARGRAD || path.join(repository, 'target/release/scalargrad');
const out = path.join(here, 'fixtures');
fs.mkdirSync(path.join(out, 'lesson'), { recursive: true });

const answer = (compute) => {
  try {
    return compute();
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
const expressions = expressionCases.map(([formula, values]) => ({ key: fixtureKey(formula, values), response: answer(() => cli.expression(binary, formula, values)) }));

const pathCases = [
  [MICROGRAD.formula, MICROGRAD.values, 'a'],
  [MICROGRAD.formula, MICROGRAD.values, 'b'],
  ['x*y + tanh(x)', { x: 1, y: 2 }, 'x'],
  ['x*y + tanh(x)', { x: 1, y: 2 }, 'y'],
];
const paths = pathCases.map(([formula, values, wrt]) => ({ key: fixtureKey(formula, values, wrt), response: answer(() => cli.paths(binary, formula, values, wrt, 50)) }));

const nudgeCases = [[MICROGRAD.formula, MICROGRAD.values, 0.001], ['x*y + tanh(x)', { x: 1, y: 2 }, 0.001]];
const nudges = nudgeCases.map(([formula, values, h]) => ({ key: fixtureKey(formula, values, String(h)), response: answer(() => cli.nudge(binary, formula, values, h)) }));

// "Your derivative": the engine's own server answers (see lib/engine-cli.mjs).
const verifyBodies = [VERIFY.wrong, VERIFY.right, VERIFY.broken]
  .map((derivative) => ({ formula: VERIFY.formula, wrt: 'x', derivative, box: VERIFY.box, points: VERIFY.points }))
  .concat([{ formula: VERIFY.undefined.formula, wrt: 'x', derivative: VERIFY.undefined.derivative, box: VERIFY.box, points: VERIFY.points }]);
const verifies = [];
for (const body of verifyBodies) {
  let response;
  try {
    response = await cli.verify(binary, body);
  } catch (failure) {
    if (!(failure && failure.status)) throw failure;
    response = { status: failure.status, body: failure.body };
  }
  verifies.push({ key: verifyKey(body), response });
}
await cli.stopExplorer();
// The test clicks the first wrong point of the table (the lowest x): the
// graph is then drawn there.
const wrongPoints = verifies[0].response.points.filter((p) => p.verdict === 'disagreed').sort((p, q) => p.at[0] - q.at[0]);
const clicked = { x: wrongPoints[0].at[0] };
expressions.push({ key: fixtureKey(VERIFY.formula, clicked), response: answer(() => cli.expression(binary, VERIFY.formula, clicked)) });
for (const values of [VERIFY.values, VERIFY.undefined.values]) {
  const formula = values === VERIFY.values ? VERIFY.formula : VERIFY.undefined.formula;
  expressions.push({ key: fixtureKey(formula, values), response: answer(() => cli.expression(binary, formula, values)) });
}

fs.writeFileSync(path.join(out, 'verify.json'), `${JSON.stringify(verifies)}\n`);
fs.writeFileSync(path.join(out, 'expressions.json'), `${JSON.stringify(expressions)}\n`);
fs.writeFileSync(path.join(out, 'paths.json'), `${JSON.stringify(paths)}\n`);
fs.writeFileSync(path.join(out, 'nudge.json'), `${JSON.stringify(nudges)}\n`);

// The lesson: each section's text as `scalargrad lesson N` prints it, a few
// of its pictures, and where it opens in the explorer.
const OPEN = {
  1: { view: 'expression', state: new URLSearchParams({ formula: MICROGRAD.formula, 'v.a': '-4', 'v.b': '2' }).toString() },
  2: { view: 'network', state: 'preset=vanishing' },
  3: { view: 'network', state: 'dataset=moons&layers=2&activation=relu' },
  4: { view: 'expression', state: new URLSearchParams({ formula: 'tanh(w1*x1 + w2*x2 + b)', 'v.w1': '-3', 'v.x1': '2', 'v.w2': '1', 'v.x2': '0', 'v.b': '6.8813735870195432' }).toString() },
  5: { view: 'network', state: 'preset=dying_relu' },
  6: { view: 'network', state: 'preset=zero_init' },
  7: { view: 'network', state: 'optimizer=adam&lr=0.01' },
  8: { view: 'network', state: 'dataset=spirals&layers=32,32&optimizer=adam&lr=0.01' },
};
const KEEP = { 1: ['classic.svg'], 3: ['network.svg'], 5: ['z_dead_unit.png'] };
const VI_TITLES = {
  1: 'Value: đồ thị tính toán ghi lại mọi phép toán',
  2: 'Hàm kích hoạt (activation function) và đạo hàm',
  3: 'Ví dụ MLP: lan truyền thuận từng tầng',
  4: 'Lan truyền ngược (backpropagation): ∂J/∂w_ij = e_j·a_i',
  5: 'Ví dụ dying ReLU: nút chết',
  6: 'Khởi tạo bằng 0: tính đối xứng không bị phá vỡ',
  7: 'Optimizer',
  8: 'Pipeline huấn luyện',
};
const scratch = fs.mkdtempSync(path.join(repository, 'target', 'lesson-fixtures-'));
const sections = [];
for (let n = 1; n <= 8; n++) {
  const run = JSON.parse(execFileSync(binary, ['lesson', String(n), '--out', scratch, '--json'], { encoding: 'utf8' }));
  const heading = run.output.split('\n').find((line) => line.startsWith('########')) || `Section ${n}`;
  const title = heading.replace(/^#+\s*Section \d+:\s*/, '').replace(/\s*#+$/, '');
  const pictures = [];
  for (const file of run.files) {
    const name = path.basename(file);
    if (!(KEEP[n] || []).includes(name)) continue;
    fs.mkdirSync(path.join(out, 'lesson', String(n)), { recursive: true });
    fs.copyFileSync(file, path.join(out, 'lesson', String(n), name));
    pictures.push(`/api/lesson/${n}/${name}`);
  }
  const text = run.output.split('\n').filter((line) => !line.startsWith('########')).join('\n').trim();
  sections.push({ number: n, title, text, pictures, open: OPEN[n] });
}
fs.rmSync(scratch, { recursive: true, force: true });
fs.writeFileSync(path.join(out, 'lesson.en.json'), `${JSON.stringify({ sections }, null, 1)}\n`);
// The Vietnamese walkthroughs are the server's to give; here only the titles change.
fs.writeFileSync(path.join(out, 'lesson.vi.json'), `${JSON.stringify({ sections: sections.map((s) => ({ ...s, title: VI_TITLES[s.number] })) }, null, 1)}\n`);
console.log(`fixtures written to ${path.relative(repository, out)}: ${expressions.length} expressions, ${paths.length} paths, ${nudges.length} nudges, ${sections.length} lesson sections`);
