// The case details webview as one server-rendered HTML document. Pure: no `vscode` import, no
// I/O. Every API value is treated as hostile: escaped, capped in size, never trusted for URLs,
// and rendered from whatever JSON type actually arrived (not the type the model promises).
// What the page says about the case (result, flaky, times, durations, failures, history) is
// decided by the model (model/caseView.ts); this file only turns it into HTML.
//
// The page's only script is media/details.js (loaded by URL with the nonce); it reads `data-*`
// attributes of the buttons rendered here and posts messages (see contract.ts).

import { caseView, RESULT_LABEL, retryAttempts, stepView, type CaseView, type ShownResult } from '../model/caseView';
import { ERROR_KEYS, formatLocation, looksLikeErrorObject, tryParseJson } from '../model/reason';
import type { ResultKind, Step, TestCase } from '../model/types';
import { BUILD_SUITE, MAX_STEP_DEPTH } from '../model/types';
import { hasValue, isRecord, own } from '../util/record';
import { kb } from '../util/size';
import { displayText, hasAnsi, stripAnsi } from '../util/text';
import type { CaseDetailsInput, MessagePageInput, PageAction, PageData, PageResources } from './contract';
import { PAGE_DATA_ELEMENT_ID } from './contract';
import { terminalToHtml, textToHtml } from './ansi';
import { escapeHtml, fileUrl, jsonForScript, safeExternalUrl } from './html';

/** The reason is shown up to this many characters; Copy reason copies all of it. */
const MAX_REASON_CHARS = 200_000;
/** Any other single value (custom field, param, output, stack) is shown up to this many characters. */
const MAX_VALUE_CHARS = 100_000;
/** Total characters of API text one page shows; beyond it, values are replaced by a note. */
const MAX_PAGE_TEXT_CHARS = 4_000_000;
/** Rows per table (params, custom fields, other fields). */
const MAX_TABLE_ROWS = 10_000;
/** Steps shown in total (nested steps are followed to the model's `MAX_STEP_DEPTH`). */
const MAX_STEPS = 5_000;
/** Largest data: URI accepted as an image preview. */
const MAX_PREVIEW_CHARS = 30_000_000;

const IMAGE_EXTENSIONS = new Set(['png', 'jpg', 'jpeg', 'gif', 'webp']);
const PREVIEW_RE = /^data:image\/(?:png|jpe?g|gif|webp);base64,[A-Za-z0-9+/]*={0,2}$/;

const RESULT_ICON: Record<ShownResult, string> = { pass: '✓', fail: '✗', unknown: '?', missing: '–' };

// ---------------------------------------------------------------------------------------------
// Rendering context: a page-wide budget of shown text, so hostile sizes cannot blow up the page.

class Ctx {
  budget = MAX_PAGE_TEXT_CHARS;
  steps = 0;

  /** Cuts `text` to `max` (and to the remaining page budget) without splitting a surrogate pair. */
  cap(text: string, max: number): { text: string; more: number } {
    const allowed = Math.max(0, Math.min(max, this.budget));
    if (text.length <= allowed) {
      this.budget -= text.length;
      return { text, more: 0 };
    }
    let cut = allowed;
    const code = text.charCodeAt(cut - 1);
    if (cut > 0 && code >= 0xd800 && code <= 0xdbff) cut--;
    this.budget -= cut;
    return { text: text.slice(0, cut), more: text.length - cut };
  }
}

function truncNote(more: number, extra = ''): string {
  return more > 0 ? `<p class="note truncated">(truncated, ${kb(more)} more${extra})</p>` : '';
}

/** A `<pre>` block of terminal text (ANSI colours kept, other escapes removed), capped. */
function preBlock(ctx: Ctx, text: string, cls: string, max = MAX_VALUE_CHARS, opts: { diff?: boolean; note?: string } = {}): string {
  const { text: shown, more } = ctx.cap(text, max);
  return `<pre class="${cls}">${terminalToHtml(shown, { diff: opts.diff })}</pre>` + truncNote(more, opts.note);
}

/** Short inline text (names, suite...) capped, with bidi controls neutralised. */
function inline(ctx: Ctx, v: unknown, max = 4_000): string {
  const { text, more } = ctx.cap(stripAnsi(displayText(v)), max);
  return textToHtml(text) + (more > 0 ? `<span class="note"> … (${kb(more)} more)</span>` : '');
}

