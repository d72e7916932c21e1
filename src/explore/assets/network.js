// network.js: the network view, a playground that shows its gradients.
// Controls on the left, the network in the middle, the decision regions and
// the curves on the right, like TensorFlow Playground; clicking a unit shows
// its z_j, a_j, e_j and the table w_ij | a_i | e_j | e_j·a_i | autograd.
//
// The server trains (POST /api/network, …/step); this file only draws what
// each answer says. While training, it asks for the next steps as soon as the
// last answer is drawn, at most 20 times a second.

import { el, svg, icon, setChildren, callApi, numberSpan, formatNumber, formatPercent, exactNumber, apiNumber, classColour, writeState, isTyping } from './app.js';
import { createZoomCanvas } from './graph.js';
import { tr } from './i18n.js';

const CHOICES = {
  dataset: ['moons', 'circles', 'spirals', 'xor', 'blobs'],
  activation: ['relu', 'leaky_relu', 'tanh', 'sigmoid', 'elu', 'gelu', 'swish', 'softplus', 'linear'],
  init: ['zeros', 'uniform', 'normal', 'xavier_uniform', 'xavier_normal', 'he_uniform', 'he_normal'],
  optimizer: ['sgd', 'momentum', 'nesterov', 'adagrad', 'rmsprop', 'adam', 'adamw'],
  learning_rate: [0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1, 3],
  batch_size: [1, 8, 16, 32, 64, 128],
  steps: [1, 5, 10, 50, 100],
};

/** micrograd's demo network: moons, 2-16-16-1, ReLU. */
const DEFAULT_CONFIG = {
  dataset: 'moons', samples: 200, noise: 0.1, seed: 0, layers: [16, 16], activation: 'relu',
  init: 'he_uniform', optimizer: 'sgd', learning_rate: 0.1, batch_size: 32, preset: null,
};

const MIN_UPDATE_MS = 50;

const net = {
  root: null,
  config: { ...DEFAULT_CONFIG },
  session: null,       // the answer of POST /api/network (id, data, layers)
  state: null,         // the latest {state}
  running: false,
  stepsPerUpdate: 10,
  generation: 0,       // bumped for each new session; older answers are dropped
  busy: false,
  selected: null,      // [layer, unit] clicked
  example: 0,
  neuron: null,        // the last neuron answer
  neuronBusy: false,
  elements: {},
  edgeNodes: null,     // lines of the diagram: [layer][unit][input]
  diagram: null,       // the zoom canvas of the network diagram
  unitNodes: new Map(),
};

// ---------------------------------------------------------------- URL state

function configFromParams(params) {
  const config = { ...DEFAULT_CONFIG };
  const text = (key) => params.get(key);
  for (const key of ['dataset', 'activation', 'init', 'optimizer']) if (CHOICES[key].includes(text(key))) config[key] = text(key);
  if (text('layers') !== null) {
    const widths = text('layers') === '' ? [] : text('layers').split(',').map(Number);
    if (widths.every((w) => Number.isInteger(w) && w > 0)) config.layers = widths.slice(0, 4);
  }
  for (const [key, param] of [['learning_rate', 'lr'], ['batch_size', 'batch'], ['samples', 'samples'], ['noise', 'noise'], ['seed', 'seed']]) {
    const value = Number(text(param));
    if (text(param) !== null && Number.isFinite(value)) config[key] = value;
  }
  if (['dying_relu', 'zero_init', 'vanishing'].includes(text('preset'))) config.preset = text('preset');
  return config;
}

function saveConfig() {
  const c = net.config;
  const params = new URLSearchParams();
  if (c.preset) params.set('preset', c.preset);
  params.set('dataset', c.dataset);
  params.set('layers', c.layers.join(','));
  params.set('activation', c.activation);
  params.set('init', c.init);
  params.set('optimizer', c.optimizer);
  params.set('lr', String(c.learning_rate));
  params.set('batch', String(c.batch_size));
  if (c.samples !== DEFAULT_CONFIG.samples) params.set('samples', String(c.samples));
  if (c.noise !== DEFAULT_CONFIG.noise) params.set('noise', String(c.noise));
  if (c.seed !== DEFAULT_CONFIG.seed) params.set('seed', String(c.seed));
  writeState('network', params);
}

// ---------------------------------------------------------------- mounting

