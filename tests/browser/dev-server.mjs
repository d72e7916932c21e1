#!/usr/bin/env node
// A tiny development server for the explorer page, with no dependencies:
// serves src/explore/assets/ and answers the API of docs/explorer-api.md.
//
//   node tests/browser/dev-server.mjs [--port 8765] [--fixtures-only]
//
// Expressions, paths, nudges and the checks of "your derivative" come from
// a `scalargrad explore` it starts when the binary is built
// (target/release/scalargrad, or $SCALARGRAD); otherwise from the fixtures
// in tests/browser/fixtures/ (node tests/browser/make-fixtures.mjs). Training sessions are faked
// (lib/fake-network.mjs). GET /export.html?formula=…&v.x=… answers the page
// as `scalargrad explore … --html` would write it (lib/inline.mjs).

import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as cli from './lib/engine-server.mjs';
import * as network from './lib/fake-network.mjs';
import { inlinePage } from './lib/inline.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const repository = path.resolve(here, '../..');
const assets = path.join(repository, 'src/explore/assets');
const fixtures = path.join(here, 'fixtures');

const TYPES = { '.html': 'text/html; charset=utf-8', '.css': 'text/css; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.svg': 'image/svg+xml', '.json': 'application/json' };
const LIMIT = 64 * 1024;

/** The key of a fixture: the formula and the values, sorted by name. */
export function fixtureKey(formula, values, extra = '') {
  const sorted = Object.keys(values || {}).sort().map((k) => [k, values[k]]);
  return JSON.stringify([formula, sorted, extra]);
}

/** The key of a `POST /api/verify` fixture: the whole request. */
export function verifyKey({ formula, wrt, derivative, box, points, seed }) {
  const sorted = Object.keys(box || {}).sort().map((k) => [k, box[k]]);
  return JSON.stringify([formula, wrt, derivative, sorted, points ?? 60, seed ?? 0]);
}

function loadFixtures(name) {
  const file = path.join(fixtures, `${name}.json`);
  if (!fs.existsSync(file)) return new Map();
  return new Map(JSON.parse(fs.readFileSync(file, 'utf8')).map((f) => [f.key, f.response]));
}

