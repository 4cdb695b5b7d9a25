// The Results view's state and message: what the welcome views (package.json viewsWelcome) are
// chosen by, and when the view message shows. VS Code hides a welcome view while the view has a
// message, so a failure with nothing loaded must leave the message empty for the welcome view's
// explanation and buttons to show.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { registerVscodeStub, stubState } from '../support/vscode-stub';
import { errors, type TesultsApiError } from '../../src/api/errors';
import type { Target } from '../../src/model/types';
import { ResultsStore } from '../../src/store/store';
import type { TokenSession } from '../../src/vscode/auth/tokenSession';
import { aTarget } from './helpers/builders';

registerVscodeStub();
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { ResultsViewState } = require('../../src/vscode/tree/viewState') as typeof import('../../src/vscode/tree/viewState');

const tokens = { state: 'present', hasToken: true, onDidChange: () => ({ dispose: () => undefined }) } as unknown as TokenSession;

function setup(answers: Array<Target[] | TesultsApiError | Promise<Target[]>>): { store: ResultsStore; view: { message?: string } } {
  const store = new ResultsStore({
    api: {
      listTargets: async () => {
        const next = answers.shift();
        if (next === undefined || next instanceof Error) throw next ?? new Error('no answer left');
        return await next;
      },
      fetchRuns: async () => ({ runs: [] }),
    },
    runsPerPage: () => 10,
  });
  const view: { message?: string } = {};
  new ResultsViewState(store, tokens, view as never);
  return { store, view };
}

const viewState = (): unknown => stubState.contextKeys.get('tesults.viewState');

describe('ResultsViewState', () => {
  const failures: Array<[string, () => TesultsApiError, string]> = [
    ['a rejected token', () => errors.unauthorized(), 'unauthorized'],
    ['an unusable tesults.apiUrl', () => errors.insecureUrl('plain http'), 'invalidApiUrl'],
    ['no network', () => errors.network('tesults.example', 'ECONNREFUSED'), 'networkError'],
    ['a timeout', () => errors.timeout(30_000), 'networkError'],
    ['a server error', () => errors.server(500), 'serverError'],
    ['an answer that is not the API', () => errors.invalidResponse('HTML page'), 'error'],
  ];
  for (const [what, error, state] of failures) {
    it(`with nothing loaded, ${what} leaves the message empty for the "${state}" welcome view`, async () => {
      const { store, view } = setup([error()]);
      await store.loadTargets();
      assert.equal(viewState(), state);
      assert.equal(view.message, undefined);
    });
  }

  it('shows a failed refresh over the targets loaded before as the message', async () => {
    const { store, view } = setup([[aTarget('a', 'first')], errors.server(503)]);
    await store.loadTargets();
    assert.equal(viewState(), 'ready');
    assert.equal(view.message, undefined);
    await store.refresh();
    assert.equal(viewState(), 'ready');
    assert.match(view.message ?? '', /^⚠ Refresh failed: .*Showing results loaded at /);
  });

  it('shows one state at a time: no failure message while a new attempt runs', async () => {
    let answer!: (targets: Target[]) => void;
    const { store, view } = setup([[aTarget('a', 'first')], errors.server(503), new Promise<Target[]>((resolve) => (answer = resolve))]);
    await store.loadTargets();
    await store.refresh();
    assert.match(view.message ?? '', /Refresh failed/);
    const retry = store.refresh();
    assert.equal(store.targetsState, 'loading');
    assert.equal(view.message, undefined, 'the failure gives way to the attempt');
    answer([aTarget('a', 'first')]);
    await retry;
    assert.equal(view.message, undefined);
  });

  it('has a welcome view with a button for every state in which nothing shows', () => {
    const manifest = JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8')) as {
      contributes: { viewsWelcome: Array<{ when: string; contents: string }> };
    };
    for (const state of ['unauthorized', 'invalidApiUrl', 'networkError', 'serverError', 'error', 'empty']) {
      const welcome = manifest.contributes.viewsWelcome.find((w) => w.when.endsWith(`tesults.viewState == ${state}`));
      assert.ok(welcome, `a welcome view for ${state}`);
      assert.match(welcome.contents, /\]\(command:/, `a button in the ${state} welcome view`);
    }
  });
});
