// expression.js: the expression view. Type a formula and its values, see the
// graph drawn as micrograd draws it, and step the forward pass node by node,
// then the backward pass edge by edge.
//
// Step numbering: step 0 shows only the leaves; steps 1..F each compute one
// node (`forward[k]`); steps F+1..F+B each apply one entry of `backward` (the
// root's seed first, then one edge each). The page computes nothing: every
// number shown is one of the server's.

import { el, svg, icon, setChildren, callApi, exactNumber, numberSpan, signClass, writeState, embeddedExpression, isTyping, apiNumber, formatNumber } from './app.js';
import { createZoomCanvas, drawExpression, showBoxValues, nodeName } from './graph.js';
import { tr } from './i18n.js';

/**
 * micrograd's README expression, as its Python writes it: statements name
 * the values c … g on the way (the formula language's `name = …; …`).
 */
export const MICROGRAD_FORMULA = [
  'c = a + b; d = a*b + b^3; c += c + 1; c += 1 + c + (-a);',
  ' d += d*2 + relu(b + a); d += 3*d + relu(b - a);',
  ' e = c - d; f = e^2; g = f/2; g += 10/f',
].join('');
const MICROGRAD_VALUES = { a: -4, b: 2 };

/** Steps per second while playing. */
const SPEEDS = [1, 2, 5, 10, 30];

// The view's state, one object (the view is mounted once at a time).
const ex = {
  root: null,          // the view's element
  formula: '',
  values: {},          // variable name → number, as typed
  ranges: {},          // variable name → [min, max] of its slider
  data: null,          // the last answer of POST /api/expression
  index: null,         // lookups built from `data` (see indexExpression)
  step: 0,
  playing: null,       // the interval timer while playing
  speed: 5,
  handles: null,       // the drawing's elements (graph.js)
  canvas: null,
  request: 0,          // number of the latest request; older answers are dropped
  inFlight: false,
  again: false,        // values changed while a request was in flight
  panel: 'paths',      // which tab of the side panel is open
  paths: null,         // the last answer of POST /api/paths
  pathShown: -1,       // the path highlighted, or -1
  pathTimer: null,
  nudge: null,         // the last answer of POST /api/nudge
  verify: { wrt: null, derivative: '', answer: null, error: null }, // "your derivative"
  verifyPending: false, // a link named a derivative: check it once the expression is in
  selected: null,      // the node clicked on
  hashTimer: null,
  staticData: null,    // the embedded expression of a static page
  elements: {},        // named parts of the view, built in mount
};

// ---------------------------------------------------------------- variables of a formula

/**
 * The variable names a formula needs values for, in order of first use:
 * identifiers not followed by `(` (those are functions), except names the
 * formula has defined by then (`c = …` at the start of a statement, `;` or a
 * new line between statements). Only to build one field per variable before
 * asking the server, which parses the formula for real.
 */
