// The explorer API's expression answers (docs/explorer-api.md), built from
// the `scalargrad` command line's JSON (`trace`, `paths`, `grad`), for the
// dev server and the fixtures. A stand-in for the real server while it is
// being written: the numbers are the engine's, the layout is a simple
// layered one made here (the real server uses inspect::layered).

import { execFileSync, spawn } from 'node:child_process';

/** Runs `scalargrad <args>`; returns parsed JSON or throws {error, column}. */
function run(binary, args) {
  try {
    return JSON.parse(execFileSync(binary, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 10000 }));
  } catch (failure) {
    const text = String(failure.stderr || failure.message || failure);
    const line = text.split('\n').find((l) => l.startsWith('scalargrad: error:')) || text.split('\n')[0];
    const message = line.replace(/^scalargrad: error:\s*/, '');
    const column = message.match(/at column (\d+)/);
    throw { status: 400, body: { error: message, ...(column ? { column: Number(column[1]) } : {}) } };
  }
}

function assignments(values) {
  return Object.entries(values).map(([name, value]) => `${name}=${value}`);
}

/** NaN and infinities as the API writes them. */
export function jsonNumber(x) {
  if (Number.isNaN(x)) return 'NaN';
  if (x === Infinity) return 'inf';
  if (x === -Infinity) return '-inf';
  return x;
}

function readNumber(x) {
  if (x === null || x === 'NaN' || x === 'nan') return NaN;
  if (x === 'inf' || x === 'Infinity') return Infinity;
  if (x === '-inf' || x === '-Infinity') return -Infinity;
  return Number(x);
}

const WITH_CONSTANT = new Set(['powf', 'leaky_relu', 'elu', 'swish']);

/** `POST /api/expression` for (formula, values). */
export function expression(binary, formula, values) {
  for (const [name, value] of Object.entries(values)) {
    if (typeof value !== 'number' || !Number.isFinite(value)) throw { status: 400, body: { error: `the value of \`${name}\` is not a finite number` } };
  }
  const trace = run(binary, ['trace', formula, ...assignments(values), '--json']);
  const root = trace.backward.root;
  const steps = trace.forward.steps;
  const finalGrad = new Map(trace.backward.gradients.map(([id, g]) => [id, readNumber(g)]));
  const localOf = new Map(); // node → [local per input position]
  for (const step of trace.backward.steps) localOf.set(step.node, step.contributions.map((c) => readNumber(c.local_derivative)));

  const nodes = steps.map((s) => {
    const isLeaf = s.inputs.length === 0;
    const kind = isLeaf ? (s.name !== null && s.name in values ? 'variable' : 'constant') : 'op';
    const name = kind === 'variable' ? s.name : null;
    const data = readNumber(s.value);
    const label = kind === 'variable' ? name : kind === 'constant' ? String(data) : s.op;
    return { id: s.node, label, name, op: s.op, kind, data: jsonNumber(data), grad: jsonNumber(finalGrad.get(s.node) ?? 0), inputs: s.inputs };
  });
  const byId = new Map(nodes.map((n) => [n.id, n]));

  const edges = [];
  for (const node of nodes) {
    node.inputs.forEach((input, position) => {
      const differentiated = !(WITH_CONSTANT.has(node.op) && position === 1);
      edges.push({ from: input, to: node.id, position, local: jsonNumber(localOf.get(node.id)?.[position] ?? 0), differentiated });
    });
  }

  const forward = nodes.filter((n) => n.kind === 'op').map((n) => ({ node: n.id, data: n.data }));

  const backward = [{ from: root, to: root, upstream: 1, local: 1, contribution: 1, sum: 1 }];
  const running = new Map([[root, 1]]);
  for (const step of trace.backward.steps) {
    const node = byId.get(step.node);
    step.contributions.forEach((c, position) => {
      if (WITH_CONSTANT.has(node.op) && position === 1) return;
      const sum = (running.get(c.input) ?? 0) + readNumber(c.contribution);
      running.set(c.input, sum);
      backward.push({ from: step.node, to: c.input, upstream: jsonNumber(readNumber(step.upstream)), local: jsonNumber(readNumber(c.local_derivative)), contribution: jsonNumber(readNumber(c.contribution)), sum: jsonNumber(sum) });
    });
  }

  const anomalies = [];
  const badValue = nodes.find((n) => !Number.isFinite(readNumber(n.data)));
  if (badValue) {
    const args = badValue.inputs.map((i) => String(byId.get(i).data)).join(', ');
    anomalies.push({ node: badValue.id, what: 'value', kind: kindOf(readNumber(badValue.data)), message: `${badValue.op}(${args}) is ${String(badValue.data)}` });
  }
  const badGrad = backward.find((b) => !Number.isFinite(readNumber(b.sum)));
  if (badGrad) {
    anomalies.push({ node: badGrad.to, what: 'gradient', kind: kindOf(readNumber(badGrad.sum)), message: `#${badGrad.from} sent ${String(badGrad.upstream)} × ${String(badGrad.local)}` });
  }

  const variables = nodes.filter((n) => n.kind === 'variable').map((n) => ({ name: n.name, node: n.id, data: n.data, grad: n.grad }));
  return { formula, root, variables, nodes, edges, layout: layout(nodes, root), forward, backward, anomalies };
}

