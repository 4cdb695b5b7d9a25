// The start-up loads wait for the window's focus (headless Chromium always reports focus, so the
// e2e suite cannot show this). Polling's own pause while unfocused is PollScheduler's (poller.test.ts).
import { strict as assert } from 'node:assert';
import { registerVscodeStub } from '../support/vscode-stub';

registerVscodeStub();
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { whenFocused } = require('../../src/vscode/focus') as typeof import('../../src/vscode/focus');

class FakeWindow {
  state = { focused: false };
  listeners = new Set<(s: { focused: boolean }) => unknown>();
  onDidChangeWindowState(listener: (s: { focused: boolean }) => unknown): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }
  set(focused: boolean): void {
    this.state = { focused };
    for (const l of [...this.listeners]) l(this.state);
  }
}

describe('whenFocused (the first request waits until the window has focus)', () => {
  it('runs at once in a focused window', () => {
    const w = new FakeWindow();
    w.state = { focused: true };
    let runs = 0;
    whenFocused(() => runs++, w);
    assert.equal(runs, 1);
    assert.equal(w.listeners.size, 0);
  });

  it('in a window in the background: nothing until it gains focus, then once', () => {
    const w = new FakeWindow();
    let runs = 0;
    whenFocused(() => runs++, w);
    w.set(false);
    assert.equal(runs, 0, 'no load while unfocused');
    w.set(true);
    w.set(false);
    w.set(true);
    assert.equal(runs, 1, 'exactly once');
    assert.equal(w.listeners.size, 0, 'stops listening');
  });

  it('disposed before focus (token cleared, extension stopped): never runs', () => {
    const w = new FakeWindow();
    let runs = 0;
    whenFocused(() => runs++, w).dispose();
    w.set(true);
    assert.equal(runs, 0);
  });

  it('two windows: only the one that gains focus loads', () => {
    const a = new FakeWindow();
    const b = new FakeWindow();
    const loaded: string[] = [];
    whenFocused(() => loaded.push('a'), a);
    whenFocused(() => loaded.push('b'), b);
    b.set(true);
    assert.deepEqual(loaded, ['b']);
  });
});
