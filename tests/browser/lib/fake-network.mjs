// A stand-in for the explorer's training sessions (docs/explorer-api.md,
// "Training sessions"), so the network view can be built and tested before
// the Rust server exists. A small MLP on plain numbers; the shapes of the
// answers are the API's, the numbers are only plausible. Not the engine.

function rng(seed) {
  let s = (seed >>> 0) || 1;
  const next = () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const normal = () => Math.sqrt(-2 * Math.log(next() + 1e-12)) * Math.cos(2 * Math.PI * next());
  return { next, normal };
}

function dataset(name, samples, noise, seed) {
  const r = rng(seed + 1);
  const x = [];
  const y = [];
  let classes = 2;
  for (let k = 0; k < samples; k++) {
    let c = k % 2;
    let p;
    if (name === 'moons') {
      const t = Math.PI * r.next();
      p = c === 0 ? [Math.cos(t), Math.sin(t)] : [1 - Math.cos(t), 0.5 - Math.sin(t)];
    } else if (name === 'circles') {
      const t = 2 * Math.PI * r.next();
      const radius = c === 0 ? 1 : 0.5;
      p = [radius * Math.cos(t), radius * Math.sin(t)];
    } else if (name === 'xor') {
      p = [2 * r.next() - 1, 2 * r.next() - 1];
      c = p[0] * p[1] > 0 ? 1 : 0;
    } else if (name === 'spirals') {
      classes = 3;
      c = k % 3;
      const t = r.next();
      const angle = 4 * t * Math.PI + (2 * Math.PI * c) / 3;
      p = [t * Math.cos(angle), t * Math.sin(angle)];
    } else {
      classes = 3;
      c = k % 3;
      const centres = [[-1, -0.5], [1, -0.5], [0, 1]];
      p = [...centres[c]];
    }
    x.push([p[0] + noise * r.normal(), p[1] + noise * r.normal()]);
    y.push(c);
  }
  return { x, y, classes };
}

const ACTIVATIONS = {
  relu: [(z) => Math.max(0, z), (z) => (z > 0 ? 1 : 0)],
  leaky_relu: [(z) => (z > 0 ? z : 0.01 * z), (z) => (z > 0 ? 1 : 0.01)],
  tanh: [Math.tanh, (z) => 1 - Math.tanh(z) ** 2],
  sigmoid: [(z) => 1 / (1 + Math.exp(-z)), (z) => { const s = 1 / (1 + Math.exp(-z)); return s * (1 - s); }],
  linear: [(z) => z, () => 1],
};

const PRESETS = {
  dying_relu: { dataset: 'moons', layers: [4], activation: 'relu', init: 'he_uniform', optimizer: 'sgd', learning_rate: 0.1, batch_size: 32, dead: true },
  zero_init: { dataset: 'moons', layers: [8], activation: 'relu', init: 'zeros', optimizer: 'sgd', learning_rate: 0.1, batch_size: 32 },
  vanishing: { dataset: 'moons', layers: [8, 8, 8, 8], activation: 'sigmoid', init: 'xavier_uniform', optimizer: 'sgd', learning_rate: 0.1, batch_size: 32 },
};

let counter = 0;
const sessions = new Map();