export function startServer({ port = 8765, fixturesOnly = false, quiet = false } = {}) {
  const binaryPath = process.env.SCALARGRAD || path.join(repository, 'target/release/scalargrad');
  const binary = !fixturesOnly && fs.existsSync(binaryPath) ? binaryPath : null;
  const stored = { expression: loadFixtures('expressions'), paths: loadFixtures('paths'), nudge: loadFixtures('nudge'), verify: loadFixtures('verify') };

  const fromFixture = (kind, key) => {
    if (stored[kind].has(key)) {
      const response = stored[kind].get(key);
      if (response && response.status && response.body) throw response; // a stored error
      return response;
    }
    throw { status: 404, body: { error: `dev server: no fixture for this ${kind} request and no scalargrad binary to compute it` } };
  };
  const api = {
    expression: ({ formula, values }) => {
      if (typeof formula !== 'string' || formula.trim() === '') throw { status: 400, body: { error: 'the formula is empty', column: 1 } };
      if (formula.length > 2000) throw { status: 413, body: { error: 'the formula is longer than 2,000 characters' } };
      return binary ? cli.post(binary, '/api/expression', { formula, values }) : fromFixture('expression', fixtureKey(formula, values));
    },
    paths: (body) => (binary ? cli.post(binary, '/api/paths', body) : fromFixture('paths', fixtureKey(body.formula, body.values, body.wrt))),
    nudge: (body) => (binary ? cli.post(binary, '/api/nudge', body) : fromFixture('nudge', fixtureKey(body.formula, body.values, String(body.h)))),
    verify: (body) => (binary ? cli.post(binary, '/api/verify', body) : fromFixture('verify', verifyKey(body))),
  };

  const server = http.createServer(async (request, response) => {
    const url = new URL(request.url, 'http://localhost');
    const send = (status, body, type = 'application/json') => {
      const text = type === 'application/json' ? JSON.stringify(body) : body;
      response.writeHead(status, {
        'Content-Type': type,
        'Cache-Control': 'no-store',
        'X-Content-Type-Options': 'nosniff',
        // What the real server should send too: no inline script, nothing from elsewhere.
        'Content-Security-Policy': "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; connect-src 'self'; frame-ancestors 'none'",
      });
      response.end(text);
    };
    try {
      if (url.pathname.startsWith('/api/')) {
        const body = await readBody(request);
        return send(200, await route(request.method, url, body));
      }
      if (url.pathname === '/export.html') {
        const values = {};
        for (const [key, value] of url.searchParams) if (key.startsWith('v.')) values[key.slice(2)] = Number(value);
        const data = await api.expression({ formula: url.searchParams.get('formula') || 'x*y + tanh(x)', values });
        const page = inlinePage(readAssets(), data);
        response.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' });
        return response.end(page);
      }
      const name = url.pathname === '/' ? 'index.html' : url.pathname.slice(1);
      if (!/^[a-z0-9_-]+\.(html|css|js)$/.test(name) || !fs.existsSync(path.join(assets, name))) return send(404, { error: `no such file: ${url.pathname}` });
      return send(200, fs.readFileSync(path.join(assets, name), 'utf8'), TYPES[path.extname(name)]);
    } catch (failure) {
      if (failure && failure.status) return send(failure.status, failure.body);
      if (!quiet) console.error(failure);
      return send(500, { error: `dev server: ${failure && failure.message ? failure.message : failure}` });
    }
  });

  function route(method, url, body) {
    const parts = url.pathname.split('/').filter(Boolean).slice(1); // after "api"
    const need = (m) => { if (method !== m) throw { status: 405, body: { error: `use ${m} for ${url.pathname}` } }; };
    if (parts[0] === 'expression') { need('POST'); return api.expression(body); }
    if (parts[0] === 'paths') { need('POST'); return api.paths(body); }
    if (parts[0] === 'nudge') { need('POST'); return api.nudge(body); }
    if (parts[0] === 'verify') { need('POST'); return api.verify(body); }
    if (parts[0] === 'network') {
      if (parts.length === 1) { need('POST'); return network.createSession(body || {}); }
      if (parts.length === 2 && method === 'DELETE') return network.remove(parts[1]);
      if (parts[2] === 'step') { need('POST'); return network.step(parts[1], body?.steps ?? 0); }
      if (parts[2] === 'neuron') { need('GET'); return network.neuron(parts[1], Number(parts[3]), Number(parts[4]), Number(url.searchParams.get('example') ?? 0)); }
    }
    if (parts[0] === 'lesson') {
      need('GET');
      if (parts.length === 1) {
        const lang = url.searchParams.get('lang') === 'vi' ? 'vi' : 'en';
        return JSON.parse(fs.readFileSync(path.join(fixtures, `lesson.${lang}.json`), 'utf8'));
      }
    }
    throw { status: 404, body: { error: `no such endpoint: ${method} ${url.pathname}` } };
  }

  // The lesson's pictures are files, not JSON: answered before route().
  const handler = server.listeners('request')[0];
  server.removeAllListeners('request');
  server.on('request', (request, response) => {
    const match = request.url.match(/^\/api\/lesson\/(\d+)\/([a-z0-9_-]+\.(svg|png))$/);
    if (match && request.method === 'GET') {
      const file = path.join(fixtures, 'lesson', match[1], match[2]);
      if (fs.existsSync(file)) {
        response.writeHead(200, { 'Content-Type': match[3] === 'svg' ? 'image/svg+xml' : 'image/png', 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff' });
        return response.end(fs.readFileSync(file));
      }
    }
    return handler(request, response);
  });

  return new Promise((resolve) => {
    server.listen(port, '127.0.0.1', () => {
      const address = `http://127.0.0.1:${server.address().port}/`;
      if (!quiet) console.log(`explorer dev server: ${address} (expressions from ${binary ?? 'fixtures'})`);
      resolve({ server, url: address, close: () => cli.stopExplorer().then(() => new Promise((done) => server.close(done))) });
    });
  });
}

function readAssets() {
  const files = {};
  for (const name of fs.readdirSync(assets)) if (/\.(html|css|js)$/.test(name)) files[name] = fs.readFileSync(path.join(assets, name), 'utf8');
  return files;
}

function readBody(request) {
  return new Promise((resolve, reject) => {
    let size = 0;
    const chunks = [];
    request.on('data', (chunk) => {
      size += chunk.length;
      if (size > LIMIT) {
        reject({ status: 413, body: { error: 'the request body is larger than 64 KiB' } });
        request.destroy();
      } else chunks.push(chunk);
    });
    request.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      if (text === '') return resolve(null);
      try {
        resolve(JSON.parse(text));
      } catch (cause) {
        reject({ status: 400, body: { error: 'the request body is not JSON' } });
      }
    });
    request.on('error', reject);
  });
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const args = process.argv.slice(2);
  const portIndex = args.indexOf('--port');
  startServer({ port: portIndex >= 0 ? Number(args[portIndex + 1]) : 8765, fixturesOnly: args.includes('--fixtures-only') });
}
