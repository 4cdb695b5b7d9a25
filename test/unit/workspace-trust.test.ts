// Issue 12 §1: a workspace never decides where the token goes. The settings read the API URL from
// the user's settings only, the stored token is bound to the origin it was set for, the refresh
// interval has a floor, and the manifest declares the scope and the trust capabilities. The
// end-to-end proof (a second server named by .vscode/settings.json gets no request) is
// test/e2e/scenarios/25-workspace-api-url.mjs.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TesultsClient } from '../../src/api/client';
import { errors, TesultsApiError } from '../../src/api/errors';
import { DEFAULT_API_URL } from '../../src/util/url';
import type { Account, SendAnswer } from '../../src/vscode/auth/accounts';
import type { TokenSession as Session } from '../../src/vscode/auth/tokenSession';
import type { Settings } from '../../src/vscode/settings';
import { registerVscodeStub, stubState } from '../support/vscode-stub';

registerVscodeStub();
/* eslint-disable @typescript-eslint/no-require-imports */
const settingsModule = require('../../src/vscode/settings') as typeof import('../../src/vscode/settings');
const { TokenSession } = require('../../src/vscode/auth/tokenSession') as typeof import('../../src/vscode/auth/tokenSession');
const { AccountStore } = require('../../src/vscode/auth/accounts') as typeof import('../../src/vscode/auth/accounts');
const { OtherProjects } = require('../../src/vscode/projects') as typeof import('../../src/vscode/projects');
const { Log } = require('../../src/vscode/log') as typeof import('../../src/vscode/log');
/* eslint-enable @typescript-eslint/no-require-imports */

const pkg = JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8'));

describe('settings a workspace cannot steer', () => {
  afterEach(() => {
    stubState.settings = {};
    stubState.workspaceSettings = {};
  });

  it('reads tesults.apiUrl from the user settings only, and says once that the workspace value is ignored', () => {
    stubState.settings = { 'tesults.apiUrl': 'https://tesults.example.com/api' };
    stubState.workspaceSettings = { 'tesults.apiUrl': 'https://attacker.example/api' };
    const warnings: string[] = [];
    const settings = new settingsModule.Settings((line) => warnings.push(line));
    assert.equal(settings.get('apiUrl'), 'https://tesults.example.com/api');
    assert.equal(warnings.length, 1, warnings.join('\n'));
    assert.match(warnings[0], /Ignoring tesults\.apiUrl "https:\/\/attacker\.example\/api" from the workspace settings/);
    settings.dispose();
  });

  it('falls back to the public API, not to the workspace value, when the user set none', () => {
    stubState.workspaceSettings = { 'tesults.apiUrl': 'https://attacker.example/api' };
    const settings = new settingsModule.Settings();
    assert.equal(settings.get('apiUrl'), DEFAULT_API_URL);
    settings.dispose();
  });

  it('says nothing when no workspace value is set', () => {
    stubState.settings = { 'tesults.apiUrl': 'https://tesults.example.com/api' };
    const warnings: string[] = [];
    new settingsModule.Settings((line) => warnings.push(line)).dispose();
    assert.deepEqual(warnings, []);
  });

  it('refreshes at most every 10 s whatever the value; 0 (or less) keeps it off', () => {
    const { refreshInterval, MIN_REFRESH_INTERVAL_SECONDS } = settingsModule;
    assert.equal(MIN_REFRESH_INTERVAL_SECONDS, 10);
    assert.equal(refreshInterval(1), 10);
    assert.equal(refreshInterval(0.4), 0, 'rounds to 0: off');
    assert.equal(refreshInterval(9.6), 10);
    assert.equal(refreshInterval(0), 0);
    assert.equal(refreshInterval(-5), 0);
    assert.equal(refreshInterval(60), 60);
    assert.equal(refreshInterval('1'), 60, 'not a number: the default');
    assert.equal(refreshInterval(1e12), 86_400);
  });

  it('applies the floor to a workspace value too', () => {
    stubState.workspaceSettings = { 'tesults.refreshIntervalSeconds': 1 };
    const settings = new settingsModule.Settings();
    assert.equal(settings.get('refreshIntervalSeconds'), 10);
    settings.dispose();
  });
});

describe('the manifest keeps the API URL out of workspaces', () => {
  it('declares tesults.apiUrl with a scope a workspace cannot set', () => {
    const scope = pkg.contributes.configuration.properties['tesults.apiUrl'].scope;
    assert.ok(scope === 'application' || scope === 'machine', `scope ${scope}`);
  });

  it('declares limited support for untrusted workspaces, restricting the settings that steer requests or file searches', () => {
    const untrusted = pkg.capabilities?.untrustedWorkspaces;
    assert.equal(untrusted?.supported, 'limited');
    assert.ok(typeof untrusted.description === 'string' && untrusted.description.length > 0);
    const props = new Set(Object.keys(pkg.contributes.configuration.properties));
    for (const key of ['tesults.apiUrl', 'tesults.testFileGlob', 'tesults.refreshIntervalSeconds']) assert.ok(untrusted.restrictedConfigurations.includes(key), key);
    for (const key of untrusted.restrictedConfigurations) assert.ok(props.has(key), `${key} is contributed`);
  });

  it('declares its support for virtual workspaces, with the reason', () => {
    const virtual = pkg.capabilities?.virtualWorkspaces;
    assert.ok(virtual === true || (virtual?.supported === 'limited' && typeof virtual.description === 'string'), JSON.stringify(virtual));
  });

  it('documents the refresh floor', () => {
    assert.match(pkg.contributes.configuration.properties['tesults.refreshIntervalSeconds'].description, /at least 10/);
  });
});

