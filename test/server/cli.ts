// node --import tsx test/server/cli.ts --port 0 --token TOKEN
//   [--data file.json | --generate '<json GenerateOptions>' | --preset demo|e2e|hostile|large]
//   [--project NAME:TOKEN:PRESET]...   more projects, each with its own token and data set
//   [--targets-page-size N] [--recent yes] [--validators on|off] [--compression on|off]
// The first project is --token with its data (named "main"); without --token, the first --project.
// --validators: ETag / Last-Modified and 304 answers (off by default: the real API documents neither).
// --compression: JSON answers compressed when the request accepts it (on by default).
// Prints exactly one line to stdout when listening: TESULTS_SERVER_URL=http://127.0.0.1:PORT/api
// and runs until SIGTERM/SIGINT. Diagnostics go to stderr.

import { readFileSync } from 'node:fs';
import { generateData, type GenerateOptions, type ServerData } from './data';
import { PRESETS, presetData, presetTargetsPageSize, type PresetName } from './presets';
import { startServer, type ServerProject } from './server';

function usage(msg: string): never {
  process.stderr.write(
    `${msg}\nusage: cli.ts --port 0 --token TOKEN [--data file.json | --generate '<json>' | --preset ${PRESETS.join('|')}] ` +
      `[--project NAME:TOKEN:PRESET]... [--targets-page-size N] [--recent yes] [--validators on|off] [--compression on|off]\n`,
  );
  process.exit(2);
}

/** Flags that may stand alone (`--validators` = `--validators on`). */
const SWITCHES = new Set(['recent', 'validators', 'compression']);
const KNOWN = new Set(['port', 'token', 'data', 'generate', 'preset', 'project', 'targets-page-size', ...SWITCHES]);
/** Flags that may be given more than once. */
const REPEATABLE = new Set(['project']);

function parseArgs(argv: string[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  const put = (k: string, v: string): void => {
    if (!KNOWN.has(k)) usage(`unknown option --${k}`);
    const list = out.get(k) ?? [];
    if (list.length && !REPEATABLE.has(k)) usage(`--${k} given twice`);
    out.set(k, [...list, v]);
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (!a.startsWith('--')) usage(`unexpected argument: ${a}`);
    const eq = a.indexOf('=');
    if (eq > 0) put(a.slice(2, eq), a.slice(eq + 1));
    else {
      const k = a.slice(2);
      const v = argv[i + 1];
      if (v === undefined || v.startsWith('--')) {
        if (!SWITCHES.has(k)) usage(`missing value for ${a}`);
        put(k, 'on');
      } else {
        put(k, v);
        i++;
      }
    }
  }
  return out;
}

function onOff(name: string, v: string | undefined, dflt: boolean): boolean {
  if (v === undefined) return dflt;
  if (/^(on|yes|true|1)$/i.test(v)) return true;
  if (/^(off|no|false|0)$/i.test(v)) return false;
  return usage(`--${name}: expected on or off, got ${v}`);
}

function preset(name: string, recent: boolean): { data: ServerData; pageSize: number | undefined } {
  if (!PRESETS.includes(name as PresetName)) usage(`unknown preset ${name}`);
  const p = name as PresetName;
  // --recent: the newest runs are from a few minutes ago (the demo), instead of a fixed day.
  return { data: presetData(p, undefined, recent ? Date.now() - 25 * 60_000 : undefined), pageSize: presetTargetsPageSize(p) };
}

/** NAME:TOKEN:PRESET; the token is everything between the first and the last colon. */
function parseProject(spec: string, recent: boolean): ServerProject {
  const first = spec.indexOf(':');
  const last = spec.lastIndexOf(':');
  if (first <= 0 || last <= first + 1 || last === spec.length - 1) usage(`--project: expected NAME:TOKEN:PRESET, got ${spec.replace(/:.*:/, ':…:')}`);
  const { data, pageSize } = preset(spec.slice(last + 1), recent);
  return { name: spec.slice(0, first), token: spec.slice(first + 1, last), data, pageSizeTargets: pageSize };
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const one = (k: string): string | undefined => args.get(k)?.[0];
  const recent = onOff('recent', one('recent'), false);
  const port = Number(one('port') ?? '0');
  if (!Number.isInteger(port) || port < 0 || port > 65535) usage('--port must be 0..65535');
  const sources = ['data', 'generate', 'preset'].filter((k) => args.has(k));
  if (sources.length > 1) usage('use only one of --data, --generate, --preset');

  const projects: ServerProject[] = [];
  const token = one('token') ?? process.env.TESULTS_SERVER_TOKEN;
  if (token) {
    let data: ServerData;
    let pageSize: number | undefined;
    if (args.has('data')) {
      data = JSON.parse(readFileSync(one('data') as string, 'utf8')) as ServerData;
      if (!Array.isArray(data.targets) || typeof data.runsByTarget !== 'object') usage('--data: expected {"targets": [...], "runsByTarget": {...}}');
    } else if (args.has('generate')) {
      data = generateData(JSON.parse(one('generate') as string) as GenerateOptions);
    } else {
      ({ data, pageSize } = preset(one('preset') ?? 'demo', recent));
    }
    projects.push({ name: 'main', token, data, pageSizeTargets: pageSize });
  } else if (sources.length) usage(`--${sources[0]} needs --token`);
  for (const spec of args.get('project') ?? []) projects.push(parseProject(spec, recent));
  if (!projects.length) usage('--token (or --project) is required');
  if (args.has('targets-page-size')) {
    const size = Number(one('targets-page-size'));
    if (!Number.isInteger(size) || size < 1) usage('--targets-page-size must be a positive integer');
    for (const p of projects) p.pageSizeTargets = size;
  }

  const [first, ...more] = projects;
  const server = await startServer({
    port,
    name: first.name,
    token: first.token,
    data: first.data,
    pageSizeTargets: first.pageSizeTargets,
    projects: more.map((p) => ({ ...p })),
    validators: onOff('validators', one('validators'), false),
    compression: onOff('compression', one('compression'), true),
  }).catch((e: unknown) => usage((e as Error).message));
  process.stdout.write(`TESULTS_SERVER_URL=${server.url}\n`);
  const summary = server.projects.map((p) => `${p.name}: ${p.data.targets.length} targets`).join(', ');
  process.stderr.write(`tesults test server: ${summary}; control at ${server.origin}/__control/\n`);
  let closing = false;
  const stop = (): void => {
    if (closing) return;
    closing = true;
    server.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
    setTimeout(() => process.exit(0), 2000).unref();
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main().catch((e: unknown) => {
  process.stderr.write(`tesults test server failed: ${(e as Error).stack ?? String(e)}\n`);
  process.exit(1);
});
