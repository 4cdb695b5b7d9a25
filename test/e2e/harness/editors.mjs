// Editors: the active editor and its gutter decorations.


/**
 * The active editor: { title (its tab's label, without ", preview"), preview, line, column }
 * (line and column from the status bar's "Ln N, Col M"; undefined without a text editor).
 */
export async function activeEditor(page) {
  return page.evaluate(() => {
    const tab = document.querySelector('#workbench\\.parts\\.editor .tabs-container .tab.active');
    const label = tab?.getAttribute('aria-label') ?? '';
    const sel = document.querySelector('#workbench\\.parts\\.statusbar [id="status.editor.selection"]');
    const m = /Ln (\d+), Col (\d+)/.exec(sel && sel.getClientRects().length ? sel.textContent ?? '' : '');
    return {
      title: label.replace(/, preview$/, ''),
      preview: /, preview$/.test(label),
      line: m ? Number(m[1]) : undefined,
      column: m ? Number(m[2]) : undefined,
    };
  });
}

/**
 * Gutter (glyph margin) decorations of the active text editor's rendered lines:
 * [{ line, className, backgroundImage }], line 1-based.
 */
export async function editorGlyphs(page) {
  return page.evaluate(() => {
    const group = document.querySelector('#workbench\\.parts\\.editor .editor-group-container.active') ?? document;
    const editor = [...group.querySelectorAll('.editor-instance .monaco-editor')].find((e) => e.getClientRects().length);
    if (!editor) return [];
    const lineAt = new Map([...editor.querySelectorAll('.margin-view-overlays > div')]
      .map((d) => [d.style.top, Number(d.querySelector('.line-numbers')?.textContent?.trim())]));
    return [...editor.querySelectorAll('.glyph-margin-widgets .cgmr, .margin-view-overlays .cgmr')].map((g) => ({
      line: lineAt.get(g.style.top) ?? (g.parentElement ? lineAt.get(g.parentElement.style.top) : undefined),
      className: g.className,
      backgroundImage: window.getComputedStyle(g).backgroundImage,
    }));
  });
}