/** SecretStorage in memory. */
function memorySecrets(initial: Record<string, string> = {}): { values: Map<string, string> } & Record<string, unknown> {
  const values = new Map(Object.entries(initial));
  return {
    values,
    get: async (k: string) => values.get(k),
    store: async (k: string, v: string) => void values.set(k, v),
    delete: async (k: string) => void values.delete(k),
    keys: async () => [...values.keys()],
    onDidChange: () => ({ dispose: () => undefined }),
  };
}

const TOKEN = 'tok-bound-0123456789';
const HOME = 'https://tesults.example.com';
const OTHER = 'https://other.example:8443';

describe('TokenSession binds the token to an origin', () => {
  let secrets: ReturnType<typeof memorySecrets>;
  let asked: Array<[string, string]>;
  let answer: SendAnswer;
  let current: string | undefined;

  /** Settings whose API URL is `current` (an invalid URL when undefined). */
  const settings = {
    get: (name: string) => ({ apiUrl: current === undefined ? 'not a url' : `${current}/api`, defaultProject: '', requestTimeoutSeconds: 5, runsPerPage: 10 })[name],
    onDidChange: () => ({ dispose: () => undefined }),
  } as unknown as Settings;

  function accountStore(initial: Record<string, string>): InstanceType<typeof AccountStore> {
    secrets = memorySecrets(initial);
    return new AccountStore(secrets as never, {
      askToSend: async (origin: string, account: Account) => {
        asked.push([origin, account.origin]);
        await new Promise((r) => setImmediate(r));
        return answer;
      },
    });
  }

  async function session(initial: Record<string, string>): Promise<Session> {
    const tokens = new TokenSession(accountStore(initial), settings, new Log(), async () => undefined);
    await tokens.start();
    return tokens;
  }

  beforeEach(() => {
    asked = [];
    answer = undefined;
    current = HOME;
  });

  it('binds a token stored before binding existed to the current origin, without asking', async () => {
    const tokens = await session({ 'tesults.apiToken': TOKEN });
    assert.equal(await tokens.tokenFor(HOME), TOKEN);
    assert.equal(await tokens.originFor(), HOME);
    assert.deepEqual(asked, []);
  });

  it('gives the token to its own origin without asking', async () => {
    const tokens = await session({ 'tesults.apiToken': TOKEN, 'tesults.apiTokenOrigin': HOME });
    assert.equal(await tokens.tokenFor(HOME), TOKEN);
    assert.deepEqual(asked, []);
  });

  it('asks before another origin, and refused: no token, a clear error, not asked again', async () => {
    const tokens = await session({ 'tesults.apiToken': TOKEN, 'tesults.apiTokenOrigin': HOME });
    const [a, b] = await Promise.allSettled([tokens.tokenFor(OTHER), tokens.tokenFor(OTHER)]);
    assert.deepEqual(asked, [[OTHER, HOME]], 'one question for concurrent requests');
    for (const r of [a, b]) {
      assert.equal(r.status, 'rejected');
      const err = (r as PromiseRejectedResult).reason;
      assert.ok(err instanceof TesultsApiError && err.kind === 'noToken', String(err));
      assert.match(err.message, /not sent to https:\/\/other\.example:8443.*set for https:\/\/tesults\.example\.com.*Set API Token/);
      assert.ok(!err.message.includes(TOKEN));
    }
    await assert.rejects(tokens.tokenFor(OTHER), /not sent/);
    assert.equal(asked.length, 1, 'the answer holds for the window');
    assert.equal(await tokens.originFor(), HOME, 'still bound to its origin');
    assert.equal(await tokens.tokenFor(HOME), TOKEN, 'its own origin still works');
  });

  it('"Allow Once" sends it in this window without moving the binding', async () => {
    const tokens = await session({ 'tesults.apiToken': TOKEN, 'tesults.apiTokenOrigin': HOME });
    answer = 'once';
    assert.equal(await tokens.tokenFor(OTHER), TOKEN);
    assert.equal(await tokens.tokenFor(OTHER), TOKEN);
    assert.equal(asked.length, 1);
    assert.equal(await tokens.originFor(), HOME);
  });

  it('"Allow Always" moves the binding to the new origin', async () => {
    const tokens = await session({ 'tesults.apiToken': TOKEN, 'tesults.apiTokenOrigin': HOME });
    answer = 'always';
    assert.equal(await tokens.tokenFor(OTHER), TOKEN);
    assert.equal(await tokens.originFor(), OTHER);
    answer = undefined;
    await assert.rejects(tokens.tokenFor(HOME), /not sent to https:\/\/tesults\.example\.com/, 'the old origin now asks');
  });

  it('set() binds a new token to the origin it was checked against; clear() forgets both', async () => {
    const tokens = await session({});
    assert.equal(await tokens.tokenFor(HOME), undefined);
    current = OTHER;
    await tokens.set('tok-new-0123456789', HOME);
    assert.equal(await tokens.originFor(), HOME);
    await tokens.set('tok-newer-0123456789');
    assert.equal(await tokens.originFor(), OTHER, 'by default the current origin');
    await tokens.clear();
    assert.equal(secrets.values.size, 0, 'no token, no account left');
    assert.equal(await tokens.originFor(), undefined);
  });

  it('set() forgets an earlier refusal', async () => {
    const tokens = await session({ 'tesults.apiToken': TOKEN, 'tesults.apiTokenOrigin': HOME });
    await assert.rejects(tokens.tokenFor(OTHER));
    await tokens.set('tok-other-0123456789', OTHER);
    assert.equal(await tokens.tokenFor(OTHER), 'tok-other-0123456789');
  });
});