export function createSession(request) {
  if (sessions.size >= 16) throw { status: 429, body: { error: 'too many training sessions (at most 16); close a tab or wait 5 minutes' } };
  const preset = request.preset ? PRESETS[request.preset] : null;
  if (request.preset && !preset) throw { status: 400, body: { error: `unknown preset \`${request.preset}\`` } };
  const config = { dataset: 'moons', samples: 200, noise: 0.1, seed: 0, layers: [16, 16], activation: 'relu', init: 'he_uniform', optimizer: 'sgd', learning_rate: 0.1, batch_size: 32, ...request, ...(preset || {}), preset: request.preset ?? null };
  delete config.dead;
  if (!['moons', 'circles', 'spirals', 'xor', 'blobs'].includes(config.dataset)) throw { status: 400, body: { error: `unknown dataset \`${config.dataset}\`` } };
  if (!Array.isArray(config.layers) || config.layers.length > 4 || config.layers.some((w) => !Number.isInteger(w) || w < 1 || w > 64)) throw { status: 400, body: { error: 'layers: at most 4 hidden layers of 1 to 64 units' } };
  if (config.samples > 2000) throw { status: 400, body: { error: 'samples: at most 2,000' } };
  if (!ACTIVATIONS[config.activation]) throw { status: 400, body: { error: `unknown activation \`${config.activation}\`` } };
  const data = dataset(config.dataset, config.samples, config.noise, config.seed);
  const outputs = data.classes === 2 ? 1 : data.classes;
  const sizes = [2, ...config.layers, outputs];
  const r = rng(config.seed + 7);
  const layers = [];
  for (let l = 1; l < sizes.length; l++) {
    const fanIn = sizes[l - 1];
    const units = [];
    for (let j = 0; j < sizes[l]; j++) {
      const w = [];
      for (let i = 0; i < fanIn; i++) {
        let v;
        if (config.init === 'zeros') v = 0;
        else if (config.init.startsWith('he')) v = (2 * r.next() - 1) * Math.sqrt(6 / fanIn);
        else if (config.init.startsWith('xavier')) v = (2 * r.next() - 1) * Math.sqrt(6 / (fanIn + sizes[l]));
        else v = (2 * r.next() - 1);
        w.push(v);
      }
      units.push({ w, b: 0 });
    }
    layers.push({ units, activation: l === sizes.length - 1 ? 'linear' : config.activation });
  }
  if (preset && preset.dead) {
    // The worked example's situation: one hidden unit's z_j < 0 on every example.
    layers[0].units[1].w = [0.1, 0.1];
    layers[0].units[1].b = -3;
  }
  const id = `s${++counter}`;
  const session = { id, config, data, layers, step: 0, epoch: 0, cursor: 0, history: [], norms: layers.map(() => 0), adam: null, touched: Date.now() };
  sessions.set(id, session);
  return {
    id,
    config,
    data: { x: data.x, y: data.y, classes: data.classes },
    layers: layers.map((layer, l) => ({ inputs: sizes[l], units: layer.units.length, activation: layer.activation })),
    state: state(session),
  };
}

function forward(session, x) {
  const zs = [];
  const as = [x];
  for (const layer of session.layers) {
    const [f] = ACTIVATIONS[layer.activation];
    const input = as[as.length - 1];
    const z = layer.units.map((u) => u.w.reduce((s, w, i) => s + w * input[i], u.b));
    zs.push(z);
    as.push(z.map(f));
  }
  return { zs, as };
}

/** Loss and dJ/d(output) for one example: BCE on a logit, or softmax cross-entropy. */
function lossOf(session, output, label) {
  if (session.data.classes === 2) {
    const z = output[0];
    const p = 1 / (1 + Math.exp(-z));
    const loss = Math.max(z, 0) - z * label + Math.log(1 + Math.exp(-Math.abs(z)));
    return { loss, grad: [p - label], predicted: p > 0.5 ? 1 : 0, confidence: Math.max(p, 1 - p) };
  }
  const m = Math.max(...output);
  const e = output.map((v) => Math.exp(v - m));
  const s = e.reduce((a, b) => a + b, 0);
  const p = e.map((v) => v / s);
  const predicted = p.indexOf(Math.max(...p));
  return { loss: -Math.log(p[label] + 1e-300), grad: p.map((v, k) => v - (k === label ? 1 : 0)), predicted, confidence: p[predicted] };
}

function backward(session, x, label) {
  const { zs, as } = forward(session, x);
  const out = lossOf(session, as[as.length - 1], label);
  const es = new Array(session.layers.length);
  es[es.length - 1] = out.grad;
  for (let l = session.layers.length - 2; l >= 0; l--) {
    const [, df] = ACTIVATIONS[session.layers[l].activation];
    es[l] = zs[l].map((z, j) => df(z) * session.layers[l + 1].units.reduce((s, u, k) => s + u.w[j] * es[l + 1][k], 0));
  }
  return { zs, as, es, out };
}

function trainStep(session) {
  const { x, y } = session.data;
  const n = x.length;
  const batch = Math.min(session.config.batch_size, n);
  const grads = session.layers.map((layer) => layer.units.map((u) => ({ w: u.w.map(() => 0), b: 0 })));
  for (let k = 0; k < batch; k++) {
    const index = (session.cursor + k) % n;
    const { as, es } = backward(session, x[index], y[index]);
    session.layers.forEach((layer, l) => layer.units.forEach((u, j) => {
      grads[l][j].b += es[l][j] / batch;
      u.w.forEach((_, i) => { grads[l][j].w[i] += (es[l][j] * as[l][i]) / batch; });
    }));
  }
  session.cursor += batch;
  if (session.cursor >= n) { session.cursor -= n; session.epoch += 1; }
  const lr = session.config.learning_rate;
  session.layers.forEach((layer, l) => {
    let squares = 0;
    layer.units.forEach((u, j) => {
      u.b -= lr * grads[l][j].b;
      squares += grads[l][j].b ** 2;
      u.w.forEach((_, i) => { u.w[i] -= lr * grads[l][j].w[i]; squares += grads[l][j].w[i] ** 2; });
    });
    session.norms[l] = Math.sqrt(squares);
  });
  session.step += 1;
}

