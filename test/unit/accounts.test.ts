// Tesults accounts (one API token = one project) in SecretStorage: storage, the migration of an
// earlier version's token, labels, removal, the origin binding, sync across windows, and the
// authentication provider's sessions.
import { strict as assert } from 'node:assert';
import { registerVscodeStub, EventEmitter } from '../support/vscode-stub';
import type { AccountStore as Store, SecretStore, SendAnswer } from '../../src/vscode/auth/accounts';
import type { Log } from '../../src/vscode/log';
import type { Settings } from '../../src/vscode/settings';

registerVscodeStub();
/* eslint-disable @typescript-eslint/no-require-imports */
const { AccountStore, LEGACY_ORIGIN_KEY, LEGACY_TOKEN_KEY, parseAccounts } = require('../../src/vscode/auth/accounts') as typeof import('../../src/vscode/auth/accounts');
const { TokenSession } = require('../../src/vscode/auth/tokenSession') as typeof import('../../src/vscode/auth/tokenSession');
const { TesultsAuthProvider } = require('../../src/vscode/auth/authProvider') as typeof import('../../src/vscode/auth/authProvider');
/* eslint-enable @typescript-eslint/no-require-imports */

const TESULTS = 'https://www.tesults.com';
const LOCAL = 'http://127.0.0.1:4010';

/** SecretStorage shared by "windows": every change is announced to every listener, like VS Code does. */
class FakeSecrets implements SecretStore {
  readonly values = new Map<string, string>();
  readonly #changed = new EventEmitter<{ key: string }>();
  readonly onDidChange = this.#changed.event;
  async get(key: string): Promise<string | undefined> {
    return this.values.get(key);
  }
  async store(key: string, value: string): Promise<void> {
    this.values.set(key, value);
    this.#changed.fire({ key });
  }
  async delete(key: string): Promise<void> {
    this.values.delete(key);
    this.#changed.fire({ key });
  }
}

function ids(): () => string {
  let n = 0;
  return () => `id${++n}`;
}

const settle = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 5));

