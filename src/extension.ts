import fetch from 'node-fetch';
export function activate(): void { void fetch; }
export function deactivate(): void {}