/** Any JSON value as HTML: objects/arrays (and strings that are JSON) pretty-printed. */
function valueHtml(ctx: Ctx, v: unknown): string {
  if (typeof v === 'string') {
    const parsed = tryParseJson(v);
    if (parsed) return preBlock(ctx, displayText(parsed.value, true), 'code json');
    if (v.includes('\n') || v.length > 200 || hasAnsi(v)) return preBlock(ctx, v, 'code text');
    return `<span class="text">${inline(ctx, v, MAX_VALUE_CHARS)}</span>`;
  }
  if (v === null || typeof v === 'number' || typeof v === 'boolean' || v === undefined) {
    return `<code class="json-lit">${escapeHtml(v === undefined ? 'undefined' : displayText(v))}</code>`;
  }
  return preBlock(ctx, displayText(v, true), 'code json');
}

/** A two-column table (name, value) of an object's own keys, in the order sent. */
function kvTable(ctx: Ctx, obj: Record<string, unknown>, keys: readonly string[], label: (k: string) => string, cls: string): string {
  const rows: string[] = [];
  const n = Math.min(keys.length, MAX_TABLE_ROWS);
  for (let i = 0; i < n; i++) {
    const k = keys[i];
    rows.push(`<tr><th scope="row">${inline(ctx, label(k), 1_000)}</th><td>${valueHtml(ctx, obj[k])}</td></tr>`);
  }
  const more = keys.length - n;
  return (
    `<table class="kv ${cls}"><thead><tr><th scope="col">Name</th><th scope="col">Value</th></tr></thead><tbody>${rows.join('')}</tbody></table>` +
    (more > 0 ? `<p class="note">(${more} more not shown)</p>` : '')
  );
}

function section(id: string, title: string, body: string, cls = ''): string {
  return `<section id="${id}" class="section ${cls}" aria-labelledby="${id}-h"><h2 id="${id}-h">${escapeHtml(title)}</h2>${body}</section>`;
}

// ---------------------------------------------------------------------------------------------
// Reasons and errors

/** An error object (`{message, stack, location, snippet, value}` as Playwright sends) as blocks. */
function errorObjectHtml(ctx: Ctx, err: Record<string, unknown>, max: number, note: string): string {
  const parts: string[] = [];
  const message = own(err, 'message');
  const value = own(err, 'value');
  const loc = formatLocation(own(err, 'location'));
  const snippet = own(err, 'snippet');
  const stack = own(err, 'stack');
  if (message !== undefined) parts.push(`<div class="err-part"><h3>Message</h3>${preBlock(ctx, displayText(message, true), 'code reason-text', max, { diff: true, note })}</div>`);
  if (value !== undefined) parts.push(`<div class="err-part"><h3>Value</h3>${preBlock(ctx, displayText(value, true), 'code reason-text', max)}</div>`);
  if (loc !== undefined) parts.push(`<div class="err-part"><h3>Location</h3><p class="location"><code>${inline(ctx, loc)}</code></p></div>`);
  else if (own(err, 'location') !== undefined) parts.push(`<div class="err-part"><h3>Location</h3>${valueHtml(ctx, own(err, 'location'))}</div>`);
  if (snippet !== undefined) parts.push(`<div class="err-part"><h3>Code</h3>${preBlock(ctx, displayText(snippet, true), 'code snippet', max)}</div>`);
  if (stack !== undefined) parts.push(`<div class="err-part"><h3>Stack</h3>${preBlock(ctx, displayText(stack, true), 'code stack', max)}</div>`);
  const others = Object.keys(err).filter((k) => !ERROR_KEYS.includes(k));
  if (others.length) parts.push(kvTable(ctx, err, others, (k) => k, 'err-extra'));
  return `<div class="error">${parts.join('')}</div>`;
}

/** A reason string: a JSON-encoded error object as its parts, otherwise one terminal-text block. */
function reasonHtml(ctx: Ctx, reason: unknown, max: number, note = ''): string {
  if (typeof reason !== 'string') return valueHtml(ctx, reason);
  const parsed = tryParseJson(reason);
  if (parsed && looksLikeErrorObject(parsed.value)) return errorObjectHtml(ctx, parsed.value, max, note);
  return preBlock(ctx, reason, 'code reason-text', max, { diff: true, note });
}

// ---------------------------------------------------------------------------------------------
// Sections

