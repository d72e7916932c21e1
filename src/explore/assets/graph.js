// graph.js: SVG drawing with zoom and pan, and micrograd's drawing of an
// expression on it.
//
// The layout (where each box, circle and edge goes) comes from the server
// (`layout` in the answer of POST /api/expression); this file only draws it
// and lets the learner move around: wheel to zoom at the cursor, drag to pan,
// and buttons (+, −, fit) for the keyboard. Text is always set with SVG text
// nodes (textContent), never parsed.

import { el, svg, formatNumber, exactNumber, setText, signClass } from './app.js';
import { tr } from './i18n.js';

// ---------------------------------------------------------------- zoom and pan

/**
 * A pannable, zoomable SVG filling `container`. Draw into `canvas.layer`
 * (graph coordinates); `canvas.setContentSize(w, h)` tells it the drawing's
 * extent for "fit".
 */
export function createZoomCanvas(container, { minScale = 0.05, maxScale = 4 } = {}) {
  const layer = svg('g', { class: 'viewport' });
  const root = svg('svg', { class: 'zoom-canvas', role: 'img', 'aria-label': tr('graph.aria') }, layer);
  const controls = el('div', { class: 'zoom-controls' },
    el('button', { type: 'button', title: tr('zoom.in'), 'aria-label': tr('zoom.in'), 'data-i18n-title': 'zoom.in', onclick: () => canvas.zoomBy(1.25) }, '+'),
    el('button', { type: 'button', title: tr('zoom.out'), 'aria-label': tr('zoom.out'), 'data-i18n-title': 'zoom.out', onclick: () => canvas.zoomBy(0.8) }, '−'),
    el('button', { type: 'button', title: tr('zoom.fit'), 'aria-label': tr('zoom.fit'), 'data-i18n-title': 'zoom.fit', onclick: () => canvas.fit() }, el('span', { 'data-i18n': 'zoom.fitShort' }, tr('zoom.fitShort'))),
  );
  container.append(root, controls);

  let scale = 1;
  let tx = 0;
  let ty = 0;
  let contentWidth = 1;
  let contentHeight = 1;

  const apply = () => layer.setAttribute('transform', `translate(${tx.toFixed(2)} ${ty.toFixed(2)}) scale(${scale.toFixed(5)})`);
  // The view's size, kept up to date by a ResizeObserver: reading clientWidth
  // after each step's DOM changes would force a layout of the whole drawing.
  let size = null;
  const viewSize = () => size || (size = { w: root.clientWidth || 800, h: root.clientHeight || 500 });
  new ResizeObserver(() => { size = null; }).observe(root);
  const clamp = (s) => Math.min(maxScale, Math.max(minScale, s));

  const canvas = {
    layer,
    root,
    get scale() { return scale; },
    setContentSize(width, height) {
      contentWidth = Math.max(1, width);
      contentHeight = Math.max(1, height);
    },
    /** Zooms by `factor` around a point of the view (its centre by default). */
    zoomBy(factor, px, py) {
      const { w, h } = viewSize();
      const x = px ?? w / 2;
      const y = py ?? h / 2;
      const next = clamp(scale * factor);
      tx = x - ((x - tx) * next) / scale;
      ty = y - ((y - ty) * next) / scale;
      scale = next;
      apply();
    },
    /** The whole drawing in view, never enlarged beyond `limit`. */
    fit(limit = 1.5) {
      canvas.fitRect(0, 0, contentWidth, contentHeight, limit);
    },
    /** A rectangle of the drawing in view, never enlarged beyond `limit`. */
    fitRect(x, y, width, height, limit = 1.5) {
      const { w, h } = viewSize();
      const margin = 24;
      scale = clamp(Math.min((w - 2 * margin) / Math.max(1, width), (h - 2 * margin) / Math.max(1, height), limit));
      tx = (w - width * scale) / 2 - x * scale;
      ty = (h - height * scale) / 2 - y * scale;
      apply();
    },
    /** The scale at which `fit` would show everything. */
    fitScale() {
      const { w, h } = viewSize();
      return Math.min((w - 32) / contentWidth, (h - 32) / contentHeight);
    },
    /** Centres the point (x, y) of the drawing at the given scale. */
    centreOn(x, y, atScale = scale) {
      const { w, h } = viewSize();
      scale = clamp(atScale);
      tx = w / 2 - x * scale;
      ty = h / 2 - y * scale;
      apply();
    },
    /** Pans (keeping the scale) so the rectangle is in view, if it is not. */
    ensureVisible(x, y, width, height) {
      const { w, h } = viewSize();
      const left = x * scale + tx;
      const top = y * scale + ty;
      const right = left + width * scale;
      const bottom = top + height * scale;
      const pad = 24;
      if (left >= pad && top >= pad && right <= w - pad && bottom <= h - pad) return;
      canvas.centreOn(x + width / 2, y + height / 2);
    },
  };

  root.addEventListener('wheel', (event) => {
    event.preventDefault();
    const box = root.getBoundingClientRect();
    const factor = Math.exp(-event.deltaY * (event.deltaMode === 1 ? 0.05 : 0.0015));
    canvas.zoomBy(factor, event.clientX - box.left, event.clientY - box.top);
  }, { passive: false });

  let drag = null;
  root.addEventListener('pointerdown', (event) => {
    if (event.button !== 0) return;
    drag = { x: event.clientX, y: event.clientY, tx, ty, moved: false };
  });
  root.addEventListener('pointermove', (event) => {
    if (!drag) return;
    const dx = event.clientX - drag.x;
    const dy = event.clientY - drag.y;
    if (!drag.moved && Math.abs(dx) + Math.abs(dy) > 3) {
      // Captured only once it is a drag, so a plain click still reaches the node under it.
      drag.moved = true;
      root.setPointerCapture(event.pointerId);
    }
    if (!drag.moved) return;
    root.classList.add('dragging');
    tx = drag.tx + dx;
    ty = drag.ty + dy;
    apply();
  });
  const endDrag = (event) => {
    if (!drag) return;
    // A drag is not a click on the node under the pointer.
    if (drag.moved) root.addEventListener('click', (e) => e.stopPropagation(), { capture: true, once: true });
    drag = null;
    root.classList.remove('dragging');
    if (root.hasPointerCapture(event.pointerId)) root.releasePointerCapture(event.pointerId);
  };
  root.addEventListener('pointerup', endDrag);
  root.addEventListener('pointercancel', endDrag);

  apply();
  return canvas;
}

