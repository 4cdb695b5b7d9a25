// Typed errors of the Tesults API client. Plain TypeScript: no `vscode` import.
// Every message is a sentence a user can act on, and never contains the API token.

import type { ErrorKind } from '../model/errorKind';

export interface TesultsApiErrorInit {
  status?: number;
  apiMessage?: string;
  retryAfterMs?: number;
  retryable?: boolean;
}

const RETRYABLE_BY_DEFAULT: ReadonlySet<ErrorKind> = new Set<ErrorKind>([
  'rateLimited',
  'server',
  'network',
  'timeout',
]);

export class TesultsApiError extends Error {
  readonly kind: ErrorKind;
  readonly status?: number;
  /** The `error.message` of the API's error envelope, when it sent one (redacted, shortened). */
  readonly apiMessage?: string;
  /** From a 429's Retry-After header, in ms. */
  readonly retryAfterMs?: number;
  /** Whether trying the same request again may succeed. */
  readonly retryable: boolean;

  constructor(kind: ErrorKind, message: string, init: TesultsApiErrorInit = {}) {
    super(message);
    this.name = 'TesultsApiError';
    this.kind = kind;
    if (init.status !== undefined) this.status = init.status;
    if (init.apiMessage !== undefined) this.apiMessage = init.apiMessage;
    if (init.retryAfterMs !== undefined) this.retryAfterMs = init.retryAfterMs;
    this.retryable = init.retryable ?? RETRYABLE_BY_DEFAULT.has(kind);
  }
}

export function isTesultsApiError(e: unknown): e is TesultsApiError {
  return e instanceof TesultsApiError;
}

/** Replaces every occurrence of `secret` in `text` with '***'. Empty or very short secrets are ignored. */
export function redact(text: string, secret: string | undefined): string {
  if (!secret || secret.length < 4 || text.indexOf(secret) < 0) return text;
  return text.split(secret).join('***');
}

const MAX_API_MESSAGE = 500;

/** Shortens and cleans a message that came from the server (control characters removed). */
export function cleanApiMessage(msg: string, secret?: string): string {
  // eslint-disable-next-line no-control-regex
  let s = msg.replace(/[\u0000-\u001f\u007f\u2028\u2029\u202a-\u202e\u2066-\u2069]+/g, ' ').trim();
  s = redact(s, secret);
  if (s.length > MAX_API_MESSAGE) s = s.slice(0, MAX_API_MESSAGE) + '…';
  return s;
}

function seconds(ms: number): string {
  const s = ms / 1000;
  return Number.isInteger(s) ? String(s) : s.toFixed(1);
}

function megabytes(bytes: number): string {
  if (bytes < 1024 * 1024) return `${Math.ceil(bytes / 1024)} KB`;
  return `${Math.round((bytes / (1024 * 1024)) * 10) / 10} MB`;
}

export const SET_TOKEN_HINT = "Set a new one with 'Tesults: Set API Token'.";

export const errors = {
  noToken(): TesultsApiError {
    return new TesultsApiError('noToken', "No Tesults API token is set. Set one with 'Tesults: Set API Token'.");
  },
  /** The stored token belongs to `boundOrigin` and the user did not allow sending it to `origin`. */
  tokenNotSent(origin: string, boundOrigin: string): TesultsApiError {
    return new TesultsApiError(
      'noToken',
      `Your API token was not sent to ${origin}: it was set for ${boundOrigin}. Set a token for ${origin} with 'Tesults: Set API Token', or change tesults.apiUrl back.`,
      { retryable: false },
    );
  },
  unauthorized(apiMessage?: string): TesultsApiError {
    return new TesultsApiError('unauthorized', `Tesults rejected the API token. ${SET_TOKEN_HINT}`, {
      status: 401,
      apiMessage,
    });
  },
  forbidden(apiMessage?: string): TesultsApiError {
    return new TesultsApiError(
      'forbidden',
      `Tesults refused access${apiMessage ? `: ${apiMessage}` : ''}. Check that the API token belongs to the project you want to see.`,
      { status: 403, apiMessage },
    );
  },
  badRequest(status: number, apiMessage?: string): TesultsApiError {
    const detail = apiMessage || `HTTP ${status}`;
    return new TesultsApiError('badRequest', `Tesults refused the request: ${detail}`, { status, apiMessage });
  },
  notFound(what: string, apiMessage?: string): TesultsApiError {
    return new TesultsApiError(
      'notFound',
      `Tesults could not find ${what}${apiMessage ? ` (${apiMessage})` : ''}. It may have been deleted, or the tesults.apiUrl setting may be wrong.`,
      { status: 404, apiMessage },
    );
  },
  rateLimited(retryAfterMs?: number, apiMessage?: string): TesultsApiError {
    const when = retryAfterMs !== undefined ? `in ${seconds(Math.ceil(retryAfterMs / 1000) * 1000)} s` : 'in a minute';
    return new TesultsApiError('rateLimited', `Tesults is limiting the number of requests. Try again ${when}.`, {
      status: 429,
      apiMessage,
      retryAfterMs,
    });
  },
  server(status: number, apiMessage?: string): TesultsApiError {
    return new TesultsApiError(
      'server',
      `Tesults had a problem answering (HTTP ${status}${apiMessage ? `: ${apiMessage}` : ''}). Try again later.`,
      { status, apiMessage },
    );
  },
  network(host: string, reason: string): TesultsApiError {
    return new TesultsApiError(
      'network',
      `Could not reach Tesults at ${host}: ${reason}. Check your connection or the tesults.apiUrl setting.`,
    );
  },
  timeout(timeoutMs: number): TesultsApiError {
    return new TesultsApiError(
      'timeout',
      `Tesults did not answer within ${seconds(timeoutMs)} s. Try again, or raise the tesults.requestTimeoutSeconds setting.`,
    );
  },
  invalidResponse(detail: string, init: TesultsApiErrorInit = {}): TesultsApiError {
    return new TesultsApiError(
      'invalidResponse',
      `Tesults sent an unexpected response (${detail}). Check the tesults.apiUrl setting; a proxy or login page may be in the way.`,
      init,
    );
  },
  /** An answer (or a file) bigger than `limit` bytes, the most read. Not retried. */
  tooLarge(what: 'answer' | 'file', limit: number): TesultsApiError {
    const subject = what === 'answer' ? 'Tesults sent an answer' : 'The file is';
    return new TesultsApiError('tooLarge', `${subject} larger than ${megabytes(limit)}, the size limit; it was not read.`, { retryable: false });
  },
  insecureUrl(message: string): TesultsApiError {
    return new TesultsApiError('insecureUrl', message);
  },
  cancelled(): TesultsApiError {
    return new TesultsApiError('cancelled', 'The request to Tesults was cancelled.');
  },
  pagingLoop(detail: string): TesultsApiError {
    return new TesultsApiError(
      'pagingLoop',
      `Tesults kept sending more pages (${detail}); stopped reading them to avoid an endless loop.`,
    );
  },
};