describe('accounts (SecretStorage)', () => {
  it('turns the token of an earlier version into the first account, bound to the API it was used with, without asking', async () => {
    const secrets = new FakeSecrets();
    await secrets.store(LEGACY_TOKEN_KEY, 'legacy-token-123');
    const accounts = new AccountStore(secrets, { newId: ids() });
    const list = await accounts.load(TESULTS);
    assert.deepEqual(list, [{ id: 'migrated', label: 'www.tesults.com', origin: TESULTS }]);
    assert.equal(await accounts.tokenFor('migrated', TESULTS), 'legacy-token-123');
    assert.equal(secrets.values.has(LEGACY_TOKEN_KEY), false, 'the old key is emptied');
    // Loading again (or in another window) does not make a second account.
    assert.equal((await new AccountStore(secrets, { newId: ids() }).load(TESULTS)).length, 1);
  });

  it('keeps the origin an earlier version bound its token to (not the current one)', async () => {
    const secrets = new FakeSecrets();
    await secrets.store(LEGACY_TOKEN_KEY, 'legacy-token-123');
    await secrets.store(LEGACY_ORIGIN_KEY, LOCAL);
    const list = await new AccountStore(secrets, { newId: ids() }).load(TESULTS);
    assert.deepEqual(list, [{ id: 'migrated', label: '127.0.0.1:4010', origin: LOCAL }]);
    assert.deepEqual([...secrets.values.keys()].sort(), ['tesults.account.migrated', 'tesults.accounts'], 'both old keys are emptied');
  });

  it('leaves an earlier token where it is while the API URL is unusable', async () => {
    const secrets = new FakeSecrets();
    await secrets.store(LEGACY_TOKEN_KEY, 'legacy-token-123');
    assert.deepEqual(await new AccountStore(secrets, { newId: ids() }).load(undefined), []);
    assert.equal(secrets.values.get(LEGACY_TOKEN_KEY), 'legacy-token-123');
  });

  it('keeps each token under a key of its own, and only the list of { id, label, origin } in one key', async () => {
    const secrets = new FakeSecrets();
    const accounts = new AccountStore(secrets, { newId: ids() });
    await accounts.load(TESULTS);
    await accounts.add('token-aaaa', TESULTS, '  Web   app ');
    await accounts.add('token-bbbb', LOCAL);
    assert.deepEqual(accounts.list(), [
      { id: 'id1', label: 'Web app', origin: TESULTS },
      { id: 'id2', label: '127.0.0.1:4010', origin: LOCAL },
    ]);
    const list = [...secrets.values.entries()].find(([k]) => k === 'tesults.accounts')?.[1] ?? '';
    assert.doesNotMatch(list, /token-/, 'no token in the list');
    assert.equal(await accounts.tokenFor('id1', TESULTS), 'token-aaaa');
    assert.equal(await accounts.tokenFor('id2', LOCAL), 'token-bbbb');
    assert.deepEqual(accounts.knownTokens().sort(), ['token-aaaa', 'token-bbbb']);
  });

  it('hands a token out for another API origin only when the user allows it, per account', async () => {
    const asked: string[] = [];
    let answer: SendAnswer = undefined;
    const log: string[] = [];
    const accounts = new AccountStore(new FakeSecrets(), {
      newId: ids(),
      askToSend: async (origin, account) => {
        asked.push(`${account.label} -> ${origin}`);
        return answer;
      },
      log: (line) => log.push(line),
    });
    await accounts.load(TESULTS);
    await accounts.add('token-aaaa', TESULTS, 'Web');
    await accounts.add('token-bbbb', LOCAL, 'Local');
    assert.equal(await accounts.tokenFor('id1', TESULTS), 'token-aaaa');
    assert.equal(await accounts.tokenFor('id2', LOCAL), 'token-bbbb');
    assert.deepEqual(asked, [], 'each to its own origin without asking');
    await assert.rejects(accounts.tokenFor('id1', 'https://evil.example'), /not sent to https:\/\/evil\.example: it was set for https:\/\/www\.tesults\.com/);
    await assert.rejects(accounts.tokenFor('id1', 'http://www.tesults.com'), /not sent/, 'not over plain http either');
    assert.deepEqual(asked, ['Web -> https://evil.example', 'Web -> http://www.tesults.com']);
    answer = 'always';
    assert.equal(await accounts.tokenFor('id2', TESULTS), 'token-bbbb', 'allowed: the other account moves to it');
    assert.deepEqual(accounts.list().map((a) => a.origin), [TESULTS, TESULTS]);
    await assert.rejects(accounts.tokenFor('id1', 'https://evil.example'), /not sent/, 'a refusal holds for the window, whatever the other account said');
    assert.equal(asked.length, 3);
    assert.ok(log.every((line) => !line.includes('token-')), 'the log never names a token');
    assert.deepEqual(accounts.boundTo('https://evil.example'), []);
    assert.deepEqual(accounts.boundTo(TESULTS).map((a) => a.id), ['id1', 'id2']);
  });

  it('renames (an empty name falls back to the API host) and removes an account with its token', async () => {
    const secrets = new FakeSecrets();
    const accounts = new AccountStore(secrets, { newId: ids() });
    await accounts.load(TESULTS);
    await accounts.add('token-aaaa', TESULTS, 'Web');
    await accounts.add('token-bbbb', TESULTS, 'Mobile');
    await accounts.rename('id1', 'Web shop\nfront end');
    assert.equal(accounts.find('id1')?.label, 'Web shop front end');
    await accounts.rename('id1', '   ');
    assert.equal(accounts.find('id1')?.label, 'www.tesults.com');
    await accounts.remove('id1');
    assert.deepEqual(accounts.list().map((a) => a.label), ['Mobile']);
    assert.equal(secrets.values.has('tesults.account.id1'), false, 'the token is deleted');
    assert.equal(await accounts.tokenFor('id1', TESULTS), undefined);
    assert.deepEqual(accounts.knownTokens(), ['token-bbbb']);
  });

  it('sees accounts added or removed in another window', async () => {
    const secrets = new FakeSecrets();
    const here = new AccountStore(secrets, { newId: ids() });
    const there = new AccountStore(secrets, { newId: () => 'other' });
    await here.load(TESULTS);
    await there.load(TESULTS);
    let changes = 0;
    here.onDidChange(() => changes++);
    await there.add('token-cccc', TESULTS, 'From the other window');
    await settle();
    assert.deepEqual(here.list().map((a) => a.label), ['From the other window']);
    await there.remove('other');
    await settle();
    assert.deepEqual(here.list(), []);
    assert.ok(changes >= 2);
  });

  it('reads a damaged list defensively', () => {
    assert.deepEqual(parseAccounts('not json'), []);
    assert.deepEqual(parseAccounts('{"id":"x"}'), []);
    assert.deepEqual(
      parseAccounts(JSON.stringify([null, { id: 'a', origin: 'nope' }, { id: 'b', origin: TESULTS, label: 7 }, { id: 'b', origin: LOCAL }, { id: '', origin: TESULTS }])),
      [{ id: 'b', label: 'www.tesults.com', origin: TESULTS }],
    );
  });
});