function evaluate(session) {
  const { x, y } = session.data;
  let loss = 0;
  let correct = 0;
  for (let k = 0; k < x.length; k++) {
    const { as } = forward(session, x[k]);
    const out = lossOf(session, as[as.length - 1], y[k]);
    loss += out.loss;
    if (out.predicted === y[k]) correct += 1;
  }
  return { loss: loss / x.length, accuracy: correct / x.length };
}

function state(session) {
  const { loss, accuracy } = evaluate(session);
  const xs = session.data.x;
  const pad = 0.3;
  const xr = [Math.min(...xs.map((p) => p[0])) - pad, Math.max(...xs.map((p) => p[0])) + pad];
  const yr = [Math.min(...xs.map((p) => p[1])) - pad, Math.max(...xs.map((p) => p[1])) + pad];
  const size = 40;
  const cls = [];
  const confidence = [];
  for (let row = 0; row < size; row++) {
    for (let col = 0; col < size; col++) {
      const px = xr[0] + ((col + 0.5) / size) * (xr[1] - xr[0]);
      const py = yr[1] - ((row + 0.5) / size) * (yr[1] - yr[0]);
      const { as } = forward(session, [px, py]);
      const out = lossOf(session, as[as.length - 1], 0);
      cls.push(out.predicted);
      confidence.push(Number(out.confidence.toFixed(4)));
    }
  }
  const dead = [];
  const symmetric = [];
  session.layers.forEach((layer, l) => {
    if (l === session.layers.length - 1) return;
    if (layer.activation === 'relu') {
      layer.units.forEach((u, j) => {
        if (xs.every((x) => forward(session, x).zs[l][j] <= 0)) dead.push([l, j]);
      });
    }
    const groups = new Map();
    layer.units.forEach((u, j) => {
      const key = JSON.stringify([u.w, u.b]);
      if (!groups.has(key)) groups.set(key, []);
      groups.get(key).push(j);
    });
    for (const group of groups.values()) if (group.length > 1) symmetric.push([l, group]);
  });
  if (session.step === 0 || session.history.length === 0 || session.history[session.history.length - 1].step !== session.step) {
    session.history.push({ step: session.step, loss, accuracy });
  }
  return {
    step: session.step,
    epoch: session.epoch,
    loss,
    accuracy,
    history: session.history,
    grid: { size, x: xr, y: yr, class: cls, confidence },
    gradient_norms: [...session.norms],
    dead,
    symmetric,
    weights: session.layers.map((layer) => layer.units.map((u) => [...u.w, u.b])),
  };
}

function find(id) {
  const session = sessions.get(id);
  if (!session) throw { status: 404, body: { error: `no training session \`${id}\` (it ended after 5 minutes without a request)` } };
  session.touched = Date.now();
  return session;
}

export function step(id, steps) {
  const session = find(id);
  if (!Number.isInteger(steps) || steps < 0 || steps > 1000) throw { status: 400, body: { error: 'steps: an integer from 0 to 1,000' } };
  for (let k = 0; k < steps; k++) trainStep(session);
  return state(session);
}

export function neuron(id, layer, unit, example) {
  const session = find(id);
  if (!session.layers[layer] || !session.layers[layer].units[unit]) throw { status: 404, body: { error: `no unit ${unit} in layer ${layer}` } };
  if (!(example >= 0 && example < session.data.x.length)) throw { status: 400, body: { error: `example ${example} out of range (0 to ${session.data.x.length - 1})` } };
  const { zs, as, es } = backward(session, session.data.x[example], session.data.y[example]);
  const u = session.layers[layer].units[unit];
  const e = es[layer][unit];
  const rows = u.w.map((w, i) => ({ i, w, a_i: as[layer][i], e_j_a_i: e * as[layer][i], autograd: e * as[layer][i] }));
  rows.push({ i: null, w: u.b, a_i: 1, e_j_a_i: e, autograd: e });
  return { layer, unit, example, z: zs[layer][unit], a: as[layer + 1][unit], e, rows };
}

export function remove(id) {
  find(id);
  sessions.delete(id);
  return { ended: id };
}

// Idle sessions end by themselves.
setInterval(() => {
  for (const [id, s] of sessions) if (Date.now() - s.touched > 5 * 60 * 1000) sessions.delete(id);
}, 30000).unref();