function kindOf(x) {
  return Number.isNaN(x) ? 'nan' : 'inf';
}

/**
 * A layered layout, left to right: each op's box one column right of its
 * deepest input; variables in column 0; a constant just left of its first
 * user; rows ordered by a few barycenter sweeps.
 */
export function layout(nodes, root) {
  const BOX_H = 30;
  const ROW = 46;
  const OP_GAP = 96;
  const R = 15;
  const MARGIN = 20;
  const boxWidth = (label) => Math.max(28, label.length * 7 + 14) + 2 * 98;
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const users = new Map(nodes.map((n) => [n.id, []]));
  for (const n of nodes) for (const i of n.inputs) users.get(i).push(n.id);

  const depth = new Map();
  for (const n of nodes) {
    if (n.kind === 'op') depth.set(n.id, 1 + Math.max(...n.inputs.map((i) => (byId.get(i).kind === 'op' ? depth.get(i) : 0))));
  }
  for (const n of nodes) {
    if (n.kind === 'variable') depth.set(n.id, 0);
    else if (n.kind === 'constant') depth.set(n.id, Math.max(0, Math.min(...users.get(n.id).map((u) => depth.get(u)), Infinity) - 1));
  }
  if (!depth.has(root)) depth.set(root, 0);
  const columns = [];
  for (const n of nodes) {
    const d = depth.get(n.id) ?? 0;
    (columns[d] ||= []).push(n.id);
  }
  const position = new Map();
  const place = () => columns.forEach((col) => col?.forEach((id, k) => position.set(id, k)));
  place();
  const mean = (list) => (list.length ? list.reduce((a, b) => a + position.get(b), 0) / list.length : null);
  for (let sweep = 0; sweep < 4; sweep++) {
    for (const col of columns) {
      if (!col) continue;
      const key = new Map(col.map((id) => [id, mean(sweep % 2 ? users.get(id) : byId.get(id).inputs) ?? position.get(id)]));
      col.sort((a, b) => key.get(a) - key.get(b));
    }
    place();
  }
  const widest = Math.max(...nodes.map((n) => boxWidth(n.label ?? '')));
  const tallest = Math.max(...columns.map((c) => c?.length ?? 0));
  const values = [];
  const ops = [];
  const edges = [];
  const geometry = new Map();
  columns.forEach((col, d) => {
    if (!col) return;
    const top = MARGIN + ((tallest - col.length) * ROW) / 2;
    col.forEach((id, k) => {
      const n = byId.get(id);
      const w = boxWidth(n.kind === 'op' ? `#${id}` : n.label ?? '');
      const x = MARGIN + OP_GAP + d * (widest + OP_GAP) + (widest - w);
      const y = top + k * ROW;
      values.push({ id, x, y, w, h: BOX_H });
      geometry.set(id, { x, y, w, h: BOX_H });
    });
  });
  for (const n of nodes) {
    if (n.kind !== 'op') continue;
    const box = geometry.get(n.id);
    const cx = box.x - OP_GAP / 2;
    const cy = box.y + BOX_H / 2;
    ops.push({ id: n.id, x: cx, y: cy, r: R });
    for (const i of n.inputs) {
      const from = geometry.get(i);
      edges.push({ from: i, to: n.id, points: [[from.x + from.w, from.y + BOX_H / 2], [cx - R, cy]] });
    }
    edges.push({ from: n.id, to: n.id, points: [[cx + R, cy], [box.x, cy]] });
  }
  const width = Math.max(...values.map((v) => v.x + v.w)) + MARGIN;
  const height = Math.max(...values.map((v) => v.y + v.h)) + MARGIN;
  return { width, height, values, ops, edges };
}

