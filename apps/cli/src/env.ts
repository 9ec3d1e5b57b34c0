// The one place this app reads the environment; everything else takes the snapshot as an argument.
export type Env = Record<string, string | undefined>;

/** A copy of the process environment, taken once at start. */
export function readEnv(): Env {
  return { ...process.env };
}
