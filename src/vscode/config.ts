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

/** Writes `tesults.defaultTarget`: to the workspace when a folder is open (projects differ), else globally. */
export async function writeDefaultTarget(targetId: string): Promise<void> {
  const where = vscode.workspace.workspaceFolders?.length ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global;
  await vscode.workspace.getConfiguration(SECTION).update('defaultTarget', targetId, where);
}