function mount(container, params) {
  net.config = configFromParams(params);
  net.selected = null;
  net.neuron = null;
  net.example = 0;
  build(container);
  newSession();
}

function update(params) {
  const next = configFromParams(params);
  if (JSON.stringify(next) === JSON.stringify(net.config)) return;
  net.config = next;
  refreshControls();
  newSession();
}

function unmount() {
  net.running = false;
  endSession();
  net.root = null;
}

function endSession() {
  if (net.session) {
    // Ends the server's session; idle ones also end by themselves.
    fetch(`/api/network/${encodeURIComponent(net.session.id)}`, { method: 'DELETE', keepalive: true }).catch(() => {});
  }
  net.session = null;
  net.state = null;
}

function build(container) {
  const field = (labelKey, control) => el('label', { class: 'field' }, el('span', { 'data-i18n': labelKey }, tr(labelKey)), control);
  const select = (key, format = String) => el('select', {
    class: `control-${key}`, 'data-key': key,
    onchange: (event) => {
      const raw = event.target.value;
      setConfig(key, typeof net.config[key] === 'number' ? Number(raw) : raw);
    },
  }, ...CHOICES[key].map((value) => el('option', { value: String(value) }, format(value))));

  const presets = el('div', { class: 'presets' },
    ...['dying_relu', 'zero_init', 'vanishing'].map((name) => el('button', {
      type: 'button', class: 'preset', 'data-preset': name, 'data-i18n': `preset.${name}`,
      onclick: () => {
        net.config = { ...DEFAULT_CONFIG, preset: name };
        refreshControls();
        newSession();
      },
    }, tr(`preset.${name}`))));

  const layers = el('div', { class: 'layer-widths' });
  const playButton = el('button', { type: 'button', class: 'train primary', onclick: toggleTraining });
  const stepButton = el('button', { type: 'button', class: 'one-step', onclick: () => { pause(); trainOnce(1); }, 'data-i18n': 'net.step' }, tr('net.step'));
  const resetButton = el('button', { type: 'button', class: 'reset', onclick: () => { pause(); newSession(); }, 'data-i18n': 'net.reset' }, tr('net.reset'));
  const steps = el('select', { class: 'steps-per-update', onchange: (event) => { net.stepsPerUpdate = Number(event.target.value); } },
    ...CHOICES.steps.map((n) => el('option', { value: String(n), selected: n === net.stepsPerUpdate }, String(n))));

  const controls = el('aside', { class: 'net-controls' },
    el('h2', { 'data-i18n': 'net.presets' }, tr('net.presets')), presets,
    el('h2', { 'data-i18n': 'net.data' }, tr('net.data')),
    field('net.dataset', select('dataset')),
    el('h2', { 'data-i18n': 'net.network' }, tr('net.network')),
    el('div', { class: 'field layers-field' }, el('span', { 'data-i18n': 'net.layers' }, tr('net.layers')), layers),
    field('net.activation', select('activation')),
    field('net.init', select('init')),
    el('h2', { 'data-i18n': 'net.training' }, tr('net.training')),
    field('net.optimizer', select('optimizer')),
    field('net.learningRate', select('learning_rate')),
    field('net.batchSize', select('batch_size')),
    field('net.stepsPerUpdate', steps),
    el('div', { class: 'run-buttons' }, playButton, stepButton),
    resetButton,
    el('p', { class: 'keys', 'data-i18n': 'net.keys' }, tr('net.keys')));

  const stats = el('div', { class: 'stats', 'aria-live': 'off' });
  const regions = el('canvas', { class: 'regions', width: '340', height: '340', 'aria-label': tr('net.regions') });
  regions.addEventListener('click', pickExample);
  const curves = svg('svg', { class: 'curves', viewBox: '0 0 340 120', role: 'img', 'aria-label': tr('net.curves') });
  const curvesLegend = el('div', { class: 'curves-legend' },
    el('span', { class: 'key-loss' }, '— ', el('span', { 'data-i18n': 'net.loss' }, tr('net.loss'))),
    el('span', { class: 'key-accuracy' }, '- - ', el('span', { 'data-i18n': 'net.accuracy' }, tr('net.accuracy'))));
  const diagramPane = el('div', { class: 'diagram-pane' });
  const legend = el('div', { class: 'legend' },
    el('span', { class: 'legend-dead' }, '✕ ', el('span', { 'data-i18n': 'net.dead' }, tr('net.dead'))),
    el('span', { class: 'legend-symmetric' }, '◌ ', el('span', { 'data-i18n': 'net.symmetric' }, tr('net.symmetric'))));
  const neuron = el('div', { class: 'neuron-panel' });
  const message = el('div', { class: 'error-box', role: 'alert', hidden: true });

  net.root = el('section', { class: 'view network-view' },
    controls,
    el('div', { class: 'net-middle' }, message, el('h2', { 'data-i18n': 'net.diagram' }, tr('net.diagram')), diagramPane, legend, neuron),
    el('div', { class: 'net-right' }, stats, regions, el('p', { class: 'hint', 'data-i18n': 'net.exampleHint' }, tr('net.exampleHint')), curvesLegend, curves));
  container.append(net.root);
  net.elements = { controls, layers, playButton, stepButton, stats, regions, curves, diagramPane, neuron, message };
  net.diagram = createZoomCanvas(diagramPane, { maxScale: 3 });
  refreshControls();
}

