// node --import tsx test/server/cli.ts --port 0 --token TOKEN
//   [--data file.json | --generate '<json GenerateOptions>' | --preset demo|e2e|hostile|large]
//   [--targets-page-size N]
// Prints exactly one line to stdout when listening: TESULTS_SERVER_URL=http://127.0.0.1:PORT/api
// and runs until SIGTERM/SIGINT. Diagnostics go to stderr.

import { readFileSync } from 'node:fs';
import { generateData, type GenerateOptions, type ServerData } from './data';
import { PRESETS, presetData, presetTargetsPageSize, type PresetName } from './presets';
import { startServer } from './server';

function usage(msg: string): never {
  process.stderr.write(
    `${msg}\nusage: cli.ts --port 0 --token TOKEN [--data file.json | --generate '<json>' | --preset ${PRESETS.join('|')}] [--targets-page-size N]\n`,
  );
  process.exit(2);
}

function parseArgs(argv: string[]): Map<string, string> {
  const out = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (!a.startsWith('--')) usage(`unexpected argument: ${a}`);
    const eq = a.indexOf('=');
    if (eq > 0) out.set(a.slice(2, eq), a.slice(eq + 1));
    else {
      const v = argv[i + 1];
      if (v === undefined || v.startsWith('--')) usage(`missing value for ${a}`);
      out.set(a.slice(2), v);
      i++;
    }
  }
  return out;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const known = new Set(['port', 'token', 'data', 'generate', 'preset', 'targets-page-size', 'recent']);
  for (const k of args.keys()) if (!known.has(k)) usage(`unknown option --${k}`);
  const token = args.get('token') ?? process.env.TESULTS_SERVER_TOKEN;
  if (!token) usage('--token is required');
  const port = Number(args.get('port') ?? '0');
  if (!Number.isInteger(port) || port < 0 || port > 65535) usage('--port must be 0..65535');
  const sources = ['data', 'generate', 'preset'].filter((k) => args.has(k));
  if (sources.length > 1) usage('use only one of --data, --generate, --preset');

  let data: ServerData;
  let pageSize: number | undefined;
  const preset = args.get('preset');
  if (args.has('data')) {
    data = JSON.parse(readFileSync(args.get('data') as string, 'utf8')) as ServerData;
    if (!Array.isArray(data.targets) || typeof data.runsByTarget !== 'object') usage('--data: expected {"targets": [...], "runsByTarget": {...}}');
  } else if (args.has('generate')) {
    data = generateData(JSON.parse(args.get('generate') as string) as GenerateOptions);
  } else {
    const name = (preset ?? 'demo') as PresetName;
    if (!PRESETS.includes(name)) usage(`unknown preset ${name}`);
    // --recent: the newest runs are from a few minutes ago (the demo), instead of a fixed day.
    data = presetData(name, undefined, args.has('recent') ? Date.now() - 25 * 60_000 : undefined);
    pageSize = presetTargetsPageSize(name);
  }
  if (args.has('targets-page-size')) {
    pageSize = Number(args.get('targets-page-size'));
    if (!Number.isInteger(pageSize) || pageSize < 1) usage('--targets-page-size must be a positive integer');
  }

  const server = await startServer({ port, token, data, pageSizeTargets: pageSize });
  process.stdout.write(`TESULTS_SERVER_URL=${server.url}\n`);
  process.stderr.write(`tesults test server: ${data.targets.length} targets, control at ${server.origin}/__control/\n`);
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
