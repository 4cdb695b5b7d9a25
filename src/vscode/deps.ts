import type * as vscode from 'vscode';
import type { TesultsClient } from '../api/client';
import type { ResultsStore } from '../store/store';
import type { ResultsController } from './controller';
import type { Log } from './log';
import type { TokenStore } from './auth/tokenSession';
import type { TreeNode } from './tree/nodes';
import type { ResultsTreeProvider } from './tree/provider';

/** What command modules need; built once in extension.ts. */
export interface Deps {
  readonly context: vscode.ExtensionContext;
  readonly log: Log;
  readonly tokens: TokenStore;
  readonly store: ResultsStore;
  readonly controller: ResultsController;
  readonly tree: ResultsTreeProvider;
  readonly treeView: vscode.TreeView<TreeNode>;
  /** A client for the current settings (rebuilt when they change). */
  client(): TesultsClient;
  onlyFailures(): boolean;
  setOnlyFailures(value: boolean): Promise<void>;
}
