import * as vscode from 'vscode';

export const SECTION = 'tesults';

export interface Settings {
  apiUrl: string;
  defaultTarget: string;
  runsPerPage: number;
  refreshIntervalSeconds: number;
  requestTimeoutSeconds: number;
}

function clampInt(value: unknown, min: number, max: number, fallback: number): number {
  const n = typeof value === 'number' && Number.isFinite(value) ? Math.round(value) : fallback;
  return Math.min(max, Math.max(min, n));
}

export function readSettings(): Settings {
  const c = vscode.workspace.getConfiguration(SECTION);
  const apiUrl = c.get<string>('apiUrl');
  return {
    apiUrl: typeof apiUrl === 'string' && apiUrl.trim() ? apiUrl.trim() : 'https://www.tesults.com/api',
    defaultTarget: (c.get<string>('defaultTarget') ?? '').trim(),
    runsPerPage: clampInt(c.get('runsPerPage'), 1, 100, 10),
    refreshIntervalSeconds: clampInt(c.get('refreshIntervalSeconds'), 0, 86_400, 60),
    requestTimeoutSeconds: clampInt(c.get('requestTimeoutSeconds'), 1, 600, 30),
  };
}