// ---------------------------------------------------------------- micrograd's drawing

/**
 * What a box shows in its first cell: a variable's or named node's name, a
 * constant's number, and for an unnamed result of an op its node id (`#7`):
 * the op itself is in the circle beside it.
 */
export function boxLabel(node) {
  if (node.kind === 'op' && (node.name === null || node.name === undefined || node.name === '')) return `#${node.id}`;
  return String(node.label ?? node.name ?? `#${node.id}`);
}

/** How captions name a node: its name, else `#id`. */
export function nodeName(node) {
  if (node.name !== null && node.name !== undefined && node.name !== '') return String(node.name);
  if (node.kind === 'constant') return String(node.label ?? formatNumber(node.data));
  return `#${node.id}`;
}

const MONO_CHAR = 0.61; // width of a monospace character, in ems

/**
 * Draws an expression as micrograd does: one box `label | data | grad` per
 * value, an op circle between a node's box and its inputs, arrows along the
 * layout's polylines. Returns the handles the expression view updates while
 * stepping:
 * `{ boxes: Map(id → {group, data, grad, gradCell}), ops: Map(id → group),
 *    edgesInto: Map(opId → [path]), edgesOut: Map(id → path), bounds }`.
 * `onNodeClick(id)` is called when a box or circle is clicked.
 */