function refreshControls() {
  const { controls, layers } = net.elements;
  if (!controls) return;
  for (const selectNode of controls.querySelectorAll('select[data-key]')) selectNode.value = String(net.config[selectNode.dataset.key]);
  for (const button of controls.querySelectorAll('.preset')) button.setAttribute('aria-pressed', String(button.dataset.preset === net.config.preset));
  const widths = net.config.layers.map((width, k) => el('input', {
    type: 'number', class: 'layer-width', min: '1', max: '64', value: String(width), 'aria-label': tr('net.width', { k: k + 1 }),
    onchange: (event) => {
      const w = Math.max(1, Math.min(64, Math.round(Number(event.target.value)) || 1));
      const next = [...net.config.layers];
      next[k] = w;
      setConfig('layers', next);
    },
  }));
  setChildren(layers, [
    widths,
    el('button', { type: 'button', class: 'layer-minus', title: tr('net.removeLayer'), 'aria-label': tr('net.removeLayer'), disabled: net.config.layers.length === 0, onclick: () => setConfig('layers', net.config.layers.slice(0, -1)) }, '−'),
    el('button', { type: 'button', class: 'layer-plus', title: tr('net.addLayer'), 'aria-label': tr('net.addLayer'), disabled: net.config.layers.length >= 4, onclick: () => setConfig('layers', [...net.config.layers, 8]) }, '+'),
  ]);
  refreshPlayButton();
}

/** A control changed: the lesson's preset no longer applies; start a new session. */
function setConfig(key, value) {
  net.config = { ...net.config, [key]: value, preset: null };
  refreshControls();
  newSession();
}

// ---------------------------------------------------------------- sessions and training

async function newSession() {
  pause();
  endSession();
  const generation = ++net.generation;
  net.selected = null;
  net.neuron = null;
  saveConfig();
  showMessage(null);
  setChildren(net.elements.stats, [el('p', { class: 'note' }, tr('net.starting'))]);
  try {
    const answer = await callApi('POST', '/api/network', { ...net.config });
    if (generation !== net.generation || !net.root) {
      callApi('DELETE', `/api/network/${encodeURIComponent(answer.id)}`).catch(() => {});
      return;
    }
    net.session = answer;
    net.state = answer.state;
    if (answer.config && net.config.preset) {
      // A preset overrides the rest: show what it chose.
      const chosen = answer.config;
      net.config = { ...net.config, ...pick(chosen, Object.keys(DEFAULT_CONFIG)), preset: net.config.preset };
      refreshControls();
      saveConfig();
    }
    net.example = Math.min(net.example, answer.data.y.length - 1);
    drawDiagram();
    drawAll();
    drawNeuron();
  } catch (error) {
    if (generation === net.generation && net.root) showMessage(error.message);
  }
}

function pick(object, keys) {
  const out = {};
  for (const key of keys) if (key in object && key !== 'preset') out[key] = object[key];
  return out;
}

function toggleTraining() {
  if (net.running) pause();
  else play();
}

function play() {
  if (!net.session) return;
  net.running = true;
  refreshPlayButton();
  loop();
}

function pause() {
  net.running = false;
  refreshPlayButton();
}

async function loop() {
  while (net.running && net.root) {
    const started = performance.now();
    const ok = await trainOnce(net.stepsPerUpdate);
    if (!ok) { pause(); break; }
    const spent = performance.now() - started;
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, MIN_UPDATE_MS - spent)));
  }
}