export function formulaVariables(formula) {
  const names = [];
  const defined = new Set();
  const token = /(\d+\.?\d*(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?)|([A-Za-z_][A-Za-z0-9_]*)(\s*\()?/g;
  for (const statement of formula.split(/[;\n]/)) {
    const definition = statement.match(/^\s*([A-Za-z_][A-Za-z0-9_]*)\s*[-+*/^]?=/);
    // `c += …` reads c; `c = …` does not.
    const body = definition && !/^\s*[A-Za-z_][A-Za-z0-9_]*\s*[-+*/^]=/.test(statement)
      ? statement.slice(definition[0].length)
      : statement.replace(/[-+*/^]?=/, ' ');
    for (const match of body.matchAll(token)) {
      const name = match[2];
      if (name && !match[3] && !defined.has(name) && !names.includes(name)) names.push(name);
    }
    if (definition) defined.add(definition[1]);
  }
  return names;
}

// ---------------------------------------------------------------- lookups

/** Indexes an expression answer for stepping: who is computed when, sums per step. */
function indexExpression(data) {
  const nodes = new Map(data.nodes.map((n) => [n.id, n]));
  const computedAt = new Map(); // node id → the step that computes it
  data.forward.forEach((entry, k) => computedAt.set(entry.node, k + 1));
  const forwardCount = data.forward.length;
  // For each backward entry: the receiving node's sum before it, and which
  // of the node's contributions it is (k of n).
  const previousSum = [];
  const ordinal = [];
  const lastSum = new Map();
  const counts = new Map();
  for (const entry of data.backward) {
    previousSum.push(lastSum.has(entry.to) ? lastSum.get(entry.to) : null);
    lastSum.set(entry.to, entry.sum);
    counts.set(entry.to, (counts.get(entry.to) || 0) + 1);
    ordinal.push(counts.get(entry.to));
  }
  const inputs = new Map(); // node id → its edges, by position
  for (const edge of data.edges) {
    if (!inputs.has(edge.to)) inputs.set(edge.to, []);
    inputs.get(edge.to).push(edge);
  }
  for (const list of inputs.values()) list.sort((p, q) => p.position - q.position);
  const anomalous = new Map(data.anomalies.map((a) => [a.node, a]));
  return { nodes, computedAt, forwardCount, total: forwardCount + data.backward.length, previousSum, ordinal, counts, inputs, anomalous };
}

/** A node's formula with its inputs' names: `a * b`, `tanh(#3)`, `-a`. */
function opText(node, index) {
  const names = (node.inputs || []).map((id) => (index.nodes.has(id) ? nodeName(index.nodes.get(id)) : `#${id}`));
  const op = String(node.op);
  if (['+', '-', '*', '/'].includes(op) && names.length === 2) return `${names[0]} ${op} ${names[1]}`;
  if ((op === 'pow' || op === 'powf') && names.length === 2) return `${names[0]}^${names[1]}`;
  if (op === 'neg' && names.length === 1) return `-${names[0]}`;
  if (op === 'sum') return names.join(' + ');
  return `${op}(${names.join(', ')})`;
}

// ---------------------------------------------------------------- mounting

function mount(container, params) {
  ex.staticData = embeddedExpression();
  const stateFromUrl = readState(params);
  ex.formula = stateFromUrl.formula;
  ex.values = stateFromUrl.values;
  ex.step = stateFromUrl.step;
  ex.ranges = {};
  ex.data = null;
  ex.paths = null;
  ex.nudge = null;
  takePanelState(stateFromUrl);
  ex.selected = null;
  ex.pathShown = -1;
  build(container);
  if (ex.staticData) {
    ex.formula = ex.staticData.formula;
    ex.values = Object.fromEntries(ex.staticData.variables.map((v) => [v.name, apiNumber(v.data)]));
    ex.elements.formula.value = ex.formula;
    buildVariableFields();
    receive(ex.staticData);
  } else {
    buildVariableFields();
    requestExpression();
  }
}

function readState(params) {
  const formula = params.get('formula') ?? MICROGRAD_FORMULA;
  const values = {};
  for (const [key, value] of params) {
    if (key.startsWith('v.')) values[key.slice(2)] = Number(value);
  }
  if (!params.has('formula')) Object.assign(values, MICROGRAD_VALUES);
  const step = Math.max(0, parseInt(params.get('step') || '0', 10) || 0);
  // The side panel's tab, and the derivative under check (`wrt`, `d`).
  const panel = PANELS.includes(params.get('panel')) ? params.get('panel') : 'paths';
  const verify = { wrt: params.get('wrt'), derivative: params.get('d') ?? '' };
  return { formula, values, step, panel, verify };
}

/** The side panel's tabs, in order. */
const PANELS = ['paths', 'nudge', 'node', 'verify'];

/** Opens the tab a link names and fills in its derivative, to be checked once the expression is in. */
function takePanelState(state) {
  ex.panel = state.panel;
  ex.verify = { wrt: state.verify.wrt, derivative: state.verify.derivative, answer: null, error: null };
  ex.verifyPending = state.panel === 'verify' && state.verify.derivative !== '';
}

/** Whether a link's tab or derivative differ from what the page shows. */
function panelStateDiffers(state) {
  return state.panel !== ex.panel || state.verify.derivative !== ex.verify.derivative
    || (state.verify.wrt !== null && state.verify.wrt !== ex.verify.wrt);
}

function update(params) {
  // The hash changed by hand or by a link: take its formula, values and step.
  const next = readState(params);
  const sameValues = JSON.stringify(next.values) === JSON.stringify(ex.values);
  const sameExpression = next.formula === ex.formula && sameValues;
  // A verdict holds for one formula and one box of values: another
  // expression clears it (and checks the link's derivative again).
  const panelChanged = !sameExpression || panelStateDiffers(next);
  if (panelChanged) takePanelState(next);
  if (sameExpression) {
    goTo(next.step);
    if (panelChanged) {
      refreshPanel();
      checkPendingDerivative();
    }
    return;
  }
  ex.formula = next.formula;
  ex.values = next.values;
  ex.step = next.step;
  ex.elements.formula.value = ex.formula;
  buildVariableFields();
  requestExpression();
}

function unmount() {
  pause();
  stopPathTour();
  clearTimeout(ex.hashTimer);
  ex.root = null;
}

function build(container) {
  const staticPage = Boolean(ex.staticData);
  const formula = el('input', {
    class: 'formula', id: 'formula', type: 'text', spellcheck: 'false', autocomplete: 'off',
    'aria-label': tr('expr.formula'), readonly: staticPage,
    onkeydown: (event) => { if (event.key === 'Enter') applyFormula(); },
  });
  formula.value = ex.formula;
  const apply = el('button', { type: 'button', class: 'apply', onclick: applyFormula, disabled: staticPage, 'data-i18n': 'expr.apply' }, tr('expr.apply'));
  const examples = el('select', {
    class: 'examples', 'aria-label': tr('expr.examples'), disabled: staticPage,
    onchange: (event) => {
      const choice = EXAMPLES[Number(event.target.value)];
      event.target.value = '';
      if (!choice) return;
      ex.formula = choice.formula;
      ex.values = { ...choice.values };
      formula.value = ex.formula;
      buildVariableFields();
      requestExpression();
    },
  }, el('option', { value: '', 'data-i18n': 'expr.examples' }, tr('expr.examples')),
  ...EXAMPLES.map((e, k) => el('option', { value: String(k) }, e.title)));
  const share = el('button', { type: 'button', class: 'share', onclick: copyLink, 'data-i18n': 'expr.share' }, tr('expr.share'));
  const variables = el('div', { class: 'variables', role: 'group', 'aria-label': tr('expr.variables') });
  const error = el('div', { class: 'error-box', role: 'alert', hidden: true });
  const graphPane = el('div', { class: 'graph-pane' });
  const panel = el('aside', { class: 'step-panel', 'aria-label': tr('expr.stepper') });

  ex.root = el('section', { class: 'view expression-view' },
    el('div', { class: 'expr-top' },
      el('div', { class: 'formula-row' },
        el('label', { for: 'formula', 'data-i18n': 'expr.formula' }, tr('expr.formula')),
        formula, apply, examples, share),
      variables,
      staticPage ? el('p', { class: 'note', 'data-i18n': 'static.expression' }, tr('static.expression')) : null,
      error),
    el('div', { class: 'expr-body' }, graphPane, panel));
  container.append(ex.root);
  ex.elements = { formula, variables, error, graphPane, panel, share };
  ex.canvas = createZoomCanvas(graphPane);
  buildPanel(panel);
}

/** The expressions of the examples menu. */
const EXAMPLES = [
  { title: 'micrograd: a = -4, b = 2', formula: MICROGRAD_FORMULA, values: MICROGRAD_VALUES },
  { title: 'x*y + tanh(x)', formula: 'x*y + tanh(x)', values: { x: 1, y: 2 } },
  { title: 'b = a + a', formula: 'a + a', values: { a: 3 } },
  { title: 'neuron: tanh(w1*x1 + w2*x2 + b)', formula: 'tanh(w1*x1 + w2*x2 + b)', values: { w1: -3, x1: 2, w2: 1, x2: 0, b: 6.8813735870195432 } },
  { title: 'NaN: ln(x) + sqrt(x - 3)', formula: 'ln(x) + sqrt(x - 3)', values: { x: 1 } },
];

function buildVariableFields() {
  const names = formulaVariables(ex.formula);
  const fields = [];
  const staticPage = Boolean(ex.staticData);
  for (const name of names) {
    if (!(name in ex.values) || !Number.isFinite(ex.values[name])) ex.values[name] = 1;
    const value = ex.values[name];
    if (!ex.ranges[name]) ex.ranges[name] = sliderRange(value);
    const [min, max, step] = ex.ranges[name];
    const id = `var-${fields.length}`;
    const number = el('input', { type: 'number', id, class: 'var-number', step: 'any', value: String(value), disabled: staticPage, 'data-var': name });
    const slider = el('input', {
      type: 'range', class: 'var-slider', min: String(min), max: String(max), step: String(step),
      value: String(value), disabled: staticPage, 'aria-label': `${name} (${tr('expr.slider')})`, 'data-var': name,
    });
    number.addEventListener('input', () => {
      const x = Number(number.value);
      if (number.value.trim() === '' || !Number.isFinite(x)) return;
      if (x < Number(slider.min) || x > Number(slider.max)) {
        ex.ranges[name] = sliderRange(x);
        [slider.min, slider.max, slider.step] = ex.ranges[name].map(String);
      }
      slider.value = String(x);
      setValue(name, x);
    });
    slider.addEventListener('input', () => {
      const x = Number(slider.value);
      number.value = String(x);
      setValue(name, x);
    });
    fields.push(el('div', { class: 'variable' },
      el('label', { for: id, class: 'var-name', title: name }, name),
      number, slider));
  }
  for (const name of Object.keys(ex.values)) if (!names.includes(name)) delete ex.values[name];
  setChildren(ex.elements.variables, fields);
}

/** A slider's [min, max, step] around a value: symmetric about 0, a round step. */
function sliderRange(value) {
  const span = Math.max(5, Math.ceil(Math.abs(value) * 2));
  const step = 10 ** Math.floor(Math.log10(span / 50));
  return [-span, span, step];
}

function setValue(name, x) {
  ex.values[name] = x;
  requestExpression();
}

function applyFormula() {
  ex.formula = ex.elements.formula.value;
  ex.verifyPending = false;
  buildVariableFields();
  ex.paths = null;
  ex.nudge = null;
  ex.verify = { ...ex.verify, answer: null, error: null };
  requestExpression();
}

// ---------------------------------------------------------------- talking to the server

/**
 * Asks for the expression with the current formula and values. While one
 * request is in flight (a slider being dragged), later changes wait and only
 * the latest is sent, so the page follows the slider without a queue.
 */
async function requestExpression() {
  if (ex.staticData) return;
  if (ex.inFlight) {
    ex.again = true;
    return;
  }
  ex.inFlight = true;
  ex.again = false;
  const number = ++ex.request;
  const body = { formula: ex.formula, values: { ...ex.values } };
  try {
    const data = await callApi('POST', '/api/expression', body);
    if (number === ex.request && ex.root) {
      hideError();
      receive(data);
    }
  } catch (error) {
    if (number === ex.request && ex.root) {
      ex.verifyPending = false; // a link's derivative waits for no other formula
      showError(error, body.formula);
    }
  } finally {
    ex.inFlight = false;
    if (ex.again && ex.root) requestExpression();
  }
}

/** Draws a new answer, keeping the step position (and the view, if the shape is the same). */
function receive(data) {
  const sameShape = ex.data && sameDrawing(ex.data, data);
  ex.data = data;
  ex.index = indexExpression(data);
  ex.step = Math.min(ex.step, ex.index.total);
  if (!sameShape) {
    ex.handles = drawExpression(ex.canvas, data, selectNode);
    placeInitialView();
  }
  for (const [id, handle] of ex.handles.boxes) handle.group.classList.toggle('anomaly', ex.index.anomalous.has(id));
  ex.root.classList.remove('stale');
  if (ex.selected !== null && !ex.index.nodes.has(ex.selected)) ex.selected = null;
  if (ex.paths && ex.panel === 'paths') requestPaths(ex.paths.wrt);
  else if (ex.nudge && ex.panel === 'nudge') requestNudge();
  render();
  refreshPanel();
  checkPendingDerivative();
  saveState();
}

/** Checks the derivative a link named, once (the expression must be in). */
function checkPendingDerivative() {
  if (!ex.verifyPending || !ex.data) return;
  ex.verifyPending = false;
  requestVerify();
}

function sameDrawing(a, b) {
  return a.formula === b.formula && a.nodes.length === b.nodes.length && a.layout.width === b.layout.width && a.layout.height === b.layout.height;
}

/** The whole graph first; once stepping, the view follows the step (see highlightStep). */
function placeInitialView() {
  ex.canvas.fit();
}

/** Scales below this are an overview: stepping zooms back in to read the numbers. */
const READABLE_SCALE = 0.6;

function showError(error, formula) {
  const box = ex.elements.error;
  const parts = [];
  if (error.column) {
    // The CLI's picture: the formula (a window around the column) and a caret.
    const column = error.column - 1;
    const start = Math.max(0, column - 50);
    const end = Math.min(formula.length, column + 50);
    const prefix = start > 0 ? '…' : '';
    const excerpt = prefix + formula.slice(start, end) + (end < formula.length ? '…' : '');
    const caret = ' '.repeat(prefix.length + column - start) + '^';
    parts.push(el('pre', { class: 'caret' }, `${excerpt}\n${caret}`));
  }
  parts.push(el('p', {}, el('strong', {}, `${tr('error.title')}: `), error.message));
  setChildren(box, parts);
  box.hidden = false;
  if (ex.root) ex.root.classList.add('stale');
}

function hideError() {
  ex.elements.error.hidden = true;
  ex.elements.error.replaceChildren();
}

function copyLink() {
  saveState(true);
  const done = () => {
    ex.elements.share.textContent = tr('expr.copied');
    setTimeout(() => { if (ex.root) ex.elements.share.textContent = tr('expr.share'); }, 1500);
  };
  if (navigator.clipboard && window.isSecureContext) navigator.clipboard.writeText(location.href).then(done, done);
  else done();
}

/** Writes formula, values and step to the URL (at most every 250 ms). */
function saveState(now = false) {
  clearTimeout(ex.hashTimer);
  const write = () => {
    const params = new URLSearchParams();
    params.set('formula', ex.formula);
    for (const [name, value] of Object.entries(ex.values)) params.set(`v.${name}`, String(value));
    params.set('step', String(ex.step));
    if (ex.panel !== 'paths') params.set('panel', ex.panel);
    if (ex.panel === 'verify' && ex.verify.derivative !== '') {
      if (ex.verify.wrt) params.set('wrt', ex.verify.wrt);
      params.set('d', ex.verify.derivative);
    }
    writeState('expression', params);
  };
  if (now) write();
  else ex.hashTimer = setTimeout(write, 250);
}

// ---------------------------------------------------------------- stepping

function goTo(step) {
  if (!ex.index) return;
  ex.step = Math.max(0, Math.min(ex.index.total, step));
  clearPath();
  render();
  saveState();
}

function stepForward() {
  if (ex.index && ex.step >= ex.index.total) pause();
  goTo(ex.step + 1);
}

function play() {
  if (!ex.index) return;
  if (ex.step >= ex.index.total) goTo(0);
  pause();
  ex.playing = setInterval(stepForward, 1000 / ex.speed);
  refreshPlayButton();
}

function pause() {
  if (ex.playing) clearInterval(ex.playing);
  ex.playing = null;
  refreshPlayButton();
}

function togglePlay() {
  if (ex.playing) pause();
  else play();
}

function onKey(event) {
  if (event.altKey || event.ctrlKey || event.metaKey || isTyping(event)) return;
  if (event.key === 'ArrowRight') { event.preventDefault(); pause(); goTo(ex.step + 1); }
  else if (event.key === 'ArrowLeft') { event.preventDefault(); pause(); goTo(ex.step - 1); }
  else if (event.key === 'Home') { event.preventDefault(); pause(); goTo(0); }
  else if (event.key === 'End') { event.preventDefault(); pause(); goTo(ex.index ? ex.index.total : 0); }
  else if (event.key === ' ' && !(event.target instanceof Element && event.target.closest('.tabs, .languages, .panel-tabs'))) {
    event.preventDefault();
    togglePlay();
  }
}

/** What step `s` is: its phase and the entry of `forward` or `backward`. */
function stepInfo(s) {
  const index = ex.index;
  if (s === 0) return { phase: 'start' };
  if (s <= index.forwardCount) return { phase: 'forward', k: s - 1, entry: ex.data.forward[s - 1] };
  const k = s - index.forwardCount - 1;
  return { phase: 'backward', k, entry: ex.data.backward[k] };
}

/**
 * Shows step `ex.step`: every box's data (once computed) and running grad,
 * the current node or edge highlighted, the edges the gradient has flowed
 * along coloured by the sign of what they carried, and the caption.
 */
function render() {
  const { data, index, handles } = ex;
  if (!data || !handles) return;
  const s = ex.step;
  const grads = new Map();
  const flowed = new Map(); // edge key → sign of the last contribution along it
  const backwardDone = Math.max(0, s - index.forwardCount);
  for (let k = 0; k < backwardDone; k++) {
    const entry = data.backward[k];
    grads.set(entry.to, entry.sum);
    if (entry.from !== entry.to) flowed.set(`${entry.to}>${entry.from}`, signClass(entry.contribution));
  }
  for (const [id, handle] of handles.boxes) {
    const node = index.nodes.get(id);
    const computed = node.kind !== 'op' || (index.computedAt.get(id) ?? Infinity) <= s;
    showBoxValues(handle, node, computed ? node.data : null, grads.has(id) ? grads.get(id) : null);
  }
  for (const [key, paths] of handles.edgesInto) {
    const sign = flowed.get(key) || '';
    for (const path of paths) if (path.dataset.flow !== sign) { path.dataset.flow = sign; path.setAttribute('class', `edge${sign ? ` flowed ${sign}` : ''}`); }
  }
  for (const [id, group] of handles.ops) {
    const computed = (index.computedAt.get(id) ?? Infinity) <= s;
    group.classList.toggle('pending', !computed);
  }
  highlightStep(stepInfo(s));
  refreshStepper();
}

let highlighted = [];

function highlightStep(info) {
  for (const [node, cls] of highlighted) node.classList.remove(cls);
  highlighted = [];
  const mark = (node, cls) => { if (node) { node.classList.add(cls); highlighted.push([node, cls]); } };
  const { handles } = ex;
  let focus = null;
  if (info.phase === 'forward') {
    const id = info.entry.node;
    mark(handles.boxes.get(id)?.group, 'current');
    mark(handles.ops.get(id), 'current');
    mark(handles.edgesOut.get(id), 'current');
    for (const edge of ex.index.inputs.get(id) || []) {
      for (const path of handles.edgesInto.get(`${edge.from}>${id}`) || []) mark(path, 'current');
      mark(handles.boxes.get(edge.from)?.group, 'source');
    }
    focus = handles.geometry.get(`box${id}`);
  } else if (info.phase === 'backward') {
    const { from, to } = info.entry;
    mark(handles.boxes.get(from)?.group, 'source');
    mark(handles.boxes.get(to)?.group, 'receiving');
    if (from !== to) {
      mark(handles.ops.get(from), 'current');
      mark(handles.edgesOut.get(from), 'current');
      for (const path of handles.edgesInto.get(`${to}>${from}`) || []) mark(path, 'current');
    }
    focus = handles.geometry.get(`box${to}`);
  }
  if (!focus) return;
  if (ex.canvas.scale < READABLE_SCALE) ex.canvas.centreOn(focus.x + focus.w / 2, focus.y + focus.h / 2, 1);
  else ex.canvas.ensureVisible(focus.x, focus.y, focus.w, focus.h);
}

// ---------------------------------------------------------------- the side panel

function buildPanel(panel) {
  const button = (label, key, onclick, cls = '') => el('button', { type: 'button', class: `step-button ${cls}`, title: tr(key), 'aria-label': tr(key), 'data-i18n-title': key, onclick }, label);
  const counter = el('div', { class: 'step-counter', 'aria-live': 'polite' });
  const playButton = el('button', { type: 'button', class: 'step-button play', onclick: togglePlay }, icon('play'));
  const speed = el('select', {
    class: 'speed', 'aria-label': tr('step.speed'),
    onchange: (event) => { ex.speed = Number(event.target.value); if (ex.playing) play(); },
  }, ...SPEEDS.map((v) => el('option', { value: String(v), selected: v === ex.speed }, `${v}/s`)));
  const controls = el('div', { class: 'step-controls' },
    button(icon('start'), 'step.start', () => { pause(); goTo(0); }),
    button(icon('back'), 'step.back', () => { pause(); goTo(ex.step - 1); }),
    playButton,
    button(icon('next'), 'step.next', () => { pause(); goTo(ex.step + 1); }),
    button(icon('end'), 'step.end', () => { pause(); goTo(ex.index ? ex.index.total : 0); }),
    speed);
  const progress = el('input', {
    type: 'range', class: 'step-slider', min: '0', max: '0', value: '0', 'aria-label': tr('step.position'),
    oninput: (event) => { pause(); goTo(Number(event.target.value)); },
  });
  const caption = el('div', { class: 'caption', 'aria-live': 'polite' });
  const anomalies = el('div', { class: 'anomalies' });
  const tabs = el('div', { class: 'panel-tabs', role: 'tablist' });
  const body = el('div', { class: 'panel-body' });
  for (const name of PANELS) {
    tabs.append(el('button', {
      type: 'button', role: 'tab', class: 'panel-tab', 'data-panel': name, 'data-i18n': `panel.${name}`,
      onclick: () => { ex.panel = name; refreshPanel(); saveState(); },
    }, tr(`panel.${name}`)));
  }
  panel.append(
    el('div', { class: 'stepper' }, counter, controls, progress),
    el('div', { class: 'caption-box' }, el('h2', { 'data-i18n': 'step.now' }, tr('step.now')), caption),
    anomalies, tabs, body,
    el('p', { class: 'keys', 'data-i18n': 'step.keys' }, tr('step.keys')));
  Object.assign(ex.elements, { counter, playButton, progress, caption, anomalies, tabs, body });
}

function refreshPlayButton() {
  const button = ex.elements.playButton;
  if (!button) return;
  const label = ex.playing ? tr('step.pause') : tr('step.play');
  button.replaceChildren(icon(ex.playing ? 'pause' : 'play'));
  button.title = label;
  button.setAttribute('aria-label', label);
  button.setAttribute('aria-pressed', String(Boolean(ex.playing)));
}

function refreshStepper() {
  const { counter, progress, caption } = ex.elements;
  const { index } = ex;
  const info = stepInfo(ex.step);
  counter.replaceChildren(
    el('span', { class: 'step-number' }, `${tr('step.step')} ${ex.step} / ${index.total}`),
    el('span', { class: `phase phase-${info.phase}` }, tr(`phase.${ex.step === index.total && index.total > 0 ? 'done' : info.phase}`)));
  progress.max = String(index.total);
  progress.value = String(ex.step);
  setChildren(caption, captionFor(info));
  refreshPlayButton();
}

/** The caption of a step, in the lesson's words: upstream × local = contribution. */
function captionFor(info) {
  const { index, data } = ex;
  const name = (id) => (index.nodes.has(id) ? nodeName(index.nodes.get(id)) : `#${id}`);
  if (info.phase === 'start') {
    return [el('p', {}, tr('caption.start', { forward: index.forwardCount, backward: data.backward.length }))];
  }
  if (info.phase === 'forward') {
    const node = index.nodes.get(info.entry.node);
    const inputs = (node.inputs || []).map((id) => index.nodes.get(id));
    const line = [el('span', { class: 'who' }, name(node.id)), ' = ', opText(node, index)];
    const values = inputs.length
      ? el('p', { class: 'detail' }, inputs.map((n, k) => [k ? ', ' : '', `${nodeName(n)} = `, numberSpan(n.data, { coloured: false })]))
      : null;
    return [
      el('p', { class: 'phase-line' }, tr('caption.forward', { k: info.k + 1, n: index.forwardCount })),
      el('p', { class: 'formula-line' }, ...line, ' = ', numberSpan(info.entry.data, { coloured: false })),
      values,
    ];
  }
  const entry = info.entry;
  const phase = el('p', { class: 'phase-line' }, tr('caption.backward', { k: info.k + 1, n: data.backward.length }));
  if (entry.from === entry.to) {
    return [phase, el('p', { class: 'formula-line' }, `${name(entry.to)}.grad = `, numberSpan(entry.sum)), el('p', { class: 'detail' }, tr('caption.seed', { root: name(entry.to) }))];
  }
  const from = index.nodes.get(entry.from);
  const to = index.nodes.get(entry.to);
  const before = index.previousSum[info.k];
  const ordinal = index.ordinal[info.k];
  const count = index.counts.get(entry.to);
  return [
    phase,
    el('p', { class: 'edge-line' }, el('span', { class: 'who' }, name(entry.from)), ' → ', el('span', { class: 'who' }, name(entry.to))),
    el('table', { class: 'product' },
      el('tr', {}, el('th', {}, tr('caption.upstream')), el('td', {}, numberSpan(entry.upstream))),
      el('tr', {}, el('th', {}, `× ${tr('caption.local')}`), el('td', {}, numberSpan(entry.local))),
      el('tr', { class: 'result' }, el('th', {}, `= ${tr('caption.contribution')}`), el('td', {}, numberSpan(entry.contribution)))),
    el('p', { class: 'sum-line' },
      `${name(entry.to)}.grad: `, before === null ? '0' : numberSpan(before), ' + ', numberSpan(entry.contribution), ' = ', el('strong', {}, numberSpan(entry.sum))),
    el('p', { class: 'detail' },
      `(${name(from.id)} = ${opText(from, index)}, ${name(to.id)} = `, numberSpan(to.data, { coloured: false }), ')'),
    count > 1 ? el('p', { class: 'detail accumulate' }, tr('caption.accumulate', { k: ordinal, n: count, name: name(entry.to) })) : null,
  ];
}

function refreshPanel() {
  const { tabs, body, anomalies } = ex.elements;
  if (!tabs || !ex.index) return;
  // Anomalies: where a NaN or an infinity was born.
  anomalies.replaceChildren(...ex.data.anomalies.map((a) => el('button', {
    type: 'button', class: 'anomaly-line', onclick: () => showNode(a.node),
  }, `⚠ ${tr(`anomaly.${a.what === 'gradient' ? 'gradient' : 'value'}`, { kind: a.kind === 'nan' ? 'NaN' : 'inf', node: anomalyPlace(a.node) })}: `, String(a.message ?? ''))));
  for (const tab of tabs.children) tab.setAttribute('aria-selected', String(tab.dataset.panel === ex.panel));
  if (ex.panel === 'paths') setChildren(body, pathsPanel());
  else if (ex.panel === 'nudge') setChildren(body, nudgePanel());
  else if (ex.panel === 'verify') setChildren(body, verifyPanel());
  else setChildren(body, nodePanel());
}

/** Where an anomaly was born: `#7`, with the node's name or number when it has one. */
function anomalyPlace(id) {
  const node = ex.index.nodes.get(id);
  if (!node || (node.kind === 'op' && !node.name)) return `#${id}`;
  return `#${id} (${nodeName(node)})`;
}

function needsServer() {
  return el('p', { class: 'note' }, tr('static.needsServer'));
}

function pathsPanel() {
  if (ex.staticData) return [needsServer()];
  const variables = ex.data.variables.map((v) => v.name);
  const wrt = ex.paths?.wrt ?? variables[0];
  const select = el('select', { class: 'paths-wrt', 'aria-label': tr('paths.wrt') },
    ...variables.map((name) => el('option', { value: name, selected: name === wrt }, name)));
  const go = el('button', { type: 'button', class: 'paths-go', onclick: () => requestPaths(select.value) }, tr('paths.show', { root: rootName() }));
  const out = [el('div', { class: 'row' }, select, go)];
  const paths = ex.paths;
  if (paths) {
    const name = (id) => (ex.index.nodes.has(id) ? nodeName(ex.index.nodes.get(id)) : `#${id}`);
    const list = el('ol', { class: 'path-list' });
    paths.paths.forEach((path, k) => {
      list.append(el('li', {},
        el('button', {
          type: 'button', class: `path-item${k === ex.pathShown ? ' shown' : ''}`, title: path.locals.map(exactNumber).join(' × '),
          onclick: () => { stopPathTour(); showPath(k); },
        }, path.nodes.map(name).join(' → '), ' ', el('span', { class: 'product-label' }, '∏ '), numberSpan(path.product))));
    });
    out.push(
      el('p', { class: 'sum-line' }, tr('paths.total', { count: paths.count, wrt: paths.wrt }), ' ', numberSpan(paths.total), ' = ', `${paths.wrt}.grad `, numberSpan(paths.grad)),
      paths.count > paths.paths.length ? el('p', { class: 'note' }, tr('paths.limited', { shown: paths.paths.length, count: paths.count })) : null,
      el('button', { type: 'button', class: 'paths-tour', onclick: () => (ex.pathTimer ? stopPathTour() : startPathTour()) }, tr(ex.pathTimer ? 'paths.stop' : 'paths.tour')),
      list);
  } else {
    out.push(el('p', { class: 'note' }, tr('paths.explain')));
  }
  return out;
}

function rootName() {
  return ex.index && ex.index.nodes.has(ex.data.root) ? nodeName(ex.index.nodes.get(ex.data.root)) : `#${ex.data?.root}`;
}

async function requestPaths(wrt) {
  if (ex.staticData) return;
  const number = ex.request;
  try {
    const answer = await callApi('POST', '/api/paths', { formula: ex.formula, values: { ...ex.values }, wrt, limit: 50 });
    if (!ex.root || number !== ex.request) return;
    ex.paths = answer;
    ex.panel = 'paths';
    refreshPanel();
    if (ex.pathShown >= 0) showPath(Math.min(ex.pathShown, answer.paths.length - 1));
  } catch (error) {
    if (ex.root) ex.elements.body.replaceChildren(el('p', { class: 'error-text' }, error.message));
  }
}

function startPathTour() {
  stopPathTour();
  let k = -1;
  const next = () => {
    if (!ex.paths || !ex.paths.paths.length) return stopPathTour();
    k = (k + 1) % ex.paths.paths.length;
    showPath(k);
  };
  ex.pathTimer = setInterval(next, 1400);
  next();
  refreshPanel();
}

function stopPathTour() {
  if (ex.pathTimer) clearInterval(ex.pathTimer);
  ex.pathTimer = null;
}

let pathMarks = [];

/** Highlights path k: its boxes, op circles and edges; the rest fades. */
function showPath(k) {
  clearPath(false);
  const path = ex.paths?.paths[k];
  if (!path) return;
  ex.pathShown = k;
  const { handles } = ex;
  const mark = (node) => { if (node) { node.classList.add('on-path'); pathMarks.push(node); } };
  path.nodes.forEach((id, position) => {
    mark(handles.boxes.get(id)?.group);
    if (position > 0) {
      const previous = path.nodes[position - 1];
      mark(handles.ops.get(id));
      mark(handles.edgesOut.get(id));
      for (const edge of handles.edgesInto.get(`${previous}>${id}`) || []) mark(edge);
    }
  });
  ex.canvas.root.classList.add('path-mode');
  const boxes = path.nodes.map((id) => handles.geometry.get(`box${id}`)).filter(Boolean);
  if (boxes.length) {
    const left = Math.min(...boxes.map((b) => b.x));
    const top = Math.min(...boxes.map((b) => b.y));
    const right = Math.max(...boxes.map((b) => b.x + b.w));
    const bottom = Math.max(...boxes.map((b) => b.y + b.h));
    ex.canvas.fitRect(left, top, right - left, bottom - top, 1);
  }
  for (const item of ex.elements.body.querySelectorAll('.path-item')) item.classList.remove('shown');
  const items = ex.elements.body.querySelectorAll('.path-item');
  if (items[k]) items[k].classList.add('shown');
}

function clearPath(forget = true) {
  for (const node of pathMarks) node.classList.remove('on-path');
  pathMarks = [];
  if (ex.canvas) ex.canvas.root.classList.remove('path-mode');
  if (forget) {
    if (ex.pathShown >= 0 && !ex.pathTimer) {
      for (const item of ex.elements.body?.querySelectorAll('.path-item.shown') || []) item.classList.remove('shown');
    }
    if (!ex.pathTimer) ex.pathShown = -1;
  }
}

function nudgePanel() {
  if (ex.staticData) return [needsServer()];
  const h = el('input', { type: 'number', class: 'nudge-h', step: 'any', value: String(ex.nudge?.h ?? 0.001), 'aria-label': 'h' });
  const go = el('button', { type: 'button', class: 'nudge-go', onclick: () => requestNudge(Number(h.value)) }, tr('nudge.go'));
  const out = [el('div', { class: 'row' }, el('label', {}, 'h = ', h), go), el('p', { class: 'note' }, tr('nudge.explain', { root: rootName() }))];
  const answer = ex.nudge;
  if (answer && answer.variables) {
    out.push(el('table', { class: 'nudge-table' },
      el('thead', {}, el('tr', {}, el('th', {}, tr('nudge.variable')), el('th', {}, 'grad'), el('th', {}, tr('nudge.predicted')), el('th', {}, tr('nudge.actual')))),
      el('tbody', {}, ...answer.variables.map((v) => el('tr', {},
        el('td', { class: 'name' }, String(v.name)), el('td', {}, numberSpan(v.grad)), el('td', {}, numberSpan(v.predicted)), el('td', {}, numberSpan(v.actual)))))));
    out.push(el('p', { class: 'detail' }, `${rootName()} = `, numberSpan(answer.f, { coloured: false }), `, h = ${exactNumber(answer.h)}`));
  }
  return out;
}

async function requestNudge(h = ex.nudge?.h ?? 0.001) {
  if (ex.staticData) return;
  const number = ex.request;
  try {
    const answer = await callApi('POST', '/api/nudge', { formula: ex.formula, values: { ...ex.values }, h });
    if (!ex.root || number !== ex.request) return;
    ex.nudge = { ...answer, h };
    ex.panel = 'nudge';
    refreshPanel();
  } catch (error) {
    if (ex.root) ex.elements.body.replaceChildren(el('p', { class: 'error-text' }, error.message));
  }
}

// ---------------------------------------------------------------- your derivative

/** Points a "your derivative" check tries. */
const VERIFY_POINTS = 100;

/**
 * The "your derivative" tab: the learner types ∂f/∂x for a chosen variable;
 * the server tries it against autograd at random points, every variable
 * anywhere in its slider's range, and the panel shows the verdict, a plot
 * of both derivatives along the variable with the wrong points marked, and
 * the wrong points, each a button that moves the variables there.
 */
function verifyPanel() {
  if (ex.staticData) return [needsServer()];
  const variables = ex.data.variables.map((v) => v.name);
  if (!variables.length) return [el('p', { class: 'note' }, tr('verify.noVariables'))];
  const state = ex.verify;
  if (!variables.includes(state.wrt)) state.wrt = variables[0];
  const select = el('select', {
    class: 'verify-wrt', 'aria-label': tr('verify.wrt'),
    onchange: (event) => { state.wrt = event.target.value; state.answer = null; state.error = null; refreshPanel(); saveState(); },
  }, ...variables.map((name) => el('option', { value: name, selected: name === state.wrt }, name)));
  const field = el('input', {
    type: 'text', class: 'verify-derivative', spellcheck: 'false', autocomplete: 'off',
    placeholder: tr('verify.placeholder'), 'aria-label': tr('verify.field', { root: functionName(), wrt: state.wrt }),
    oninput: (event) => { state.derivative = event.target.value; saveState(); },
    onkeydown: (event) => { if (event.key === 'Enter') requestVerify(); },
  });
  field.value = state.derivative;
  const go = el('button', { type: 'button', class: 'verify-go', onclick: () => requestVerify() }, tr('verify.go'));
  const out = [
    el('div', { class: 'row' }, el('label', { class: 'verify-label' }, `∂${functionName()}/∂`, select, ' ='), field, go),
    el('p', { class: 'note' }, tr('verify.explain', { points: VERIFY_POINTS })),
  ];
  if (state.error) {
    const { message, column, text } = state.error;
    // The CLI's picture: the derivative and a caret under the column.
    if (column) out.push(el('pre', { class: 'caret verify-caret' }, `${text}\n${' '.repeat(column - 1)}^`));
    out.push(el('p', { class: 'error-text verify-error' }, message));
  }
  const answer = state.answer;
  if (answer) out.push(...verifyResult(answer));
  return out;
}

/** The verdict, the plot and the wrong points of an answer of POST /api/verify. */
function verifyResult(answer) {
  const n = answer.points.length;
  const k = answer.variables.indexOf(answer.wrt);
  let verdict;
  let kind;
  if (answer.passed && answer.undefined === 0) [verdict, kind] = [tr('verify.right', { n }), 'right'];
  else if (answer.passed) [verdict, kind] = [tr('verify.rightSome', { agreed: answer.agreed, n }), 'right'];
  else if (answer.disagreed > 0) [verdict, kind] = [tr('verify.wrong', { disagreed: answer.disagreed, agreed: answer.agreed, n }), 'wrong'];
  else [verdict, kind] = [tr('verify.unchecked', { n }), 'unchecked'];
  const at = (point) => point.at.map((x, j) => `${answer.variables[j]} = ${formatNumber(x)}`).join(', ');
  const line = (label, index) => {
    const point = answer.points[index];
    return el('p', { class: 'detail verify-point' }, `${label}: ${at(point)}: ${tr('verify.yours')} `, numberSpan(point.yours, { coloured: false }),
      `, autograd `, numberSpan(point.autograd, { coloured: false }));
  };
  const out = [el('p', { class: `verify-verdict ${kind}` }, verdict)];
  if (answer.worst !== null && answer.worst !== undefined) out.push(line(tr('verify.worst'), answer.worst));
  if (answer.undefined > 0) {
    const first = answer.points.find((p) => p.verdict === 'undefined');
    out.push(el('p', { class: 'note verify-undefined' }, tr('verify.undefined', { count: answer.undefined }), ` (${at(first)}: ${String(first.why ?? '')})`));
  }
  out.push(verifyPlot(answer, k));
  const wrong = answer.points.map((p, index) => ({ p, index })).filter(({ p }) => p.verdict === 'disagreed');
  if (wrong.length) {
    wrong.sort((a, b) => apiNumber(a.p.at[k]) - apiNumber(b.p.at[k]));
    const shown = wrong.length <= 8 ? wrong : Array.from({ length: 8 }, (_, j) => wrong[Math.round((j * (wrong.length - 1)) / 7)]);
    out.push(
      el('p', { class: 'note' }, tr('verify.wrongPoints', { shown: shown.length, count: wrong.length })),
      el('table', { class: 'nudge-table verify-table' },
        el('thead', {}, el('tr', {}, ...answer.variables.map((name) => el('th', {}, name)), el('th', {}, tr('verify.yours')), el('th', {}, 'autograd'), el('th', {}, tr('verify.difference')))),
        el('tbody', {}, ...shown.map(({ p, index }) => el('tr', {
          class: 'verify-row', tabindex: '0', title: tr('verify.goTo'), 'data-point': String(index),
          onclick: () => goToPoint(answer, p), onkeydown: (event) => { if (event.key === 'Enter') goToPoint(answer, p); },
        }, ...p.at.map((x) => el('td', {}, formatNumber(x))), el('td', {}, numberSpan(p.yours, { coloured: false })), el('td', {}, numberSpan(p.autograd, { coloured: false })),
        el('td', {}, numberSpan(p.difference, { coloured: false })))))));
  }
  return out;
}

/**
 * Both derivatives against the chosen variable: autograd's as dots, yours
 * as rings; at a wrong point the ring is red and a red line joins it to
 * autograd's dot; an undefined point is a grey × on the axis.
 */
function verifyPlot(answer, k) {
  const [width, height, left, right, top, bottom] = [300, 160, 50, 8, 8, 20];
  const [low, high] = answer.box[k].map(apiNumber);
  const finite = (x) => Number.isFinite(apiNumber(x));
  const ys = answer.points.flatMap((p) => [p.yours, p.autograd]).filter(finite).map(apiNumber);
  let [ymin, ymax] = ys.length ? [Math.min(...ys), Math.max(...ys)] : [-1, 1];
  if (ymax - ymin < 1e-12) [ymin, ymax] = [ymin - 1, ymax + 1];
  const pad = (ymax - ymin) * 0.06;
  [ymin, ymax] = [ymin - pad, ymax + pad];
  const sx = (x) => left + ((apiNumber(x) - low) / (high - low || 1)) * (width - left - right);
  const sy = (y) => top + (1 - (apiNumber(y) - ymin) / (ymax - ymin)) * (height - top - bottom);
  const parts = [
    svg('rect', { class: 'verify-frame', x: left, y: top, width: width - left - right, height: height - top - bottom }),
    svg('text', { class: 'verify-tick', x: left - 4, y: top + 10, 'text-anchor': 'end' }, formatNumber(ymax)),
    svg('text', { class: 'verify-tick', x: left - 4, y: height - bottom, 'text-anchor': 'end' }, formatNumber(ymin)),
    svg('text', { class: 'verify-tick', x: left, y: height - 4 }, formatNumber(low)),
    svg('text', { class: 'verify-tick', x: width - right, y: height - 4, 'text-anchor': 'end' }, formatNumber(high)),
    svg('text', { class: 'verify-tick axis-name', x: (left + width - right) / 2, y: height - 4, 'text-anchor': 'middle' }, answer.wrt),
  ];
  if (ymin < 0 && ymax > 0) parts.push(svg('line', { class: 'verify-zero', x1: left, x2: width - right, y1: sy(0), y2: sy(0) }));
  for (const p of answer.points) {
    const x = sx(p.at[k]);
    if (p.verdict === 'undefined') {
      const y = height - bottom - 4;
      parts.push(svg('path', { class: 'verify-undefined-mark', d: `M${x - 3},${y - 3}L${x + 3},${y + 3}M${x - 3},${y + 3}L${x + 3},${y - 3}` }, svg('title', {}, String(p.why ?? ''))));
      continue;
    }
    const wrong = p.verdict === 'disagreed';
    if (wrong && finite(p.yours) && finite(p.autograd)) parts.push(svg('line', { class: 'verify-gap', x1: x, x2: x, y1: sy(p.autograd), y2: sy(p.yours) }));
    if (finite(p.autograd)) parts.push(svg('circle', { class: 'verify-autograd', cx: x, cy: sy(p.autograd), r: 2.2 }));
    if (finite(p.yours)) {
      parts.push(svg('circle', { class: `verify-yours${wrong ? ' wrong' : ''}`, cx: x, cy: sy(p.yours), r: wrong ? 3.6 : 3.2 },
        svg('title', {}, `${answer.wrt} = ${exactNumber(p.at[k])}: ${tr('verify.yours')} ${exactNumber(p.yours)}, autograd ${exactNumber(p.autograd)}`)));
    }
  }
  const legend = el('p', { class: 'verify-legend' },
    el('span', { class: 'key autograd' }, '●'), ` autograd ∂${functionName()}/∂${answer.wrt}  `,
    el('span', { class: 'key yours' }, '○'), ` ${tr('verify.yours')}  `,
    el('span', { class: 'key wrong' }, '○'), ` ${tr('verify.wrongKey')}`);
  return [svg('svg', { class: 'verify-plot', viewBox: `0 0 ${width} ${height}`, width, height, role: 'img', 'aria-label': tr('verify.plot', { wrt: answer.wrt }) }, ...parts), legend];
}

/** The function's name in ∂f/∂x: its own name (`g = …`), or f. */
function functionName() {
  const name = rootName();
  return name.startsWith('#') ? 'f' : name;
}

/** Moves the variables to a point of the check, to step the graph there. */
function goToPoint(answer, point) {
  answer.variables.forEach((name, j) => { ex.values[name] = apiNumber(point.at[j]); });
  for (const input of ex.elements.variables.querySelectorAll('.var-number')) {
    if (input.dataset.var in ex.values) input.value = String(ex.values[input.dataset.var]);
  }
  for (const slider of ex.elements.variables.querySelectorAll('.var-slider')) {
    if (slider.dataset.var in ex.values) slider.value = String(ex.values[slider.dataset.var]);
  }
  requestExpression();
}

async function requestVerify() {
  if (ex.staticData) return;
  const state = ex.verify;
  const box = {};
  for (const v of ex.data.variables) {
    const range = ex.ranges[v.name];
    if (range) box[v.name] = [range[0], range[1]];
  }
  const body = { formula: ex.formula, wrt: state.wrt, derivative: state.derivative, box, points: VERIFY_POINTS };
  try {
    const answer = await callApi('POST', '/api/verify', body);
    if (!ex.root || body.formula !== ex.formula) return;
    state.answer = answer;
    state.error = null;
  } catch (error) {
    if (!ex.root) return;
    state.answer = null;
    const inDerivative = error.field === 'derivative' && error.column;
    state.error = { message: error.message, column: inDerivative ? error.column : null, text: body.derivative };
  }
  ex.panel = 'verify';
  refreshPanel();
  saveState(true); // a check is one action: its link is ready with its verdict
  const field = ex.elements.body.querySelector('.verify-derivative');
  if (field && state.error) {
    field.focus();
    if (state.error.column) field.setSelectionRange(state.error.column - 1, state.error.column);
  }
}

function selectNode(id) {
  ex.selected = id;
  ex.panel = 'node';
  refreshPanel();
  saveState();
}

function showNode(id) {
  selectNode(id);
  const box = ex.handles.geometry.get(`box${id}`);
  if (!box) return;
  if (ex.canvas.scale < READABLE_SCALE) ex.canvas.centreOn(box.x + box.w / 2, box.y + box.h / 2, 1);
  else ex.canvas.ensureVisible(box.x, box.y, box.w, box.h);
}

function nodePanel() {
  const id = ex.selected;
  if (id === null || !ex.index.nodes.has(id)) return [el('p', { class: 'note' }, tr('node.explain'))];
  const node = ex.index.nodes.get(id);
  const rows = [
    [tr('node.node'), nodeName(node) === `#${node.id}` ? `#${node.id}` : `#${node.id} ${nodeName(node)}`],
    [tr('node.op'), node.kind === 'op' ? opText(node, ex.index) : tr(`kind.${node.kind}`)],
    ['data', numberSpan(node.data, { coloured: false })],
    ['grad', numberSpan(node.grad)],
  ];
  const out = [el('table', { class: 'node-table' }, ...rows.map(([k, v]) => el('tr', {}, el('th', {}, k), el('td', {}, v))))];
  const inputs = ex.index.inputs.get(id) || [];
  if (inputs.length) {
    out.push(el('table', { class: 'node-inputs' },
      el('thead', {}, el('tr', {}, el('th', {}, tr('node.input')), el('th', {}, `∂${nodeName(node)}/∂input`))),
      el('tbody', {}, ...inputs.map((edge) => el('tr', {},
        el('td', {}, nodeName(ex.index.nodes.get(edge.from))),
        el('td', {}, edge.differentiated === false ? tr('node.constant') : numberSpan(edge.local)))))));
  }
  const anomaly = ex.index.anomalous.get(id);
  if (anomaly) out.push(el('p', { class: 'error-text' }, `⚠ ${String(anomaly.message ?? '')}`));
  if (node.kind === 'variable' && !ex.staticData) {
    out.push(el('button', { type: 'button', onclick: () => requestPaths(node.name) }, tr('paths.show', { root: rootName() })));
  }
  return out;
}

function onLanguage() {
  if (!ex.root || !ex.index) return;
  render();
  refreshPanel();
}

/** The expression view, as the router (app.js) mounts it. */
export const expressionView = { mount, unmount, update, onKey, onLanguage };
