/** Process exit codes of `vss-mirror`. */
export const EXIT = {
  ok: 0,
  /** A sync (or another operation) failed; the reason is on stderr. */
  failed: 1,
  /** Invalid configuration or usage: nothing was attempted. */
  usage: 2,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];