function badge(kind: ResultKind | 'missing'): string {
  return `<span class="badge result-${kind}"><span class="icon" aria-hidden="true">${RESULT_ICON[kind]}</span> ${RESULT_LABEL[kind]}</span>`;
}

function headerHtml(ctx: Ctx, input: CaseDetailsInput, view: CaseView): string {
  const c = input.case;
  const kind = view.kind;
  const badges: string[] = [badge(kind)];
  if (view.flaky) badges.push(`<span class="badge flaky" title="${escapeHtml(view.flakyReason ?? '')}">Flaky: ${escapeHtml(view.flakyReason ?? '')}</span>`);
  if (view.unrecognisedResult !== undefined) badges.push(`<span class="badge raw">result sent: ${inline(ctx, view.unrecognisedResult, 200)}</span>`);
  if (view.status !== undefined) badges.push(`<span class="badge raw">framework status: ${inline(ctx, view.status, 200)}</span>`);

  const meta: string[] = [];
  const row = (label: string, html: string): void => {
    meta.push(`<div class="meta-row"><dt>${escapeHtml(label)}</dt><dd>${html}</dd></div>`);
  };
  if (hasValue(c.suite)) row('Suite', inline(ctx, c.suite));
  row('Target', inline(ctx, input.target?.name ?? input.target?.id ?? ''));
  const run = input.run;
  let runHtml = escapeHtml(view.runTime);
  if (view.runAgo) runHtml += ` <span class="muted">(${escapeHtml(view.runAgo)})</span>`;
  if (run?.buildName !== undefined && run.buildName !== '') runHtml += ` <span class="build">build ${inline(ctx, run.buildName, 500)}</span>`;
  if (typeof input.runChanges === 'string' && input.runChanges !== '') runHtml += ` <span class="run-changes">${escapeHtml(input.runChanges)} since the run before</span>`;
  row('Run', runHtml);
  const dur = view.duration;
  if (dur) row('Duration', escapeHtml(dur.text) + (dur.derived ? ' <span class="muted">(end − start)</span>' : ''));
  else if (c.duration !== undefined && c.duration !== null) row('Duration', inline(ctx, c.duration));
  if (view.start !== undefined) row('Start', escapeHtml(view.start));
  if (view.end !== undefined) row('End', escapeHtml(view.end));
  if (view.location) row('Location', `<code>${inline(ctx, view.location)}</code>`);
  if (c.num !== undefined && c.num !== null) row('Number', inline(ctx, c.num));
  if (hasValue(c.hash)) row('Hash', `<code>${inline(ctx, c.hash)}</code>`);

  return (
    `<header class="case-header result-${kind}">` +
    `<div class="badges">${badges.join(' ')}</div>` +
    `<h1 class="case-name">${inline(ctx, c.name, 10_000)}</h1>` +
    `<dl class="meta">${meta.join('')}</dl>` +
    `</header>`
  );
}

function button(action: string, label: string, opts: { attrs?: string; disabled?: boolean; title?: string; keys?: string; cls?: string } = {}): string {
  return (
    `<button type="button" class="btn${opts.cls ? ' ' + opts.cls : ''}" data-action="${action}"` +
    (opts.attrs ? ' ' + opts.attrs : '') +
    (opts.title ? ` title="${escapeHtml(opts.title)}"` : '') +
    (opts.keys ? ` aria-keyshortcuts="${opts.keys}"` : '') +
    (opts.disabled ? ' disabled' : '') +
    `>${escapeHtml(label)}</button>`
  );
}

