/** Exit codes scripts can rely on (also in the README). */
export const EXIT = {
  ok: 0,
  /** The input had errors (an import's rows, a bad file): nothing was changed. */
  dataErrors: 1,
  /** The command line was wrong. */
  usage: 2,
  /** The store could not be opened: another process owns it, or the server is unreachable. */
  storeUnavailable: 3,
  /** Anything else went wrong. */
  failure: 4,
} as const;