describe('token session over the accounts', () => {
  function setup(apiUrl = `${TESULTS}/api`) {
    const secrets = new FakeSecrets();
    const asked: string[] = [];
    const accounts = new AccountStore(secrets, {
      newId: ids(),
      askToSend: async (origin, account) => {
        asked.push(`${account.label} -> ${origin}`);
        return undefined;
      },
    });
    const changed = new EventEmitter<Set<string>>();
    let url = apiUrl;
    let defaultProject = '';
    const settings = { get: (name: string) => (name === 'apiUrl' ? url : name === 'defaultProject' ? defaultProject : undefined), onDidChange: changed.event } as unknown as Settings;
    let secretsForLog: string[] = [];
    const log = { setSecrets: (v: string[]) => (secretsForLog = v.filter(Boolean)) } as unknown as Log;
    const session = new TokenSession(accounts, settings, log, async () => undefined);
    return {
      secrets,
      accounts: accounts as Store,
      session,
      asked,
      setApiUrl: (next: string) => {
        url = next;
        changed.fire(new Set(['apiUrl']));
      },
      setDefaultProject: (label: string) => {
        defaultProject = label;
        changed.fire(new Set(['defaultProject']));
      },
      redacted: () => secretsForLog,
    };
  }

  it('Set API Token makes the first account (bound to the current API), then replaces its token; Clear removes it', async () => {
    const { session, accounts, redacted } = setup();
    await session.start();
    assert.equal(session.state, 'missing');
    await session.set('token-aaaa');
    await settle();
    assert.equal(session.state, 'present');
    assert.deepEqual(accounts.list(), [{ id: 'id1', label: 'www.tesults.com', origin: TESULTS }]);
    assert.equal(await session.get(), 'token-aaaa');
    assert.ok(redacted().includes('token-aaaa'), 'the redactor knows the token');
    let changes = 0;
    session.onDidChange(() => changes++);
    await session.set('token-bbbb');
    await settle();
    assert.equal(changes, 1, 'one change for a new token');
    await session.set('token-bbbb');
    await settle();
    assert.equal(changes, 2, 'the same token again is a change too (try again)');
    assert.equal(accounts.list().length, 1, 'the same account');
    assert.equal(await session.get(), 'token-bbbb');
    await session.clear();
    await settle();
    assert.equal(session.state, 'missing');
    assert.deepEqual(accounts.list(), []);
    assert.equal(await session.get(), undefined);
  });

  it('asks before sending the default project\'s token to another API origin (the user changed tesults.apiUrl)', async () => {
    const { session, setApiUrl, asked } = setup();
    await session.start();
    await session.set('token-aaaa');
    await settle();
    setApiUrl('https://elsewhere.example/api');
    await settle();
    assert.equal(session.state, 'present', 'still signed in');
    await assert.rejects(session.tokenFor('https://elsewhere.example'), /not sent to https:\/\/elsewhere\.example/);
    assert.deepEqual(asked, ['www.tesults.com -> https://elsewhere.example']);
    assert.equal(await session.originFor(), TESULTS, 'still bound to its origin');
    setApiUrl(`${TESULTS}/api/`);
    await settle();
    assert.equal(await session.tokenFor(TESULTS), 'token-aaaa');
  });

  it('speaks for the default project: tesults.defaultProject, else the first bound to the current API, else the first', async () => {
    const { session, accounts, setApiUrl, setDefaultProject } = setup();
    await session.start();
    await accounts.add('token-local', LOCAL, 'Local');
    await accounts.add('token-web', TESULTS, 'Web');
    await accounts.add('token-mobile', TESULTS, 'Mobile');
    await settle();
    assert.equal(session.account?.label, 'Web', 'the first for the current API origin');
    const events: string[] = [];
    session.onDidChange((e) => events.push(e.state));
    setDefaultProject('Mobile');
    await settle();
    assert.equal(session.account?.label, 'Mobile');
    assert.equal(await session.tokenFor(TESULTS), 'token-mobile');
    assert.deepEqual(events, ['present'], 'a change of project is a change');
    setDefaultProject('');
    setApiUrl('https://elsewhere.example/api');
    await settle();
    assert.equal(session.account?.label, 'Local', 'none bound to the current origin: the first');
    await session.set('token-new');
    await settle();
    assert.equal(accounts.find(session.account?.id ?? '')?.origin, 'https://elsewhere.example', 'Set API Token binds the new token where it was checked');
    assert.deepEqual(accounts.list().map((a) => a.label), ['Local', 'Web', 'Mobile'], 'no new account');
  });

  it('migrates an earlier token on start and reports it present (initial)', async () => {
    const { secrets, session } = setup();
    await secrets.store(LEGACY_TOKEN_KEY, 'legacy-token-123');
    const events: Array<{ state: string; initial: boolean }> = [];
    session.onDidChange((e) => events.push(e));
    await session.start();
    await settle();
    assert.deepEqual(events, [{ state: 'present', initial: true }]);
    assert.equal(await session.get(), 'legacy-token-123');
  });
});