function toolbarHtml(input: CaseDetailsInput, view: CaseView): string {
  const noFailures = view.failurePosition.total === 0;
  const hasReason = view.hasReason;
  const parts = [
    `<div class="group nav-failures" role="group" aria-label="Failures in this run">`,
    button('navigateFailure', '◀ Previous failure', { attrs: 'data-direction="previous" id="btn-prev"', disabled: noFailures, title: 'Previous failure (P)', keys: 'p' }),
    `<span class="failure-pos" id="failure-pos">${escapeHtml(view.failurePosition.text)}</span>`,
    button('navigateFailure', 'Next failure ▶', { attrs: 'data-direction="next" id="btn-next"', disabled: noFailures, title: 'Next failure (N)', keys: 'n' }),
    `</div><div class="group" role="group" aria-label="Case actions">`,
    button('copyReason', 'Copy reason', { attrs: 'id="btn-copy"', disabled: !hasReason, title: 'Copy the whole failure reason (C)', keys: 'c' }),
  ];
  if (safeExternalUrl(input.run?.runUrl)) parts.push(button('openRunUrl', 'Open in Tesults', { title: 'Open this run in the Tesults web app' }));
  parts.push(
    button('reveal', 'Reveal in tree', { title: 'Select this case in the Tesults view' }),
    button('goToSource', 'Go to source', { title: 'Open the test in the editor' }),
    button('openPinned', 'Open in new panel', { title: 'Keep this case open in its own panel' }),
    `</div><span class="status" id="status" role="status" aria-live="polite"></span>`,
  );
  return `<div class="toolbar" role="toolbar" aria-label="Case details actions">${parts.join('')}</div>`;
}

function historyHtml(view: CaseView): string {
  const marks = view.history;
  if (marks.length === 0) return '';
  const items = marks.map((h) => {
    const kind = h.result;
    const label = h.label;
    const runId = displayText(h.runId);
    return (
      `<li><button type="button" class="hist result-${kind}${h.current === true ? ' current' : ''}" data-action="openRun" data-run-id="${escapeHtml(runId)}"` +
      ` title="${escapeHtml(label)}" aria-label="${escapeHtml(label)}"${h.current === true ? ' aria-current="true"' : ''}>` +
      `<span aria-hidden="true">${RESULT_ICON[kind]}</span></button></li>`
    );
  });
  return `<nav class="history" aria-label="Result of this case in loaded runs, newest first"><span class="history-label">History</span><ol>${items.join('')}</ol>${historySummaryHtml(view)}</nav>`;
}

/** Flips and the flaky verdict next to the strip: "3 flips in the last 20 runs · Flaky: …". */
function historySummaryHtml(view: CaseView): string {
  const parts: string[] = [];
  if (view.flips !== undefined) parts.push(escapeHtml(view.flips));
  parts.push(view.flaky ? `<strong>Flaky</strong>: ${escapeHtml(view.flakyReason ?? '')}` : 'not flaky');
  return `<span class="history-summary">${parts.join(' · ')}</span>`;
}

function stepsHtml(ctx: Ctx, steps: unknown, depth: number): string {
  if (!Array.isArray(steps) || steps.length === 0) return '';
  if (depth >= MAX_STEP_DEPTH) return `<p class="note">(${steps.length} nested step${steps.length === 1 ? '' : 's'} not shown: nested too deeply)</p>`;
  const items: string[] = [];
  let i = 0;
  for (; i < steps.length && ctx.steps < MAX_STEPS; i++, ctx.steps++) {
    const s: unknown = steps[i];
    if (!isRecord(s)) {
      items.push(`<li class="step">${valueHtml(ctx, s)}</li>`);
      continue;
    }
    const st = s as unknown as Step;
    const view = stepView(s);
    const kind = view.kind;
    const dur = view.duration;
    const head =
      `<div class="step-head"><span class="icon result-${kind}" role="img" aria-label="${RESULT_LABEL[kind]}">${RESULT_ICON[kind]}</span> ` +
      `<span class="step-name">${inline(ctx, st.name ?? '(unnamed step)')}</span>` +
      (dur ? ` <span class="muted dur">${escapeHtml(dur.text)}</span>` : '') +
      (st.unrecognisedResult !== undefined ? ` <span class="badge raw">result sent: ${inline(ctx, st.unrecognisedResult, 200)}</span>` : '') +
      (view.status !== undefined ? ` <span class="badge raw">${inline(ctx, view.status, 200)}</span>` : '') +
      `</div>`;
    let body = '';
    if (hasValue(st.desc)) body += `<p class="desc">${inline(ctx, st.desc, MAX_VALUE_CHARS)}</p>`;
    if (hasValue(st.reason)) body += `<div class="step-reason">${reasonHtml(ctx, st.reason, MAX_VALUE_CHARS)}</div>`;
    if (view.times) body += `<p class="muted step-times">${escapeHtml(view.times)}</p>`;
    if (isRecord(st.extra)) {
      const keys = Object.keys(st.extra);
      if (keys.length) body += kvTable(ctx, st.extra, keys, (k) => k.replace(/^_/, '') || k, 'step-extra');
    }
    body += stepsHtml(ctx, st.steps, depth + 1);
    items.push(`<li class="step result-${kind}">${head}${body}</li>`);
  }
  const more = steps.length - i;
  return `<ol class="steps">${items.join('')}</ol>` + (more > 0 ? `<p class="note">(${more} more step${more === 1 ? '' : 's'} not shown)</p>` : '');
}

