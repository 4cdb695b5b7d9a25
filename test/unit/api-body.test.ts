// Bounded answers and the token's reach, against local servers: a compression bomb, a lying
// Content-Length, a corrupt gzip body, a text decode failure, and file redirects to another host.
// Each must end in a clear typed error, a settled promise and bounded memory.
import { strict as assert } from 'node:assert';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import zlib from 'node:zlib';
import { TesultsClient, type TesultsClientOptions } from '../../src/api/client';
import { TesultsApiError } from '../../src/api/errors';
import { MAX_JSON_BYTES } from '../../src/api/http';

const TOKEN = 'tok-BODYsecret-91c2';
const MiB = 1024 * 1024;
/** What the bomb decodes to: far more than any limit under test. */
const BOMB_BYTES = 300 * MiB;
const TEXT_FAILS_AT = 77_777;

/** Streams gzip of `total` zero bytes, as fast as the client reads, and stops when it goes away. */
function sendGzipOfZeros(res: http.ServerResponse, total: number): void {
  res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Encoding': 'gzip' });
  const gz = zlib.createGzip({ level: 1 });
  gz.pipe(res);
  gz.on('error', () => undefined);
  const chunk = Buffer.alloc(MiB);
  let sent = 0;
  let stopped = false;
  res.on('close', () => {
    stopped = true;
    gz.destroy();
  });
  const pump = (): void => {
    while (!stopped && sent < total) {
      sent += chunk.length;
      if (!gz.write(chunk)) return void gz.once('drain', pump);
    }
    if (!stopped) gz.end();
  };
  pump();
}

interface Server {
  url: string;
  requests: Array<{ path: string; auth: string | undefined }>;
  close(): Promise<void>;
}

async function serve(handler: (req: http.IncomingMessage, res: http.ServerResponse, self: Server) => void): Promise<Server> {
  const sockets = new Set<import('node:net').Socket>();
  const self: Server = { url: '', requests: [], close: async () => undefined };
  const server = http.createServer((req, res) => {
    self.requests.push({ path: req.url ?? '', auth: req.headers.authorization });
    handler(req, res, self);
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  self.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  self.close = () =>
    new Promise<void>((r) => {
      for (const s of sockets) s.destroy();
      server.close(() => r());
    });
  return self;
}

/** Resolves with the typed error `p` rejects with (fails the test if it resolves), plus the peak growth of ArrayBuffer memory meanwhile. */
async function failure(p: Promise<unknown>): Promise<{ err: TesultsApiError; peakGrowth: number }> {
  const base = process.memoryUsage().arrayBuffers;
  let peak = base;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().arrayBuffers)), 2);
  try {
    await p;
  } catch (e) {
    peak = Math.max(peak, process.memoryUsage().arrayBuffers);
    assert.ok(e instanceof TesultsApiError, `expected a TesultsApiError, got ${String(e)}`);
    assert.ok(!e.message.includes(TOKEN));
    return { err: e, peakGrowth: peak - base };
  } finally {
    clearInterval(sampler);
  }
  assert.fail('expected the request to fail');
}