describe('authentication provider "tesults"', () => {
  it('lists each account as a session labelled with its project, signs out one, and reports the changes', async () => {
    const accounts = new AccountStore(new FakeSecrets(), { newId: ids() });
    await accounts.load(TESULTS);
    const provider = new TesultsAuthProvider(accounts, async () => undefined);
    const events: Array<{ added: string[]; removed: string[]; changed: string[] }> = [];
    provider.onDidChangeSessions((e) => events.push({ added: (e.added ?? []).map((s) => s.account.label), removed: (e.removed ?? []).map((s) => s.account.label), changed: (e.changed ?? []).map((s) => s.account.label) }));
    await accounts.add('token-aaaa', TESULTS, 'Web');
    await accounts.add('token-bbbb', LOCAL, 'Local');
    await settle();
    const sessions = await provider.getSessions([]);
    assert.deepEqual(sessions.map((s) => [s.id, s.account.label, s.accessToken, s.scopes]), [
      ['id1', 'Web', 'token-aaaa', []],
      ['id2', 'Local', 'token-bbbb', []],
    ]);
    await accounts.rename('id2', 'Local server');
    await settle();
    await provider.removeSession('id1');
    await settle();
    assert.deepEqual((await provider.getSessions([])).map((s) => s.account.label), ['Local server']);
    assert.deepEqual(events.at(-1), { added: [], removed: ['Web'], changed: [] });
    assert.ok(events.some((e) => e.changed.includes('Local server')), JSON.stringify(events));
    assert.ok(events.some((e) => e.added.includes('Local')), JSON.stringify(events));
  });

  it('a cancelled sign-in creates no session', async () => {
    const accounts = new AccountStore(new FakeSecrets(), { newId: ids() });
    const provider = new TesultsAuthProvider(accounts, async () => undefined);
    await assert.rejects(provider.createSession([]), /cancelled/);
    assert.deepEqual(accounts.list(), []);
  });
});