/** Trains `steps` steps and draws the new state; false on an error. */
async function trainOnce(steps) {
  if (!net.session || net.busy) return true;
  net.busy = true;
  const generation = net.generation;
  try {
    const state = await callApi('POST', `/api/network/${encodeURIComponent(net.session.id)}/step`, { steps });
    if (generation !== net.generation || !net.root) return true;
    net.state = state;
    drawAll();
    if (net.selected) requestNeuron();
    return true;
  } catch (error) {
    if (generation === net.generation && net.root) showMessage(error.message);
    return false;
  } finally {
    net.busy = false;
  }
}

function refreshPlayButton() {
  const button = net.elements.playButton;
  if (!button) return;
  setChildren(button, [icon(net.running ? 'pause' : 'play'), ' ', tr(net.running ? 'net.pause' : 'net.play')]);
  button.setAttribute('aria-pressed', String(net.running));
}

function showMessage(text) {
  const box = net.elements.message;
  if (!box) return;
  box.hidden = text === null;
  setChildren(box, text === null ? [] : [el('p', {}, el('strong', {}, `${tr('error.title')}: `), text)]);
}

function onKey(event) {
  if (event.altKey || event.ctrlKey || event.metaKey || isTyping(event)) return;
  if (event.key === ' ' && !(event.target instanceof Element && event.target.closest('button, a'))) {
    event.preventDefault();
    toggleTraining();
  } else if (event.key === 'ArrowRight' && !net.running) {
    event.preventDefault();
    trainOnce(1);
  }
}

// ---------------------------------------------------------------- drawing

function drawAll() {
  drawStats();
  drawRegions();
  drawCurves();
  refreshDiagram();
}

function drawStats() {
  const s = net.state;
  if (!s) return;
  const stat = (key, value) => el('div', { class: 'stat' }, el('span', { class: 'stat-label', 'data-i18n': key }, tr(key)), el('span', { class: 'stat-value' }, value));
  setChildren(net.elements.stats, [
    stat('net.stepCount', String(s.step)),
    stat('net.epoch', String(s.epoch)),
    stat('net.loss', numberSpan(s.loss, { coloured: false })),
    stat('net.accuracy', el('span', { class: 'num', title: exactNumber(s.accuracy) }, formatPercent(s.accuracy))),
  ]);
}

/** Where the data's point (x, y) falls on the regions canvas. */
function toCanvas(grid, canvas, [x, y]) {
  return [
    ((x - grid.x[0]) / (grid.x[1] - grid.x[0])) * canvas.width,
    ((grid.y[1] - y) / (grid.y[1] - grid.y[0])) * canvas.height,
  ];
}

function drawRegions() {
  const canvas = net.elements.regions;
  const context = canvas.getContext('2d');
  const grid = net.state?.grid;
  context.clearRect(0, 0, canvas.width, canvas.height);
  if (!grid || !net.session) return;
  const classes = net.session.data.classes;
  // The grid, one pixel per cell, then scaled up smoothly.
  const cells = document.createElement('canvas');
  cells.width = grid.size;
  cells.height = grid.size;
  const cellContext = cells.getContext('2d');
  const image = cellContext.createImageData(grid.size, grid.size);
  const rgb = Array.from({ length: Math.max(classes, 2) }, (_, k) => hexToRgb(classColour(k)));
  const floor = 1 / Math.max(classes, 2);
  for (let k = 0; k < grid.size * grid.size; k++) {
    const colour = rgb[grid.class[k]] || [128, 128, 128];
    const confidence = apiNumber(grid.confidence[k]);
    const strength = Number.isFinite(confidence) ? Math.max(0, (confidence - floor) / (1 - floor)) : 0;
    const alpha = 0.1 + 0.5 * strength;
    for (let c = 0; c < 3; c++) image.data[4 * k + c] = Math.round(255 * (1 - alpha) + colour[c] * alpha);
    image.data[4 * k + 3] = 255;
  }
  cellContext.putImageData(image, 0, 0);
  context.imageSmoothingEnabled = true;
  context.drawImage(cells, 0, 0, canvas.width, canvas.height);
  // The data on top.
  const { x, y } = net.session.data;
  for (let k = 0; k < x.length; k++) {
    const [px, py] = toCanvas(grid, canvas, x[k]);
    context.beginPath();
    context.arc(px, py, 3.4, 0, 2 * Math.PI);
    context.fillStyle = classColour(y[k]);
    context.fill();
    context.lineWidth = 1;
    context.strokeStyle = '#ffffff';
    context.stroke();
  }
  // The chosen example, ringed.
  if (x[net.example]) {
    const [px, py] = toCanvas(grid, canvas, x[net.example]);
    context.beginPath();
    context.arc(px, py, 7, 0, 2 * Math.PI);
    context.lineWidth = 2;
    context.strokeStyle = '#1f2328';
    context.stroke();
  }
}

