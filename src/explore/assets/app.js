// app.js: what every view shares.
//
// - numbers: how the page writes them (4 decimals, the exact number on hover);
// - colours: the two sign colours, read from style.css so there is one place;
// - el/svg: building DOM and SVG nodes, where user text only ever becomes text;
// - the API client (every number on the page comes from the server);
// - URL state: a view's state lives in the hash, `#view?key=value&…`;
// - the router: tabs, the language switch, and which view is mounted.
//
// This file and the others are ES modules that also work concatenated into one
// script (the static export does that, see README.md): imports on one line at
// the top, `export` only in front of top-level declarations, and top-level
// names unique across all the files.

import { tr, getLanguage, setLanguage, translatePage } from './i18n.js';

// ---------------------------------------------------------------- numbers

/** The API writes NaN and infinities as strings; turn them into numbers. */
export function apiNumber(x) {
  if (typeof x === 'number') return x;
  if (x === 'NaN') return NaN;
  if (x === 'inf') return Infinity;
  if (x === '-inf') return -Infinity;
  if (x === null || x === undefined) return NaN;
  return Number(x);
}

/**
 * A number as the drawings write it: 4 decimals, like the crate's DOT boxes
 * (`{:.4}`), -0 written as 0, NaN and infinities as `NaN`, `inf`, `-inf`.
 * Numbers of a million or more switch to 4 decimals of scientific notation
 * so that a box never grows without bound.
 */
export function formatNumber(value) {
  const x = apiNumber(value);
  if (Number.isNaN(x)) return 'NaN';
  if (x === Infinity) return 'inf';
  if (x === -Infinity) return '-inf';
  if (Math.abs(x) >= 1e6) return x.toExponential(4);
  const text = (x + 0).toFixed(4);
  return text === '-0.0000' ? '0.0000' : text;
}

/** The exact number, for a tooltip: the shortest text that reads back as it. */
export function exactNumber(value) {
  const x = apiNumber(value);
  if (Number.isNaN(x)) return 'NaN';
  if (!Number.isFinite(x)) return x > 0 ? 'inf' : '-inf';
  return String(x);
}

/** A short percentage, for accuracies. */
export function formatPercent(value) {
  const x = apiNumber(value);
  return Number.isFinite(x) ? `${(100 * x).toFixed(1)} %` : formatNumber(x);
}

// ---------------------------------------------------------------- colours

/**
 * Gradients are coloured by sign, with the same two colours everywhere: the
 * page, the drawings, the plots. They are defined once, as CSS variables in
 * style.css (`--positive`, `--negative`, `--zero`), and read here for canvas
 * drawing.
 */
export function signColours() {
  const style = getComputedStyle(document.documentElement);
  const read = (name, fallback) => style.getPropertyValue(name).trim() || fallback;
  return {
    positive: read('--positive', '#1f6fb2'),
    negative: read('--negative', '#d2601a'),
    zero: read('--zero', '#8a8f98'),
    extra: [read('--class-2', '#3f9a5a'), read('--class-3', '#8a5cb8'), read('--class-4', '#b8963c')],
  };
}

/** The CSS class that colours a number by its sign: `pos`, `neg`, `zero` or `bad`. */
export function signClass(value) {
  const x = apiNumber(value);
  if (!Number.isFinite(x)) return 'bad';
  if (x > 0) return 'pos';
  if (x < 0) return 'neg';
  return 'zero';
}

/**
 * The colour of class `k` in the network view's plots: with two classes, the
 * sign colours (class 0 negative, class 1 positive), as TensorFlow
 * Playground colours its two classes.
 */
export function classColour(k) {
  const colours = signColours();
  const palette = [colours.negative, colours.positive, ...colours.extra];
  return palette[k % palette.length];
}

// ---------------------------------------------------------------- DOM

/**
 * `el('button', {class: 'x', onclick: f}, 'text', child)`: an element whose
 * string children become text nodes. Attributes are set with setAttribute
 * (or as properties for `on…` handlers), so nothing a user typed is ever
 * parsed as HTML.
 */