function isImageName(name: string): boolean {
  const m = /\.([A-Za-z0-9]+)$/.exec(name);
  return !!m && IMAGE_EXTENSIONS.has(m[1].toLowerCase());
}

/** The preview for `name` only when it is a base64 data:image URI of an accepted image type. */
function validPreview(previews: unknown, name: string): string | undefined {
  const p = own(previews, name);
  return typeof p === 'string' && p.length <= MAX_PREVIEW_CHARS && PREVIEW_RE.test(p) ? p : undefined;
}

function filesHtml(ctx: Ctx, c: TestCase, previews: unknown): string {
  if (!Array.isArray(c.files) || c.files.length === 0) return '';
  const items: string[] = [];
  const n = Math.min(c.files.length, MAX_TABLE_ROWS);
  for (let i = 0; i < n; i++) {
    const raw = c.files[i] as unknown;
    const name = displayText(raw);
    const url = c.filesBasePath !== undefined ? fileUrl(c.filesBasePath, name) : undefined;
    let li = url
      ? `<button type="button" class="link" data-action="openFile" data-name="${escapeHtml(name)}" title="${escapeHtml(url)}">${inline(ctx, name)}</button>`
      : `<span class="file-name">${inline(ctx, name)}</span>`;
    if (url && isImageName(name)) li += ' ' + button('previewFile', 'Preview', { attrs: `data-name="${escapeHtml(name)}"`, cls: 'small', title: 'Download and show this image here' });
    const preview = validPreview(previews, name);
    if (preview) li += `<div class="preview"><img src="${escapeHtml(preview)}" alt="${escapeHtml('Preview of ' + name)}"></div>`;
    items.push(`<li>${li}</li>`);
  }
  const more = c.files.length - n;
  let body = `<ul class="files">${items.join('')}</ul>` + (more > 0 ? `<p class="note">(${more} more files not shown)</p>` : '');
  if (c.filesBasePath !== undefined && !safeExternalUrl(c.filesBasePath)) {
    body += `<p class="note">Files base path (not a link: only https, or http to this machine, can be opened): <code>${inline(ctx, c.filesBasePath)}</code></p>`;
  } else if (c.filesBasePath !== undefined) {
    body += `<p class="muted">Base path: <code>${inline(ctx, c.filesBasePath)}</code></p>`;
  }
  return section('files', 'Files', body);
}

/** Playwright's `_Standard output` / `_Standard error`: strings, or chunks `{text}` / `{buffer}` (base64). */
function outputText(v: unknown): string {
  if (typeof v === 'string') return v;
  if (!Array.isArray(v)) return displayText(v, true);
  const parts: string[] = [];
  for (const chunk of v) {
    let s: string;
    const text = own(chunk, 'text');
    const buffer = own(chunk, 'buffer');
    if (typeof chunk === 'string') s = chunk;
    else if (typeof text === 'string') s = text;
    else if (typeof buffer === 'string') s = Buffer.from(buffer, 'base64').toString('utf8');
    else if (own(chunk, 'type') === 'Buffer' && Array.isArray(own(chunk, 'data'))) {
      const bytes = (own(chunk, 'data') as unknown[]).filter((b): b is number => typeof b === 'number');
      s = Buffer.from(bytes).toString('utf8');
    } else s = displayText(chunk);
    parts.push(s.endsWith('\n') ? s : s + '\n');
  }
  return parts.join('');
}

function errorsHtml(ctx: Ctx, v: unknown): string {
  const list = Array.isArray(v) ? v : [v];
  const items = list.slice(0, MAX_TABLE_ROWS).map((e) => {
    if (looksLikeErrorObject(e)) return `<li>${errorObjectHtml(ctx, e, MAX_VALUE_CHARS, '')}</li>`;
    return `<li>${reasonHtml(ctx, e, MAX_VALUE_CHARS)}</li>`;
  });
  return `<ol class="errors">${items.join('')}</ol>`;
}

