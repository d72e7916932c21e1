// The engine's own answers to the explorer API (docs/explorer-api.md), for
// the dev server and the fixtures: a `scalargrad explore` started on a free
// port at the first request, asked over HTTP, stopped with stopExplorer().

import { spawn } from 'node:child_process';

/** The running server, once started: a promise of `{ child, url }`. */
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