function hexToRgb(colour) {
  const hex = colour.replace('#', '');
  const full = hex.length === 3 ? hex.split('').map((c) => c + c).join('') : hex;
  return [0, 2, 4].map((k) => parseInt(full.slice(k, k + 2), 16));
}

/** A click on the regions picks the nearest data point as the neuron panel's example. */
function pickExample(event) {
  const grid = net.state?.grid;
  if (!grid || !net.session) return;
  const canvas = net.elements.regions;
  const box = canvas.getBoundingClientRect();
  const cx = ((event.clientX - box.left) / box.width) * canvas.width;
  const cy = ((event.clientY - box.top) / box.height) * canvas.height;
  let best = -1;
  let bestDistance = Infinity;
  net.session.data.x.forEach((point, k) => {
    const [px, py] = toCanvas(grid, canvas, point);
    const d = (px - cx) ** 2 + (py - cy) ** 2;
    if (d < bestDistance) { bestDistance = d; best = k; }
  });
  if (best >= 0 && bestDistance < 20 ** 2) {
    net.example = best;
    drawRegions();
    if (net.selected) requestNeuron();
    else drawNeuron();
  }
}

function drawCurves() {
  const chart = net.elements.curves;
  const history = net.state?.history || [];
  const W = 340;
  const H = 120;
  const left = 4;
  const right = 60;
  const top = 8;
  const bottom = 16;
  const children = [];
  children.push(svg('line', { class: 'axis', x1: left, y1: H - bottom, x2: W - right, y2: H - bottom }));
  if (history.length >= 1) {
    const steps = history.map((h) => h.step);
    const first = Math.min(...steps);
    const last = Math.max(...steps, first + 1);
    const losses = history.map((h) => apiNumber(h.loss)).filter(Number.isFinite);
    const maxLoss = Math.max(1e-9, ...losses);
    const xOf = (step) => left + ((step - first) / (last - first)) * (W - left - right);
    const yLoss = (loss) => top + (1 - Math.min(1, apiNumber(loss) / maxLoss)) * (H - top - bottom);
    const yAccuracy = (a) => top + (1 - apiNumber(a)) * (H - top - bottom);
    const line = (yOf, key) => history.filter((h) => Number.isFinite(apiNumber(h[key]))).map((h) => `${xOf(h.step).toFixed(1)},${yOf(h[key]).toFixed(1)}`).join(' ');
    children.push(svg('polyline', { class: 'curve-accuracy', points: line(yAccuracy, 'accuracy') }));
    children.push(svg('polyline', { class: 'curve-loss', points: line(yLoss, 'loss') }));
    const end = history[history.length - 1];
    children.push(svg('text', { class: 'curve-label loss', x: W - right + 4, y: Math.max(12, yLoss(end.loss) + 4) }, formatNumber(end.loss)));
    children.push(svg('text', { class: 'curve-label accuracy', x: W - right + 4, y: Math.min(H - bottom, yAccuracy(end.accuracy) + 4) }, formatPercent(end.accuracy)));
    children.push(svg('text', { class: 'curve-axis', x: left, y: H - 3 }, String(first)));
    children.push(svg('text', { class: 'curve-axis', x: W - right, y: H - 3, 'text-anchor': 'end' }, String(last)));
  }
  setChildren(chart, children);
}

// ---------------------------------------------------------------- the network diagram

const UNIT_GAP = 26;
const LAYER_GAP = 170;
const UNIT_R = 9;

/** The diagram's geometry: one column per layer, input first. */
function diagramGeometry() {
  const sizes = [net.session.layers[0]?.inputs ?? 2, ...net.session.layers.map((l) => l.units)];
  const tallest = Math.max(...sizes);
  const height = tallest * UNIT_GAP + 70;
  const columns = sizes.map((n, c) => {
    const x = 40 + c * LAYER_GAP;
    const top = 40 + ((tallest - n) * UNIT_GAP) / 2;
    return Array.from({ length: n }, (_, j) => [x, top + j * UNIT_GAP + UNIT_GAP / 2]);
  });
  return { sizes, columns, width: 80 + (sizes.length - 1) * LAYER_GAP, height };
}