function retriesHtml(ctx: Ctx, v: unknown): string {
  const attempts = retryAttempts(v);
  if (attempts === undefined) return valueHtml(ctx, v);
  const items = attempts.slice(0, MAX_TABLE_ROWS).map((a) => {
    let head = `<div class="attempt-head"><strong>Attempt ${a.number}</strong> ${badge(a.kind)}`;
    if (a.unrecognisedResult !== undefined) head += ` <span class="badge raw">result sent: ${inline(ctx, a.unrecognisedResult, 200)}</span>`;
    if (a.status !== undefined) head += ` <span class="badge raw">${inline(ctx, a.status, 200)}</span>`;
    if (a.duration) head += ` <span class="muted">${escapeHtml(a.duration.text)}</span>`;
    head += '</div>';
    const body =
      (a.reason !== undefined ? reasonHtml(ctx, a.reason, MAX_VALUE_CHARS) : '') +
      `<details class="attempt-all"><summary>All fields of this attempt</summary>${preBlock(ctx, displayText(a.attempt, true), 'code json')}</details>`;
    return `<li class="attempt result-${a.kind}">${head}${body}</li>`;
  });
  return `<ol class="attempts">${items.join('')}</ol>`;
}

/** Custom fields with their own section; rendered by shape, falling back to a generic value. */
const SPECIAL_CUSTOM: Record<string, { title: string; render: (ctx: Ctx, v: unknown) => string }> = {
  '_Errors': { title: 'Errors', render: errorsHtml },
  '_Retries': { title: 'Earlier attempts', render: retriesHtml },
  '_Stack trace': { title: 'Stack trace', render: (ctx, v) => (typeof v === 'string' ? preBlock(ctx, v, 'code stack') : valueHtml(ctx, v)) },
  '_Standard output': { title: 'Standard output', render: (ctx, v) => preBlock(ctx, outputText(v), 'code output') },
  '_Standard error': { title: 'Standard error', render: (ctx, v) => preBlock(ctx, outputText(v), 'code output stderr') },
};

function customLabel(key: string): string {
  return key.startsWith('_') && key.length > 1 ? key.slice(1) : key;
}

function pageData(caseKey: string | undefined): string {
  const data: PageData = caseKey === undefined ? {} : { caseKey };
  return jsonForScript(data);
}

function documentHtml(page: PageResources, title: string, body: string, caseKey: string | undefined): string {
  const csp =
    `default-src 'none'; style-src ${page.cspSource}; script-src 'nonce-${page.nonce}'; ` +
    `img-src ${page.cspSource} data:; font-src ${page.cspSource};`;
  const nonce = escapeHtml(page.nonce);
  return (
    `<!DOCTYPE html>\n<html lang="en"><head><meta charset="UTF-8">` +
    `<meta http-equiv="Content-Security-Policy" content="${escapeHtml(csp)}">` +
    `<meta name="viewport" content="width=device-width, initial-scale=1.0">` +
    `<link rel="stylesheet" href="${escapeHtml(page.styleUri)}">` +
    `<title>${escapeHtml(title)}</title></head><body>` +
    body +
    `<script type="application/json" id="${PAGE_DATA_ELEMENT_ID}" nonce="${nonce}">${pageData(caseKey)}</script>` +
    `<script nonce="${nonce}" src="${escapeHtml(page.scriptUri)}"></script>` +
    `</body></html>`
  );
}

// ---------------------------------------------------------------------------------------------
// Entry points

/** The full HTML document of the case details webview. Never throws on hostile case data. */
export function renderCaseDetails(input: CaseDetailsInput): string {
  const c = input.case;
  const caseKey =
    input.caseKey ?? `${displayText(input.target?.id)}/${displayText(input.run?.id)}/${displayText(c?.hash ?? c?.index)}`;
  try {
    return documentHtml(input, `Tesults: ${displayText(c.name).slice(0, 200)}`, caseBody(input), caseKey);
  } catch (e) {
    return renderMessage({
      ...pick(input),
      title: 'Could not show this case',
      message: `The case's data could not be rendered (${e instanceof Error ? e.message : String(e)}).`,
      caseKey,
    });
  }
}

function pick(p: PageResources): PageResources {
  return { cspSource: p.cspSource, nonce: p.nonce, styleUri: p.styleUri, scriptUri: p.scriptUri };
}

