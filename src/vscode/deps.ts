import type { ResultsStore } from '../store/store';
import type { AccountStore } from './auth/accounts';
import type { TokenSession } from './auth/tokenSession';
import type { DefaultTarget } from './defaultTarget';
import type { DetailsPanels } from './details/detailsPanels';
import type { FailureNavigator } from './failureNavigation';
import type { LoadCoordinator } from './loadCoordinator';
import type { Log } from './log';
import type { OtherProjects } from './projects';
import type { Settings } from './settings';
import type { ResultsView } from './tree/view';

/** The services command modules use; built once in extension.ts. */
export interface Deps {
  readonly log: Log;
  readonly settings: Settings;
  readonly accounts: AccountStore;
  readonly tokens: TokenSession;
  readonly defaultTarget: DefaultTarget;
  readonly store: ResultsStore;
  readonly loader: LoadCoordinator;
  readonly view: ResultsView;
  readonly details: DetailsPanels;
  readonly failures: FailureNavigator;
  readonly projects: OtherProjects;
}
