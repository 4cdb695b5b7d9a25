// Case details webview script. The page is rendered by the extension (src/webview/render.ts);
// this script only turns clicks and keys on elements with `data-action` into messages for the
// extension (contract: src/webview/contract.ts). It never builds HTML from data.
/* global Element */
(function () {
  'use strict';
  const vscode = acquireVsCodeApi();

  const dataEl = document.getElementById('tesults-data');
  let data = {};
  try {
    data = JSON.parse((dataEl && dataEl.textContent) || '{}') || {};
  } catch {
    data = {};
  }
  if (typeof data.caseKey === 'string') vscode.setState({ caseKey: data.caseKey });

  /** The message for an action element, or undefined. */
  function messageFor(el) {
    const type = el.getAttribute('data-action');
    switch (type) {
      case 'openFile':
      case 'previewFile': {
        const name = el.getAttribute('data-name');
        return name ? { type, name } : undefined;
      }
      case 'openRun': {
        const runId = el.getAttribute('data-run-id');
        return runId ? { type, runId } : undefined;
      }
      case 'navigateFailure': {
        const direction = el.getAttribute('data-direction');
        return direction === 'previous' || direction === 'next' ? { type, direction } : undefined;
      }
      case 'pageAction': {
        const action = el.getAttribute('data-page-action');
        return action === 'retry' || action === 'setToken' || action === 'openSettings' ? { type, action } : undefined;
      }
      case 'copyReason':
      case 'openRunUrl':
      case 'reveal':
      case 'goToSource':
      case 'openPinned':
        return { type };
      default:
        return undefined;
    }
  }

  function activate(el) {
    if (!el || el.disabled || el.getAttribute('aria-disabled') === 'true') return;
    const msg = messageFor(el);
    if (msg) vscode.postMessage(msg);
  }

  document.addEventListener('click', function (e) {
    const target = e.target instanceof Element ? e.target.closest('[data-action]') : null;
    if (!target) return;
    e.preventDefault();
    activate(target);
  });

  document.addEventListener('keydown', function (e) {
    if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey) return;
    const t = e.target;
    if (t instanceof Element && (t.closest('input, textarea, select, [contenteditable="true"]'))) return;
    let id;
    if (e.key === 'n' || e.key === 'N') id = 'btn-next';
    else if (e.key === 'p' || e.key === 'P') id = 'btn-prev';
    else if (e.key === 'c' || e.key === 'C') {
      // Leave the normal copy of a selection alone.
      const sel = window.getSelection && window.getSelection();
      if (sel && String(sel).length > 0) return;
      id = 'btn-copy';
    } else return;
    const el = document.getElementById(id);
    if (!el) return;
    e.preventDefault();
    activate(el);
  });

  const status = document.getElementById('status');
  let clearTimer;
  window.addEventListener('message', function (e) {
    const msg = e.data;
    if (!status || !msg || typeof msg !== 'object' || msg.type !== 'status' || typeof msg.text !== 'string') return;
    status.textContent = msg.text.slice(0, 500);
    clearTimeout(clearTimer);
    clearTimer = setTimeout(function () {
      status.textContent = '';
    }, 4000);
  });

  vscode.postMessage({ type: 'ready' });
})();
