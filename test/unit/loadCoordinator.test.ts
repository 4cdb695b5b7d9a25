// When results load (src/vscode/loadCoordinator.ts), for what is shown outside the view: a change
// of tesults.apiUrl must load the status bar's default target again even while the view is closed,
// or the status bar keeps waiting ("once this window has focus") and never shows the URL's problem.
import { strict as assert } from 'node:assert';
import { registerVscodeStub } from '../support/vscode-stub';
import { errors } from '../../src/api/errors';
import { ResultsStore } from '../../src/store/store';
import type { ResultsCache } from '../../src/vscode/cache';
import type { DefaultTarget } from '../../src/vscode/defaultTarget';
import type { Log } from '../../src/vscode/log';
import type { SettingName, Settings } from '../../src/vscode/settings';
import type { TokenSession } from '../../src/vscode/auth/tokenSession';
import { aTarget } from './helpers/builders';

registerVscodeStub();
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { LoadCoordinator } = require('../../src/vscode/loadCoordinator') as typeof import('../../src/vscode/loadCoordinator');

function listeners<T>(): { event: (fn: (e: T) => void) => { dispose(): void }; fire(e: T): void } {
  const fns: Array<(e: T) => void> = [];
  return { event: (fn) => (fns.push(fn), { dispose: () => undefined }), fire: (e) => fns.forEach((fn) => fn(e)) };
}

describe('LoadCoordinator', () => {
  it('after a change of tesults.apiUrl, loads the default target for the status bar while the view is closed', async () => {
    let targetRequests = 0;
    let apiUrlValid = true;
    const store = new ResultsStore({
      api: {
        listTargets: async () => {
          targetRequests++;
          if (!apiUrlValid) throw errors.insecureUrl('plain http');
          return [aTarget('t1', 'main')];
        },
        fetchRuns: async () => ({ runs: [] }),
      },
      runsPerPage: () => 10,
    });
    const settingsChanged = listeners<ReadonlySet<SettingName>>();
    const settings = { onDidChange: settingsChanged.event, get: () => 'http://example.com/api' } as unknown as Settings;
    const tokens = { hasToken: true, onDidChange: listeners().event } as unknown as TokenSession;
    const entry = (): ReturnType<DefaultTarget['entry']> => store.targets.find((e) => e.target.name === 'main');
    const defaultTarget = { setting: 'main', entry, id: () => entry()?.target.id, onDidChange: listeners().event } as unknown as DefaultTarget;
    const log = { info: () => undefined, warn: () => undefined, error: () => undefined } as unknown as Log;
    const loader = new LoadCoordinator({
      store, log, tokens, settings, defaultTarget, cache: {} as ResultsCache, viewId: 'tesults.results',
      viewVisible: () => false,
      wantsTargets: () => false,
    });
    await store.loadTargets();
    assert.equal(targetRequests, 1);

    apiUrlValid = false;
    settingsChanged.fire(new Set<SettingName>(['apiUrl']));
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(targetRequests, 2, 'the targets asked for again, with the view closed');
    assert.equal(store.targetsError?.kind, 'insecureUrl', 'the status bar can say what is wrong');
    loader.dispose();
  });
});