function drawDiagram() {
  if (!net.session) return;
  const geometry = diagramGeometry();
  const layer = net.diagram.layer;
  const edges = svg('g', { class: 'net-edges' });
  const units = svg('g', { class: 'net-units' });
  const labels = svg('g', { class: 'net-labels' });
  net.unitNodes = new Map();
  net.edgeNodes = [];
  geometry.columns.forEach((column, c) => {
    if (c > 0) {
      const edgeRows = [];
      column.forEach(([x2, y2]) => {
        const row = [];
        geometry.columns[c - 1].forEach(([x1, y1]) => {
          const line = svg('line', { class: 'weight', x1: x1 + UNIT_R, y1, x2: x2 - UNIT_R, y2 });
          edges.append(line);
          row.push(line);
        });
        edgeRows.push(row);
      });
      net.edgeNodes.push(edgeRows);
    }
    const activation = c === 0 ? '' : net.session.layers[c - 1].activation;
    const title = c === 0 ? tr('net.input') : c === geometry.columns.length - 1 ? tr('net.output') : tr('net.layer', { k: c });
    labels.append(svg('text', { class: 'layer-title', x: column[0][0], y: 14, 'text-anchor': 'middle' }, title));
    if (activation) labels.append(svg('text', { class: 'layer-activation', x: column[0][0], y: 30, 'text-anchor': 'middle' }, `${activation} · ${column.length}`));
    labels.append(svg('text', { class: 'grad-norm', 'data-layer': String(c - 1), x: column[0][0], y: geometry.height - 12, 'text-anchor': 'middle' }, ''));
    column.forEach(([x, y], j) => {
      const group = svg('g', { class: c === 0 ? 'unit input' : 'unit', transform: `translate(${x} ${y})` },
        svg('circle', { r: UNIT_R }),
        svg('text', { class: 'mark', 'text-anchor': 'middle', dy: '0.35em' }, c === 0 ? `x${j + 1}` : ''),
        svg('title', {}, c === 0 ? `x${j + 1}` : tr('net.neuron', { j, l: c })));
      if (c > 0) {
        group.setAttribute('tabindex', '-1');
        group.addEventListener('click', () => selectUnit(c - 1, j));
        net.unitNodes.set(`${c - 1}:${j}`, group);
      }
      units.append(group);
    });
  });
  layer.replaceChildren(edges, units, labels);
  net.diagram.setContentSize(geometry.width, geometry.height);
  net.diagram.fit(1.1);
  refreshDiagram();
}

/** Weights, dead and symmetric units, gradient norms and the selection, from the state. */
function refreshDiagram() {
  if (!net.session || !net.state || !net.edgeNodes) return;
  const { weights, dead = [], symmetric = [], gradient_norms: norms = [] } = net.state;
  let largest = 0;
  for (const layerWeights of weights || []) for (const unit of layerWeights) for (const w of unit) largest = Math.max(largest, Math.abs(apiNumber(w)) || 0);
  net.edgeNodes.forEach((rows, l) => rows.forEach((row, j) => row.forEach((line, i) => {
    const w = apiNumber(weights?.[l]?.[j]?.[i]);
    const strength = largest > 0 && Number.isFinite(w) ? Math.abs(w) / largest : 0;
    line.setAttribute('class', `weight ${w > 0 ? 'pos' : w < 0 ? 'neg' : 'zero'}`);
    line.setAttribute('stroke-width', (0.4 + 3 * strength).toFixed(2));
    line.setAttribute('stroke-opacity', (0.15 + 0.75 * strength).toFixed(2));
  })));
  const deadSet = new Set(dead.map(([l, j]) => `${l}:${j}`));
  const groupOf = new Map();
  symmetric.forEach(([l, group], g) => group.forEach((j) => groupOf.set(`${l}:${j}`, String.fromCharCode(65 + (g % 26)))));
  for (const [key, node] of net.unitNodes) {
    node.classList.toggle('dead', deadSet.has(key));
    node.classList.toggle('symmetric', groupOf.has(key));
    node.classList.toggle('selected', net.selected !== null && key === `${net.selected[0]}:${net.selected[1]}`);
    const mark = node.querySelector('.mark');
    mark.textContent = deadSet.has(key) ? '✕' : groupOf.get(key) ?? '';
  }
  for (const text of net.diagram.layer.querySelectorAll('.grad-norm')) {
    const l = Number(text.dataset.layer);
    text.textContent = l >= 0 && norms[l] !== undefined ? `${tr('net.gradNorm')} ${formatNumber(norms[l])}` : '';
    if (l >= 0 && norms[l] !== undefined) text.setAttribute('title', exactNumber(norms[l]));
  }
}

