// The fake Tesults server (test/server/cli.ts): start and control it, and read what it serves
// (to compute what the UI should show).
import path from 'node:path';
import { ROOT, childEnv, spawnGroup, watchLines } from './processes.mjs';

/**
 * Starts the fake Tesults API (test/server/cli.ts; presets demo|e2e|hostile|large). Resolves once
 * it prints TESULTS_SERVER_URL=...
 * Returns { url (…/api), baseUrl, token, preset, control(path, body?), api(path), output, stop() }.
 */
export async function startTesultsServer({ preset = 'e2e', token = 'e2e-token', extraArgs = [], timeout = 60_000 } = {}) {
  const args = ['--import', 'tsx', path.join(ROOT, 'test/server/cli.ts'),
    '--port', '0', '--token', token, ...(preset ? ['--preset', preset] : []), ...extraArgs];
  const proc = spawnGroup(process.execPath, args, { name: 'tesults server', env: childEnv() });
  const output = [];
  let resolveUrl;
  const urlSeen = new Promise((r) => { resolveUrl = r; });
  const onLine = (line) => {
    output.push(line);
    if (output.length > 2000) output.shift();
    const m = /^TESULTS_SERVER_URL=(\S+)/.exec(line);
    if (m) resolveUrl(m[1]);
  };
  watchLines(proc.child.stdout, onLine);
  watchLines(proc.child.stderr, onLine);
  let timer;
  const url = await Promise.race([
    urlSeen,
    proc.exited.then(({ code, signal }) => {
      throw new Error(`Tesults server exited early (code ${code}, signal ${signal}):\n${output.join('\n')}`);
    }),
    new Promise((_, reject) => { timer = setTimeout(() => reject(new Error(`Tesults server printed no TESULTS_SERVER_URL within ${timeout} ms:\n${output.join('\n')}`)), timeout); }),
  ]).finally(() => clearTimeout(timer)).catch(async (e) => { await proc.stop(); throw e; });
  const baseUrl = url.replace(/\/api\/?$/, '');

  /** GET (no body) or POST (JSON body) to ${baseUrl}/__control/<path>; returns parsed JSON (or text). */
  async function control(controlPath, body) {
    const p = String(controlPath).replace(/^\/+/, '').replace(/^__control\//, '');
    const init = body === undefined
      ? { method: 'GET', headers: { authorization: `Bearer ${token}` } }
      : { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) };
    const res = await globalThis.fetch(`${baseUrl}/__control/${p}`, init);
    const text = await res.text();
    if (!res.ok) throw new Error(`control ${p}: HTTP ${res.status}: ${text}`);
    try { return JSON.parse(text); } catch { return text; }
  }
  /** GET ${url}/<path> with the token, as the extension would; returns the parsed JSON. */
  async function api(apiPath) {
    const res = await globalThis.fetch(`${url}/${String(apiPath).replace(/^\/+/, '')}`, { headers: { authorization: `Bearer ${token}` } });
    const text = await res.text();
    if (!res.ok) throw new Error(`GET ${apiPath}: HTTP ${res.status}: ${text.slice(0, 200)}`);
    return JSON.parse(text);
  }
  return { url, baseUrl, token, preset, control, api, output, stop: proc.stop };
}

// ------------------------------------------------------------------------------------------------
// What the Tesults server serves (to compute what the UI should show)

/** Every target of the server (following the cursor across pages). */
export async function apiTargets(server) {
  const out = [];
  let cursor;
  for (let page = 0; page < 100; page++) {
    const body = await server.api(`targets?limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    out.push(...(body.data?.targets ?? []));
    cursor = body.data?.cursor;
    if (!cursor) break;
  }
  return out;
}

/** The newest `limit` raw runs of a target (by its id or exact name). */
export async function apiRuns(server, target, { limit = 1 } = {}) {
  let id = target;
  const targets = await apiTargets(server);
  const t = targets.find((x) => String(x.id) === String(target)) ?? targets.find((x) => x.name === target);
  if (t) id = String(t.id);
  const body = await server.api(`results?target=${encodeURIComponent(id)}&limit=${limit}`);
  return body.data?.results?.runs ?? [];
}

/** The test cases of a raw run (objects only, without the `[build]` pseudo-case). */
export function runCases(run) {
  return (run?.cases ?? []).filter((c) => c && typeof c === 'object' && c.suite !== '[build]');
}

/** { pass, fail, total } of a raw run as the extension counts them (result "pass"/"fail", [build] left out). */
export function runCounts(run) {
  const cases = runCases(run);
  const of = (r) => cases.filter((c) => c.result === r).length;
  return { pass: of('pass'), fail: of('fail'), total: cases.length };
}
