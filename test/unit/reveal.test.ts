// A reveal into a hidden Results view: VS Code opens the view, whose showing starts loads that
// refresh the tree under the reveal, so nothing is selected (seen in a freshly opened multi-root
// window, e2e 31-multi-root); the reveal is made again once the view shows and those loads are
// done. A visible view is revealed in once.
import { strict as assert } from 'node:assert';
import { revealInView, type RevealOptions } from '../../src/vscode/tree/reveal';

type Listener = (e: { visible: boolean }) => unknown;

/** A tree view like VS Code's: a reveal shows a hidden view (later, with `showLater`) and selects the node only when the view was already showing. */
function fakeView(opts: { visible: boolean; showOnReveal?: boolean; showLater?: boolean }) {
  const listeners = new Set<Listener>();
  const view = {
    visible: opts.visible,
    reveals: [] as Array<{ node: string; options: RevealOptions; selected: boolean }>,
    selection: [] as string[],
    onDidChangeVisibility: (l: Listener) => {
      listeners.add(l);
      return { dispose: () => listeners.delete(l) };
    },
    listenerCount: () => listeners.size,
    show(): void {
      view.visible = true;
      for (const l of [...listeners]) l({ visible: true });
    },
    async reveal(node: string, options: RevealOptions): Promise<void> {
      const selected = view.visible;
      if (selected) view.selection = [node];
      view.reveals.push({ node, options, selected });
      if (!view.visible && opts.showOnReveal !== false) {
        if (opts.showLater) setTimeout(() => view.show(), 10);
        else view.show();
      }
    },
  };
  return view;
}

describe('revealInView', () => {
  const options = { select: true, focus: true, expand: true };
  const noLoads = (): Promise<void> => Promise.resolve();

  it('reveals once in a view that is showing', async () => {
    const view = fakeView({ visible: true });
    await revealInView(view, 'c1', options, noLoads);
    assert.deepEqual(view.reveals.map((r) => r.node), ['c1']);
    assert.deepEqual(view.selection, ['c1']);
  });

  it('reveals again in a hidden view once the first reveal has shown it', async () => {
    const view = fakeView({ visible: false });
    await revealInView(view, 'c1', options, noLoads);
    assert.deepEqual(view.reveals.map((r) => [r.node, r.selected]), [['c1', false], ['c1', true]]);
    assert.deepEqual(view.reveals[1]?.options, options, 'the same options the second time');
    assert.deepEqual(view.selection, ['c1']);
  });

  it('reveals again only after the loads the showing started are done', async () => {
    const view = fakeView({ visible: false });
    let finishLoads = (): void => undefined;
    const loads = new Promise<void>((resolve) => (finishLoads = resolve));
    const revealed = revealInView(view, 'c1', options, () => loads);
    for (let i = 0; i < 5; i++) await Promise.resolve();
    assert.equal(view.reveals.length, 1, 'no second reveal while the loads run');
    finishLoads();
    await revealed;
    assert.deepEqual(view.reveals.map((r) => r.selected), [false, true]);
  });

  it('waits for a view that reports itself visible after the reveal resolved', async () => {
    const view = fakeView({ visible: false, showLater: true });
    await revealInView(view, 'c1', options, noLoads);
    assert.deepEqual(view.selection, ['c1']);
    assert.equal(view.listenerCount(), 0, 'the visibility listener is disposed');
  });

  it('reveals again after the next settling while the row is still not selected (a load the redraw started), a bounded number of times', async () => {
    const view = fakeView({ visible: false });
    const realReveal = view.reveal;
    let disturbed = 1; // the first reveal after showing is disturbed by a load, like the one before it
    view.reveal = async (node: string, opts: RevealOptions) => {
      await realReveal(node, opts);
      if (view.reveals.length > 1 && disturbed-- > 0) view.selection = [];
    };
    let settlings = 0;
    await revealInView(view, 'c1', options, async () => void settlings++);
    assert.deepEqual(view.selection, ['c1']);
    assert.equal(view.reveals.length, 3, 'hidden, disturbed, selected');
    assert.equal(settlings, 2, 'each reveal after showing waits for the loads first');

    const never = fakeView({ visible: false });
    const neverReveal = never.reveal;
    never.reveal = async (node: string, opts: RevealOptions) => {
      await neverReveal(node, opts);
      never.selection = [];
    };
    await revealInView(never, 'c1', options, async () => undefined);
    assert.equal(never.reveals.length, 4, 'the first reveal and at most three after the view showed');
  });

  it('gives up after the bound when the view never shows, without a second reveal', async () => {
    const view = fakeView({ visible: false, showOnReveal: false });
    await revealInView(view, 'c1', options, noLoads, 20);
    assert.equal(view.reveals.length, 1);
    assert.equal(view.listenerCount(), 0, 'the visibility listener is disposed');
  });
});
