// Stand-in for the `whatwg-url` package inside the bundle: node-fetch 2 only reaches for it
// when the runtime has no URL class, and every VS Code extension host has one.
exports.URL = globalThis.URL;