// ---------------------------------------------------------------- one neuron

function selectUnit(layer, unit) {
  net.selected = [layer, unit];
  net.neuron = null;
  refreshDiagram();
  requestNeuron();
}

async function requestNeuron() {
  if (!net.session || !net.selected || net.neuronBusy) return;
  net.neuronBusy = true;
  const [layer, unit] = net.selected;
  const generation = net.generation;
  try {
    const answer = await callApi('GET', `/api/network/${encodeURIComponent(net.session.id)}/neuron/${layer}/${unit}?example=${net.example}`);
    if (generation !== net.generation || !net.root) return;
    net.neuron = answer;
    drawNeuron();
  } catch (error) {
    if (net.root) setChildren(net.elements.neuron, [el('p', { class: 'error-text' }, error.message)]);
  } finally {
    net.neuronBusy = false;
  }
}

function drawNeuron() {
  const panel = net.elements.neuron;
  const answer = net.neuron;
  if (!net.selected || !answer) {
    setChildren(panel, [el('p', { class: 'note' }, tr('net.neuronHint'))]);
    return;
  }
  const example = el('input', {
    type: 'number', class: 'example', min: '0', max: String((net.session?.data.y.length ?? 1) - 1), value: String(net.example), 'aria-label': tr('net.example'),
    onchange: (event) => {
      const k = Math.round(Number(event.target.value));
      if (Number.isInteger(k) && k >= 0 && k < net.session.data.y.length) {
        net.example = k;
        drawRegions();
        requestNeuron();
      }
    },
  });
  const point = net.session.data.x[answer.example] || [];
  const label = net.session.data.y[answer.example];
  const agrees = (row) => {
    const a = apiNumber(row.e_j_a_i);
    const b = apiNumber(row.autograd);
    return a === b || Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));
  };
  const allAgree = answer.rows.every(agrees);
  setChildren(panel, [
    el('div', { class: 'neuron-head' },
      el('strong', {}, tr('net.neuron', { j: answer.unit, l: answer.layer + 1 })),
      el('label', {}, `${tr('net.example')} `, example),
      el('span', { class: 'note' }, `x = (${point.map((v) => formatNumber(v)).join(', ')}), y = ${label}`)),
    el('div', { class: 'neuron-values' },
      el('span', {}, 'z_j = ', numberSpan(answer.z, { coloured: false })),
      el('span', {}, 'a_j = ', numberSpan(answer.a, { coloured: false })),
      el('span', {}, 'e_j = ', numberSpan(answer.e))),
    el('div', { class: 'neuron-table-wrap' },
      el('table', { class: 'neuron-table' },
        el('thead', {}, el('tr', {}, ...['i', 'w_ij', 'a_i', 'e_j', 'e_j·a_i', 'autograd'].map((h) => el('th', {}, h)))),
        el('tbody', {}, ...answer.rows.map((row) => el('tr', { class: agrees(row) ? '' : 'disagree' },
          el('td', { class: 'name' }, row.i === null ? tr('net.bias') : String(row.i)),
          el('td', {}, numberSpan(row.w, { coloured: false })),
          el('td', {}, numberSpan(row.a_i, { coloured: false })),
          el('td', {}, numberSpan(answer.e)),
          el('td', {}, numberSpan(row.e_j_a_i)),
          el('td', {}, numberSpan(row.autograd))))))),
    el('p', { class: allAgree ? 'note agree' : 'error-text' }, allAgree ? `✓ ${tr('net.agree')}` : `✗ ${tr('net.disagree')}`),
  ]);
}

function onLanguage() {
  if (!net.root) return;
  refreshControls();
  if (net.session) drawDiagram();
  drawAll();
  drawNeuron();
}

/** The network view, as the router (app.js) mounts it. */
export const networkView = { mount, unmount, update, onKey, onLanguage };