function caseBody(input: CaseDetailsInput): string {
  const ctx = new Ctx();
  const c = input.case;
  const custom: Record<string, unknown> = isRecord(c.custom) ? c.custom : {};
  const customKeys = Object.keys(custom);
  const view = caseView(input);
  const hasReason = view.hasReason;

  const out: string[] = [];
  out.push(headerHtml(ctx, input, view));
  out.push(toolbarHtml(input, view));
  out.push(historyHtml(view));
  out.push('<main>');

  // Failure reason first, and prominent.
  if (hasReason) {
    const failed = view.failed;
    out.push(
      section(
        'reason',
        failed ? 'Failure reason' : 'Reason',
        reasonHtml(ctx, c.reason, MAX_REASON_CHARS, ' — Copy reason copies everything'),
        failed ? 'reason failed' : 'reason',
      ),
    );
  }
  if (hasValue(c.desc)) {
    out.push(section('description', 'Description', `<p class="desc">${inline(ctx, c.desc, MAX_VALUE_CHARS)}</p>`));
  }
  if (own(custom, '_Errors') !== undefined) {
    // Playwright's reason is its first error: with a reason shown above, keep the list folded.
    const errors = custom._Errors;
    const body = errorsHtml(ctx, errors);
    const n = Array.isArray(errors) ? errors.length : 1;
    out.push(
      section(
        'errors',
        SPECIAL_CUSTOM._Errors.title,
        hasReason ? `<details class="errors-all"><summary>Show ${n} error${n === 1 ? '' : 's'} reported by the framework</summary>${body}</details>` : body,
      ),
    );
  }
  if (own(custom, '_Stack trace') !== undefined) out.push(section('stack-trace', SPECIAL_CUSTOM['_Stack trace'].title, SPECIAL_CUSTOM['_Stack trace'].render(ctx, custom['_Stack trace'])));
  if (Array.isArray(c.steps) && c.steps.length) out.push(section('steps', 'Steps', stepsHtml(ctx, c.steps, 0)));
  if (c.params !== undefined) {
    const params = c.params as unknown;
    const body = isRecord(params)
      ? Object.keys(params).length
        ? kvTable(ctx, params, Object.keys(params), (k) => k, 'params')
        : '<p class="muted">(none)</p>'
      : valueHtml(ctx, params);
    out.push(section('params', 'Parameters', body));
  }
  out.push(filesHtml(ctx, c, input.previews));
  if (own(custom, '_Retries') !== undefined) out.push(section('retries', SPECIAL_CUSTOM._Retries.title, retriesHtml(ctx, custom._Retries)));
  for (const key of ['_Standard output', '_Standard error']) {
    if (own(custom, key) !== undefined) out.push(section(sectionId(key), SPECIAL_CUSTOM[key].title, SPECIAL_CUSTOM[key].render(ctx, custom[key])));
  }
  const plainCustom = customKeys.filter((k) => !Object.prototype.hasOwnProperty.call(SPECIAL_CUSTOM, k));
  if (plainCustom.length) out.push(section('custom', 'Custom fields', kvTable(ctx, custom, plainCustom, customLabel, 'custom')));
  if (isRecord(c.extra)) {
    const keys = Object.keys(c.extra);
    if (keys.length) out.push(section('extra', 'Other fields', kvTable(ctx, c.extra, keys, (k) => k, 'extra')));
  }
  if (c.suite === BUILD_SUITE) out.push('<p class="note">This is the run\'s build record, not a test.</p>');
  out.push('</main>');
  return out.join('');
}

function sectionId(key: string): string {
  return key.replace(/^_/, '').toLowerCase().replace(/[^a-z0-9]+/g, '-');
}

/** A page with a title and a message (e.g. "This case is no longer loaded"). */
const PAGE_ACTION_LABELS: Record<PageAction, string> = { retry: 'Retry', setToken: 'Set API Token', openSettings: 'Settings' };

export function renderMessage(input: MessagePageInput): string {
  const body =
    `<main class="message-page"><h1>${escapeHtml(input.title)}</h1>` +
    `<p class="message">${textToHtml(displayText(input.message))}</p>` +
    (input.actions?.length ? `<div class="actions">${input.actions.map((a) => button('pageAction', PAGE_ACTION_LABELS[a], { attrs: `data-page-action="${a}"` })).join('')}</div>` : '') +
    `</main>`;
  return documentHtml(input, displayText(input.title) || 'Tesults', body, input.caseKey);
}