describe('each account keeps its own origin (several Tesults projects)', () => {
  let asked: Array<[string, string]>;
  let answer: SendAnswer;
  let current = HOME;
  const settings = {
    get: (name: string) => ({ apiUrl: `${current}/api`, defaultProject: '', requestTimeoutSeconds: 5, runsPerPage: 10 })[name],
    onDidChange: () => ({ dispose: () => undefined }),
  } as unknown as Settings;

  function setup(initial: Record<string, string> = {}) {
    const secrets = memorySecrets(initial);
    let n = 0;
    const accounts = new AccountStore(secrets as never, {
      newId: () => `id${++n}`,
      askToSend: async (origin: string, account: Account) => {
        asked.push([origin, account.label]);
        return answer;
      },
    });
    const tokens = new TokenSession(accounts, settings, new Log(), async () => undefined);
    return { secrets, accounts, tokens };
  }

  beforeEach(() => {
    asked = [];
    answer = undefined;
    current = HOME;
  });

  it('a token migrated with its binding stays bound to it: the current origin asks first', async () => {
    const { tokens } = setup({ 'tesults.apiToken': TOKEN, 'tesults.apiTokenOrigin': OTHER });
    await tokens.start();
    assert.equal(tokens.state, 'present');
    assert.equal(await tokens.originFor(), OTHER);
    await assert.rejects(tokens.tokenFor(HOME), /not sent to https:\/\/tesults\.example\.com/);
    assert.deepEqual(asked, [[HOME, 'other.example:8443']]);
  });

  it('another project\'s requests ask before its token leaves its origin, and a refusal ends them before any network I/O', async () => {
    const { accounts, tokens } = setup();
    const projects = new OtherProjects({ accounts, tokens, settings, log: new Log(), userAgent: 't' });
    await tokens.start();
    await accounts.add('tok-home-0123456789', HOME, 'Web');
    await accounts.add('tok-other-0123456789', OTHER, 'Mobile');
    await new Promise((r) => setImmediate(r));
    assert.equal(tokens.account?.label, 'Web', 'the default project is bound to the current origin');
    assert.equal(await tokens.tokenFor(HOME), 'tok-home-0123456789');
    const mobile = projects.get('id2');
    assert.ok(mobile, 'the other project has its own store');
    await mobile.store.loadTargets();
    assert.deepEqual(asked, [[HOME, 'Mobile']], 'asked once, naming the project');
    assert.equal(mobile.store.targetsError?.kind, 'noToken');
    assert.match(mobile.store.targetsError?.message ?? '', /not sent to https:\/\/tesults\.example\.com: it was set for https:\/\/other\.example:8443/);
    assert.equal(accounts.find('id2')?.origin, OTHER, 'still bound to its own origin');
    answer = 'always';
    assert.equal(await accounts.tokenFor('id1', OTHER), 'tok-home-0123456789', 'each account answers for itself');
    assert.equal(accounts.find('id1')?.origin, OTHER);
    assert.equal(accounts.find('id2')?.origin, OTHER);
    projects.dispose();
  });
});

describe('TesultsClient asks for the token of the origin it sends to', () => {
  it('passes the API origin, and a refusal from the session ends the request before any network I/O', async () => {
    const origins: string[] = [];
    const client = new TesultsClient({
      apiUrl: 'http://127.0.0.1:9/api',
      getToken: async (origin) => {
        origins.push(origin);
        throw errors.tokenNotSent(origin, HOME);
      },
      timeoutMs: 1000,
      userAgent: 't',
    });
    await assert.rejects(client.listTargets(), (e: unknown) => e instanceof TesultsApiError && e.kind === 'noToken' && /not sent to http:\/\/127\.0\.0\.1:9/.test(e.message));
    assert.deepEqual(origins, ['http://127.0.0.1:9']);
  });
});