export function drawExpression(canvas, expression, onNodeClick) {
  const layout = expression.layout;
  const nodes = new Map(expression.nodes.map((n) => [n.id, n]));
  const edgeLayer = svg('g', { class: 'edges' });
  const opLayer = svg('g', { class: 'ops' });
  const boxLayer = svg('g', { class: 'boxes' });
  const defs = svg('defs', {},
    svg('marker', { id: 'arrow', viewBox: '0 0 10 10', refX: '9', refY: '5', markerWidth: '7', markerHeight: '7', orient: 'auto-start-reverse' },
      svg('path', { d: 'M 0 1 L 9 5 L 0 9 z', class: 'arrow-head' })));
  canvas.layer.replaceChildren(defs, edgeLayer, opLayer, boxLayer);

  const handles = { boxes: new Map(), ops: new Map(), edgesInto: new Map(), edgesOut: new Map(), geometry: new Map() };

  for (const edge of layout.edges) {
    const points = edge.points.map(([x, y]) => `${x.toFixed(1)} ${y.toFixed(1)}`);
    const path = svg('path', { class: 'edge', d: `M ${points.join(' L ')}`, 'marker-end': 'url(#arrow)' });
    edgeLayer.append(path);
    if (edge.from === edge.to) {
      handles.edgesOut.set(edge.to, path);
    } else {
      const key = `${edge.from}>${edge.to}`;
      if (!handles.edgesInto.has(key)) handles.edgesInto.set(key, []);
      handles.edgesInto.get(key).push(path);
    }
  }

  for (const op of layout.ops) {
    const node = nodes.get(op.id);
    const symbol = node ? String(node.op) : '?';
    const size = Math.min(12, (1.7 * op.r) / Math.max(1, symbol.length * MONO_CHAR));
    const group = svg('g', { class: 'op', 'data-node': op.id, transform: `translate(${op.x} ${op.y})` },
      svg('circle', { r: op.r }),
      svg('text', { 'text-anchor': 'middle', dy: '0.35em', 'font-size': size.toFixed(1) }, symbol),
      svg('title', {}, `#${op.id} ${symbol}`));
    group.addEventListener('click', () => onNodeClick && onNodeClick(op.id));
    opLayer.append(group);
    handles.ops.set(op.id, group);
    handles.geometry.set(`op${op.id}`, { x: op.x - op.r, y: op.y - op.r, w: 2 * op.r, h: 2 * op.r });
  }

  for (const box of layout.values) {
    const node = nodes.get(box.id);
    if (!node) continue;
    const label = boxLabel(node);
    // Cells: the label gets what it needs up to a third of the box; data and
    // grad share the rest.
    const fontSize = Math.max(7, Math.min(11, box.h * 0.36));
    const charWidth = fontSize * MONO_CHAR;
    const labelWidth = Math.min(box.w / 3, Math.max(24, label.length * charWidth + 12));
    const cellWidth = (box.w - labelWidth) / 2;
    const numberFont = Math.max(6, Math.min(fontSize, (cellWidth - 8) / (13 * MONO_CHAR)));
    const shownLabel = label.length * charWidth + 12 > labelWidth ? `${label.slice(0, Math.max(1, Math.floor((labelWidth - 12) / charWidth) - 1))}…` : label;
    const middle = box.h / 2;
    const gradCell = svg('rect', { class: 'grad-cell', x: labelWidth + cellWidth, y: 0, width: cellWidth, height: box.h });
    const dataText = svg('text', { class: 'data', x: labelWidth + 5, y: middle, dy: '0.35em', 'font-size': numberFont.toFixed(1) });
    const gradText = svg('text', { class: 'grad', x: labelWidth + cellWidth + 5, y: middle, dy: '0.35em', 'font-size': numberFont.toFixed(1) });
    const title = svg('title', {});
    const group = svg('g', { class: `box kind-${node.kind}`, 'data-node': box.id, transform: `translate(${box.x} ${box.y})` },
      svg('rect', { class: 'frame', width: box.w, height: box.h, rx: 3 }),
      gradCell,
      svg('line', { class: 'divider', x1: labelWidth, y1: 0, x2: labelWidth, y2: box.h }),
      svg('line', { class: 'divider', x1: labelWidth + cellWidth, y1: 0, x2: labelWidth + cellWidth, y2: box.h }),
      svg('text', { class: 'label', x: labelWidth / 2, y: middle, dy: '0.35em', 'text-anchor': 'middle', 'font-size': fontSize.toFixed(1) }, shownLabel),
      dataText,
      gradText,
      title);
    group.addEventListener('click', () => onNodeClick && onNodeClick(box.id));
    boxLayer.append(group);
    handles.boxes.set(box.id, { group, data: dataText, grad: gradText, gradCell, title, label, shown: {} });
    handles.geometry.set(`box${box.id}`, { x: box.x, y: box.y, w: box.w, h: box.h });
  }

  canvas.setContentSize(layout.width, layout.height);
  return handles;
}

/**
 * Shows one box's data and grad. `data` null means "not computed yet" (the
 * forward pass has not reached it); `grad` null means "no gradient yet".
 * Only touches the DOM when something changed.
 */
export function showBoxValues(handle, node, data, grad) {
  const shown = handle.shown;
  if (shown.data === data && shown.grad === grad) return;
  shown.data = data;
  shown.grad = grad;
  // `data` and `grad` are the code's words, the same in every language.
  setText(handle.data, data === null ? 'data ·' : `data ${formatNumber(data)}`);
  setText(handle.grad, `grad ${formatNumber(grad ?? 0)}`);
  const sign = grad === null ? 'none' : signClass(grad);
  handle.group.setAttribute('data-sign', sign);
  handle.group.classList.toggle('pending', data === null);
  setText(handle.title, `${handle.label} (#${node.id}, ${node.op})\ndata = ${data === null ? '·' : exactNumber(data)}\ngrad = ${grad === null ? '0' : exactNumber(grad)}`);
}
