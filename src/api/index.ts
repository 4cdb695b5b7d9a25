// Public surface of the Tesults API client (no `vscode` import anywhere under src/api).
export { TesultsClient, defaultSleep, parseRetryAfter, MAX_TARGET_PAGES } from './client';
export type { TesultsClientOptions, RetryOptions, FetchRunsOptions, FetchFileOptions, FetchedFile } from './client';
export { TesultsApiError, isTesultsApiError, redact } from './errors';
export type { TesultsErrorKind } from './errors';
export { checkApiUrl, isLoopbackHost } from './url';
export type { ApiUrlCheck } from './url';
export {
  parseCase,
  parseRun,
  parseStep,
  parseTarget,
  parseRunsResponse,
  parseTargetsResponse,
  UNNAMED_CASE,
  UNNAMED_STEP,
} from './parse';
export type { TargetsPage } from './parse';