describe('TesultsClient: bounded answers', () => {
  let api: Server;
  let elsewhere: Server;
  let lyingSentHead: () => void = () => undefined;

  before(async () => {
    elsewhere = await serve((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'image/png' });
      res.end('PNG');
    });
    api = await serve((req, res) => {
      const path = req.url ?? '';
      if (path.startsWith('/bomb/api/')) return sendGzipOfZeros(res, BOMB_BYTES);
      if (path.startsWith('/lying/api/') || path.startsWith('/huge/api/')) {
        const announced = path.startsWith('/lying') ? 256_000_000 : MAX_JSON_BYTES + 1;
        res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': String(announced) });
        res.write('{"data":'); // eight bytes, then nothing: the connection stays open
        lyingSentHead();
        return;
      }
      if (path.startsWith('/corrupt/api/')) {
        res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Encoding': 'gzip' });
        return void res.end(Buffer.from('this is not gzip at all, but it says it is'));
      }
      if (path.startsWith('/garbled/api/')) {
        const good = zlib.gzipSync(Buffer.from(JSON.stringify({ data: { targets: [] } })));
        const bad = Buffer.concat([good.subarray(0, 12), Buffer.alloc(64, 0xff)]);
        res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Encoding': 'gzip' });
        return void res.end(bad);
      }
      if (path.startsWith('/text/api/')) {
        const json = JSON.stringify({ data: { targets: [] } });
        res.writeHead(200, { 'Content-Type': 'application/json' });
        return void res.end(json + ' '.repeat(TEXT_FAILS_AT - json.length));
      }
      if (path.startsWith('/files/bomb')) return sendGzipOfZeros(res, BOMB_BYTES);
      if (path.startsWith('/files/away')) {
        res.writeHead(302, { Location: `${elsewhere.url}/files/x.png` });
        return void res.end();
      }
      if (path.startsWith('/files/here')) {
        res.writeHead(302, { Location: '/files/real.png' });
        return void res.end();
      }
      if (path.startsWith('/files/real.png')) {
        res.writeHead(200, { 'Content-Type': 'image/png' });
        return void res.end('PNG');
      }
      res.writeHead(404);
      res.end();
    });
  });
  after(async () => {
    await api.close();
    await elsewhere.close();
  });
  beforeEach(() => {
    api.requests.length = 0;
    elsewhere.requests.length = 0;
  });

  function client(prefix: string, over: Partial<TesultsClientOptions> = {}): TesultsClient {
    return new TesultsClient({
      apiUrl: `${api.url}${prefix}/api`,
      getToken: async () => TOKEN,
      timeoutMs: 10_000,
      userAgent: 'tesults-vscode-tests',
      retry: { maxAttempts: 1 },
      ...over,
    });
  }

  it('leaves room above a 100,000-case run (about 30 MB) and is not a setting', () => {
    assert.ok(MAX_JSON_BYTES >= 200 * MiB, String(MAX_JSON_BYTES));
  });

  it('stops a compression bomb at the limit: tooLarge, settled, memory far below the bomb', async () => {
    const { err, peakGrowth } = await failure(client('/bomb', { maxJsonBytes: 4 * MiB }).listTargets());
    assert.equal(err.kind, 'tooLarge');
    assert.equal(err.retryable, false);
    assert.match(err.message, /larger than 4 MB/);
    assert.ok(peakGrowth < 64 * MiB, `ArrayBuffer memory grew by ${Math.round(peakGrowth / MiB)} MiB`);
    assert.equal(api.requests.length, 1, 'not retried');
  });

  it('refuses an answer announced above MAX_JSON_BYTES at once (the production limit)', async () => {
    const t0 = Date.now();
    const { err, peakGrowth } = await failure(client('/huge').listTargets());
    assert.equal(err.kind, 'tooLarge');
    assert.match(err.message, /larger than 256 MB/);
    assert.ok(Date.now() - t0 < 5_000, 'did not wait for the body');
    assert.ok(peakGrowth < 64 * MiB);
  });

  it('does not allocate what a lying Content-Length announces (256 MB announced, 8 bytes sent)', async () => {
    const ctl = new AbortController();
    const base = process.memoryUsage().arrayBuffers;
    let growthWhileOpen = 0;
    lyingSentHead = () =>
      // the client has the head and the eight bytes a moment later; then look, and give up
      setTimeout(() => {
        growthWhileOpen = process.memoryUsage().arrayBuffers - base;
        ctl.abort();
      }, 200);
    const { err } = await failure(client('/lying').listTargets(ctl.signal));
    lyingSentHead = () => undefined;
    assert.equal(err.kind, 'cancelled');
    assert.ok(growthWhileOpen < 32 * MiB, `ArrayBuffer memory grew by ${Math.round(growthWhileOpen / MiB)} MiB while the answer was open`);
  });

  it('a lying Content-Length ends in a timeout, not a hang', async () => {
    const { err } = await failure(client('/lying', { timeoutMs: 300 }).listTargets());
    assert.equal(err.kind, 'timeout');
  });

  it('a body that is not gzip (Content-Encoding: gzip) is invalidResponse, not retried, and settles', async () => {
    const { err } = await failure(client('/corrupt', { retry: { maxAttempts: 3 }, sleep: async () => undefined }).listTargets());
    assert.equal(err.kind, 'invalidResponse');
    assert.match(err.message, /could not be decompressed/);
    assert.equal(api.requests.length, 1);
  });

  it('a gzip body garbled after its header is invalidResponse and settles', async () => {
    const { err } = await failure(client('/garbled').listTargets());
    assert.equal(err.kind, 'invalidResponse');
  });

  it('a failure to decode the text rejects the request with a typed error', async () => {
    const original = Buffer.prototype.toString;
    Buffer.prototype.toString = function (this: Buffer, ...args: Parameters<Buffer['toString']>): string {
      if (this.length === TEXT_FAILS_AT) throw new RangeError('Cannot create a string longer than 0x1fffffe8 characters');
      return original.apply(this, args);
    } as Buffer['toString'];
    try {
      const { err } = await failure(client('/text').listTargets());
      assert.equal(err.kind, 'invalidResponse');
      assert.match(err.message, /could not be read as text/);
    } finally {
      Buffer.prototype.toString = original;
    }
  });

  describe('file downloads', () => {
    it('count decoded bytes: a gzip bomb stops at maxBytes', async () => {
      const { err, peakGrowth } = await failure(client('').fetchFile(`${api.url}/files/bomb.png`, { maxBytes: 2 * MiB }));
      assert.equal(err.kind, 'tooLarge');
      assert.match(err.message, /larger than 2 MB/);
      assert.ok(peakGrowth < 64 * MiB, `ArrayBuffer memory grew by ${Math.round(peakGrowth / MiB)} MiB`);
    });

    it('follow a redirect on the API origin, with the token', async () => {
      const f = await client('').fetchFile(`${api.url}/files/here.png`, { maxBytes: 1000 });
      assert.equal(f.bytes.toString(), 'PNG');
      assert.deepEqual(api.requests.map((r) => [r.path, r.auth]), [
        ['/files/here.png', `Bearer ${TOKEN}`],
        ['/files/real.png', `Bearer ${TOKEN}`],
      ]);
    });

    it('refuse a redirect to another host: the token never reaches it', async () => {
      const { err } = await failure(client('').fetchFile(`${api.url}/files/away.png`, { maxBytes: 1000 }));
      assert.equal(err.kind, 'insecureUrl');
      assert.ok(err.message.includes(new URL(elsewhere.url).host), err.message);
      assert.equal(api.requests.length, 1);
      assert.deepEqual(elsewhere.requests, [], 'the other host received a request');
    });
  });
});
