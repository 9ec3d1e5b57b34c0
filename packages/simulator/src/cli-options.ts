// Parses and checks the CLI's options; every problem names the option so the user can fix it.
import { isTotpSecret } from "./totp.js";
import { readFileSync } from "node:fs";
import type { KeysetSupport, PersonalShape, SimUser, SimulatorOptions } from "./types.js";

export class CliOptionError extends Error {
  override name = "CliOptionError";
}

/** Raw commander values: strings, or undefined when the option was not given. */
export interface RawCliOptions {
  items?: string;
  port?: string;
  host?: string;
  latencyMs?: string;
  seed?: string;
  syncStepMs?: string;
  tokenTtlSeconds?: string;
  tokenRateLimit?: string;
  users?: string;
  personalShape?: string;
  trustProxy?: boolean;
  keyset?: string;
}

function integer(raw: string | undefined, flag: string, min: number, max: number): number | undefined {
  if (raw === undefined) return undefined;
  if (!/^-?\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) {
    throw new CliOptionError(`${flag} must be an integer from ${min} to ${max}, got "${raw}"`);
  }
  return Number(raw);
}

function oneOf<T extends string>(raw: string | undefined, flag: string, values: readonly T[]): T | undefined {
  if (raw === undefined) return undefined;
  if (!(values as readonly string[]).includes(raw))
    throw new CliOptionError(`${flag} must be one of ${values.join(", ")}, got "${raw}"`);
  return raw as T;
}

function readUsers(file: string): SimUser[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, "utf8"));
  } catch (error) {
    throw new CliOptionError(`--users: cannot read JSON from "${file}": ${(error as Error).message}`, {
      cause: error,
    });
  }
  if (!Array.isArray(parsed) || parsed.length === 0)
    throw new CliOptionError(`--users: "${file}" must hold a non-empty JSON array`);
  parsed.forEach((user: unknown, i) => {
    const u = user as Partial<SimUser> | null;
    if (typeof u?.username !== "string" || typeof u.password !== "string") {
      throw new CliOptionError(`--users: entry ${i} needs string "username" and "password"`);
    }
    if (u.otp !== undefined && !/^\d{6}$/.test(String(u.otp))) {
      throw new CliOptionError(`--users: entry ${i} ("${u.username}") has an otp that is not 6 digits`);
    }
    if (u.totpSecret !== undefined && (typeof u.totpSecret !== "string" || !isTotpSecret(u.totpSecret))) {
      throw new CliOptionError(`--users: entry ${i} ("${u.username}") has a totpSecret that is not base32`);
    }
    if (u.totpSecret !== undefined && u.otp !== undefined) {
      throw new CliOptionError(`--users: entry ${i} ("${u.username}") has both otp and totpSecret`);
    }
  });
  return parsed as SimUser[];
}

export function parseCliOptions(raw: RawCliOptions): SimulatorOptions {
  const options: SimulatorOptions = {};
  const set = <K extends keyof SimulatorOptions>(key: K, value: SimulatorOptions[K] | undefined) => {
    if (value !== undefined) options[key] = value;
  };
  set("items", integer(raw.items, "--items", 0, 5_000_000));
  set("port", integer(raw.port, "--port", 0, 65_535));
  set("latencyMs", integer(raw.latencyMs, "--latency-ms", 0, 600_000));
  set("seed", integer(raw.seed, "--seed", 0, 2 ** 32 - 1));
  set("syncStepMs", integer(raw.syncStepMs, "--sync-step-ms", 0, 3_600_000));
  set("tokenTtlSeconds", integer(raw.tokenTtlSeconds, "--token-ttl-seconds", 1, 10 * 365 * 86_400));
  const perMinute = integer(raw.tokenRateLimit, "--token-rate-limit", 0, 1_000_000);
  if (perMinute !== undefined) {
    options.tokenRateLimit = perMinute === 0 ? false : { limit: perMinute, windowSeconds: 60 };
  }
  set("personalShape", oneOf<PersonalShape>(raw.personalShape, "--personal-shape", ["paged", "seed"]));
  set("keyset", oneOf<KeysetSupport>(raw.keyset, "--keyset", ["supported", "refuse"]));
  if (raw.host !== undefined) {
    if (raw.host.trim() === "") throw new CliOptionError("--host must not be empty");
    options.host = raw.host;
  }
  if (raw.users !== undefined) options.users = readUsers(raw.users);
  if (raw.trustProxy === true) options.trustProxy = true;
  return options;
}