export function el(tag, attributes = {}, ...children) {
  return fillElement(document.createElement(tag), attributes, children);
}

/** The same for SVG elements. */
export function svg(tag, attributes = {}, ...children) {
  return fillElement(document.createElementNS('http://www.w3.org/2000/svg', tag), attributes, children);
}

function fillElement(node, attributes, children) {
  for (const [key, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith('on') && typeof value === 'function') {
      node.addEventListener(key.slice(2), value);
    } else {
      node.setAttribute(key, value === true ? '' : String(value));
    }
  }
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    node.append(typeof child === 'string' || typeof child === 'number' ? document.createTextNode(String(child)) : child);
  }
  return node;
}

/** A number as text, coloured by sign, with the exact value on hover. */
export function numberSpan(value, { coloured = true } = {}) {
  return el('span', { class: `num ${coloured ? signClass(value) : ''}`, title: exactNumber(value) }, formatNumber(value));
}

const ICONS = {
  start: 'M3 3h2v10H3z M14 3v10L6 8z',
  back: 'M12 3v10L4 8z',
  play: 'M4 3v10l9-5z',
  pause: 'M4 3h3v10H4z M9 3h3v10H9z',
  next: 'M4 3v10l8-5z',
  end: 'M11 3h2v10h-2z M2 3v10l8-5z',
};

/** A small SVG icon (the media symbols are missing from many fonts). */
export function icon(name) {
  return svg('svg', { class: 'icon', viewBox: '0 0 16 16', width: '14', height: '14', 'aria-hidden': 'true' }, svg('path', { d: ICONS[name] }));
}

/** Replaces an element's children, skipping null and false (optional parts). */
export function setChildren(node, children) {
  node.replaceChildren(...children.flat(Infinity).filter((c) => c !== null && c !== undefined && c !== false));
}

/** Sets an element's text only when it changed (cheap updates of big drawings). */
export function setText(node, text) {
  if (node.textContent !== text) node.textContent = text;
}

// ---------------------------------------------------------------- API

/** An error the page shows: the server's `{error, column}`, or a network failure. */
export class ApiError extends Error {
  constructor(message, column = null, status = 0, field = null) {
    super(message);
    this.column = column;
    this.status = status;
    this.field = field; // which formula the column is in, when a request has two
  }
}

/**
 * Calls the explorer's JSON API (docs/explorer-api.md). Resolves with the
 * parsed body; rejects with an ApiError carrying the server's sentence.
 */
export async function callApi(method, path, body) {
  const options = { method, headers: { Accept: 'application/json' } };
  if (body !== undefined) {
    options.headers['Content-Type'] = 'application/json';
    options.body = JSON.stringify(body);
  }
  let response;
  try {
    response = await fetch(path, options);
  } catch (cause) {
    throw new ApiError(tr('error.network'));
  }
  let data = null;
  try {
    data = await response.json();
  } catch (cause) {
    if (response.ok) throw new ApiError(tr('error.badJson'), null, response.status);
  }
  if (!response.ok) {
    const message = data && typeof data.error === 'string' ? data.error : `HTTP ${response.status}`;
    const column = data && Number.isInteger(data.column) ? data.column : null;
    const field = data && typeof data.field === 'string' ? data.field : null;
    throw new ApiError(message, column, response.status, field);
  }
  return data;
}

// ---------------------------------------------------------------- static export

/**
 * The expression embedded by `scalargrad explore … --html page.html`: the
 * JSON of `POST /api/expression` in `<script type="application/json"
 * id="scalargrad-data">`. Null when the page is served by `scalargrad explore`.
 */
export function embeddedExpression() {
  const node = document.getElementById('scalargrad-data');
  if (!node) return null;
  try {
    return JSON.parse(node.textContent);
  } catch (cause) {
    return null;
  }
}

