// End-to-end harness: the packaged extension (.vsix) installed into a real VS Code (code-server
// 4.100.3, see test/e2e/README.md and scripts/setup-host.sh), driven through Debian's Chromium
// with playwright-core, against the fake Tesults server (test/server/cli.ts).
//
// Plain ESM JavaScript so it runs without a build step. Every wait is bounded and polls a
// condition; nothing sleeps for a fixed time. One module per concern, all re-exported here:
export * from './harness/processes.mjs'; // process groups, cleanup on every exit path, ports
export * from './harness/wait.mjs'; // waitFor, the polling primitive
export * from './harness/host.mjs'; // setup-host.sh, npm run package
export * from './harness/tesults-server.mjs'; // the fake Tesults server and what it serves
export * from './harness/code-server.mjs'; // code-server with the .vsix installed, settings
export * from './harness/browser.mjs'; // Chromium on the workbench
export * from './harness/match.mjs'; // string / RegExp / predicate matchers
export * from './harness/quick-input.mjs'; // command palette, input boxes, quick picks
export * from './harness/views.mjs'; // activity bar, welcome views, tree rows, context menus
export * from './harness/editors.mjs'; // the active editor, gutter decorations
export * from './harness/status-bar.mjs'; // status bar items, notifications
export * from './harness/webviews.mjs'; // webview panels and views
export * from './harness/user-settings.mjs'; // a user setting changed live, through the Settings editor
export * from './harness/artifacts.mjs'; // screenshots, extension log, failure diagnostics
