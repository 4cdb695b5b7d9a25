// What went wrong loading from Tesults, as one union: the API client throws errors of these
// kinds, the store keeps the kind with each error, and views choose their words and actions by
// it (a typo in a view's comparison is a type error, not a silent mismatch).

const ERROR_KINDS = [
  'noToken',
  'unauthorized',
  'forbidden',
  'badRequest',
  'notFound',
  'rateLimited',
  'server',
  'network',
  'timeout',
  /** The answer is bigger than the client reads (see MAX_JSON_BYTES). */
  'tooLarge',
  'invalidResponse',
  'insecureUrl',
  'cancelled',
  'pagingLoop',
  /** Not from the API client (a bug, a broken cache). */
  'unknown',
] as const;

export type ErrorKind = (typeof ERROR_KINDS)[number];

const KNOWN: ReadonlySet<string> = new Set(ERROR_KINDS);

export function isErrorKind(value: unknown): value is ErrorKind {
  return typeof value === 'string' && KNOWN.has(value);
}