/** `POST /api/paths`. */
export function paths(binary, formula, values, wrt, limit = 20) {
  const answer = run(binary, ['paths', formula, '--wrt', String(wrt), ...assignments(values), '--json']);
  return {
    wrt: answer.wrt,
    count: answer.count,
    total: jsonNumber(readNumber(answer.sum)),
    grad: jsonNumber(readNumber(answer.grad)),
    paths: answer.paths.slice(0, limit).map((p) => ({ nodes: p.nodes, locals: p.local_derivatives.map((x) => jsonNumber(readNumber(x))), product: jsonNumber(readNumber(p.product)) })),
  };
}

/** `POST /api/nudge`: grad·h next to f(x + h) − f(x), for each variable. */
export function nudge(binary, formula, values, h) {
  if (typeof h !== 'number' || !Number.isFinite(h) || h === 0) throw { status: 400, body: { error: 'h must be a finite number other than 0' } };
  const base = run(binary, ['grad', formula, ...assignments(values), '--json']);
  const f = readNumber(base.value);
  const variables = Object.keys(values).map((name) => {
    const moved = run(binary, ['grad', formula, ...assignments({ ...values, [name]: values[name] + h }), '--json']);
    const grad = readNumber(base.grad[name]);
    return { name, grad: jsonNumber(grad), predicted: jsonNumber(grad * h), actual: jsonNumber(readNumber(moved.value) - f) };
  });
  return { f: jsonNumber(f), variables };
}

// `POST /api/verify` lists every point tried, which `scalargrad verify
// --json` does not: it is asked of a real `scalargrad explore`, started on
// the first request and stopped with stopExplorer().
let explorer = null;

function startExplorer(binary) {
  return new Promise((resolve, reject) => {
    const child = spawn(binary, ['explore', '--port', '0'], { stdio: ['ignore', 'pipe', 'inherit'] });
    let seen = '';
    const timer = setTimeout(() => reject(new Error(`no URL from ${binary}: ${seen}`)), 30000);
    child.stdout.on('data', (chunk) => {
      seen += chunk;
      const url = seen.match(/http:\/\/127\.0\.0\.1:\d+\//);
      if (url) {
        clearTimeout(timer);
        resolve({ child, url: url[0] });
      }
    });
    child.on('error', reject);
  });
}

/** `POST /api/verify`, answered by the engine's own server. */
export async function verify(binary, body) {
  return post(binary, '/api/verify', body);
}

/** `POST route` with `body` on the engine's own server: its JSON answer, or throws `{ status, body }`. */
export async function post(binary, route, body) {
  if (!explorer) explorer = startExplorer(binary);
  const { url } = await explorer;
  const response = await fetch(`${url}${route.replace(/^\//, '')}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  const answer = await response.json();
  if (!response.ok) throw { status: response.status, body: answer };
  return answer;
}

/** `GET route` on the engine's own server: the body, as JSON or as bytes. */
export async function get(binary, route, { bytes = false } = {}) {
  if (!explorer) explorer = startExplorer(binary);
  const { url } = await explorer;
  const response = await fetch(`${url}${route.replace(/^\//, '')}`);
  if (!response.ok) throw new Error(`GET ${route}: ${response.status}`);
  return bytes ? Buffer.from(await response.arrayBuffer()) : response.json();
}

/** Stops the server verify() or get() started, if any. */
export async function stopExplorer() {
  if (!explorer) return;
  const { child } = await explorer;
  explorer = null;
  child.kill();
}