/** True on a page written by `--html`: no server, no network. */
export function isStaticPage() {
  return embeddedExpression() !== null;
}

// ---------------------------------------------------------------- URL state

/**
 * The hash is `#view?key=value&…`: the view's name, then its state as URL
 * query parameters, so a link reproduces what the page shows.
 */
export function readLocation() {
  const hash = location.hash.replace(/^#/, '');
  const mark = hash.indexOf('?');
  const view = mark < 0 ? hash : hash.slice(0, mark);
  const params = new URLSearchParams(mark < 0 ? '' : hash.slice(mark + 1));
  return { view, params };
}

/** Writes a view's state into the hash without adding a history entry. */
export function writeState(view, params) {
  const query = params.toString();
  const hash = `#${view}${query ? `?${query}` : ''}`;
  // replaceState fires no hashchange, so the view is not mounted again.
  if (location.hash !== hash) history.replaceState(null, '', hash);
}

// ---------------------------------------------------------------- router

/**
 * Starts the page: builds the header (tabs, language switch), mounts the view
 * the hash names, and re-mounts when the hash changes (a pasted link, the
 * lesson's "open" links, the back button).
 *
 * `views` maps a name to `{ mount(container, params), unmount() }`; a view
 * may also have `onKey(event)` for its keyboard shortcuts.
 */
export function startApp(views) {
  const staticPage = isStaticPage();
  const header = document.getElementById('header');
  const main = document.getElementById('main');
  let current = null;
  let currentName = null;

  const tabs = el('nav', { class: 'tabs', 'aria-label': 'views' });
  for (const name of Object.keys(views)) {
    if (staticPage && name !== 'expression') continue;
    tabs.append(el('a', { href: `#${name}`, class: 'tab', 'data-view': name, 'data-i18n': `tab.${name}` }, tr(`tab.${name}`)));
  }
  const languages = el('div', { class: 'languages', role: 'group', 'aria-label': 'language' });
  for (const lang of ['en', 'vi']) {
    languages.append(el('button', {
      type: 'button', class: 'lang', 'data-lang': lang, 'aria-pressed': String(lang === getLanguage()),
      onclick: () => {
        setLanguage(lang);
        for (const b of languages.querySelectorAll('button')) b.setAttribute('aria-pressed', String(b.dataset.lang === lang));
        translatePage(document.body);
        if (current && current.onLanguage) current.onLanguage();
      },
    }, lang.toUpperCase()));
  }
  setChildren(header, [
    el('h1', { class: 'brand' }, 'scalargrad ', el('span', { 'data-i18n': 'brand.explore' }, tr('brand.explore'))),
    tabs,
    staticPage ? el('span', { class: 'static-note', 'data-i18n': 'static.note' }, tr('static.note')) : null,
    languages,
  ]);

  function route() {
    const { view, params } = readLocation();
    const name = views[view] && !(staticPage && view !== 'expression') ? view : 'expression';
    if (current && name === currentName && current.update) {
      current.update(params);
      return;
    }
    if (current) current.unmount();
    main.replaceChildren();
    currentName = name;
    current = views[name];
    for (const tab of tabs.querySelectorAll('.tab')) {
      if (tab.dataset.view === name) tab.setAttribute('aria-current', 'page');
      else tab.removeAttribute('aria-current');
    }
    current.mount(main, params);
  }

  window.addEventListener('hashchange', route);
  document.addEventListener('keydown', (event) => {
    if (current && current.onKey) current.onKey(event);
  });
  translatePage(document.body);
  route();
}

/** True when a key press belongs to a text field (arrows move its caret). */
export function isTyping(event) {
  const target = event.target;
  if (!(target instanceof Element)) return false;
  if (target.isContentEditable) return true;
  const tag = target.tagName;
  if (tag === 'TEXTAREA' || tag === 'SELECT') return true;
  if (tag === 'INPUT') return !['button', 'checkbox', 'radio'].includes(target.type);
  return false;
}
