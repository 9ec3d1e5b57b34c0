import type { z } from "zod";
import { ConfigError } from "./config-error.js";

export type Env = Record<string, string | undefined>;

/**
 * An unset or blank variable counts as unset (compose files often write `NAME=` for "no value").
 * The value is returned as written: a password may start or end with a space.
 */
export function readVar(env: Env, name: string): string | undefined {
  const value = env[name];
  return value === undefined || value.trim() === "" ? undefined : value;
}

export interface ParseVarOptions<T> {
  /** What a valid value looks like, completing "NAME must be ...". */
  expected: string;
  /** Shows the offending value in the message unless this is true (or `show` is given). */
  secret?: boolean;
  /** How to show the offending value (e.g. a masked URL); `undefined` means do not show it. */
  show?: (value: string) => string | undefined;
  /** Value when unset. Default: unset stays `undefined`. */
  fallback?: T;
}

/**
 * Parses one variable with a zod schema, turning a failure into a ConfigError that names the variable.
 * The zod issue text is not used: it can quote the input, and the input may be a secret.
 */
export function parseVar<T>(
  env: Env,
  name: string,
  schema: z.ZodType<T, string>,
  options: ParseVarOptions<T> & { fallback: T },
): T;
export function parseVar<T>(
  env: Env,
  name: string,
  schema: z.ZodType<T, string>,
  options: ParseVarOptions<T>,
): T | undefined;
export function parseVar<T>(
  env: Env,
  name: string,
  schema: z.ZodType<T, string>,
  options: ParseVarOptions<T>,
): T | undefined {
  const raw = readVar(env, name);
  if (raw === undefined) return options.fallback;
  const result = schema.safeParse(raw.trim());
  if (result.success) return result.data;
  const shown = options.show ? options.show(raw) : options.secret ? undefined : raw;
  const got = shown === undefined ? "" : ` (got ${JSON.stringify(shown)})`;
  throw new ConfigError(name, `${name} must be ${options.expected}${got}`);
}

/** A required variable: ConfigError "NAME is required" when unset. */
export function requireVar(env: Env, name: string, what: string): string {
  const value = readVar(env, name);
  if (value === undefined) throw new ConfigError(name, `${name} is required (${what})`);
  return value;
}
