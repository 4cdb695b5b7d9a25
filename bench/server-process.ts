// The local Tesults server of the benchmark in a child process (bench/server.ts), and the
// parent's handle on it.
import { fork, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import type { BenchTargets } from './server';

export interface BenchServer {
  url: string;
  targets: BenchTargets;
  /** Requests by path since the last clear. */
  counts(): Promise<Record<string, number>>;
  entries(): Promise<Array<{ path: string; query: Record<string, string> }>>;
  clear(): Promise<void>;
  close(): void;
}

export async function startBenchServer(): Promise<BenchServer> {
  const child: ChildProcess = fork(path.join(__dirname, 'server.ts'), [], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  let nextId = 1;
  const pending = new Map<number, (m: Record<string, unknown>) => void>();
  const ready = new Promise<{ url: string; targets: BenchTargets }>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`the bench server exited (code ${code})`)));
    child.on('message', (m: Record<string, unknown>) => {
      if (m.ready) resolve(m as unknown as { url: string; targets: BenchTargets });
      else if (typeof m.id === 'number') {
        pending.get(m.id)?.(m);
        pending.delete(m.id);
      }
    });
  });
  const ask = (cmd: string): Promise<Record<string, unknown>> =>
    new Promise((resolve) => {
      const id = nextId++;
      pending.set(id, resolve);
      child.send({ cmd, id });
    });
  const { url, targets } = await ready;
  return {
    url,
    targets,
    counts: async () => (await ask('requests')).counts as Record<string, number>,
    entries: async () => (await ask('requests')).entries as Array<{ path: string; query: Record<string, string> }>,
    clear: async () => void (await ask('clear')),
    close: () => {
      child.removeAllListeners('exit');
      child.disconnect();
      setTimeout(() => child.kill(), 2000).unref();
    },
  };
}
