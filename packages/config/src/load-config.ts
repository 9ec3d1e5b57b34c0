import type { AppConfig, ConfigSection, VssAccount, VssSettings } from "./app-config.js";
import { ConfigError } from "./config-error.js";
import { DEFAULT_DATA_DIR } from "./config-variables.js";
import { type Env, parseVar, readVar, requireVar } from "./env-value.js";
import { isBase32 } from "./is-base32.js";
import { maskUrl } from "./mask-url.js";
import { readAccountsFile } from "./read-accounts-file.js";
import { readWebhooksFile } from "./read-webhooks-file.js";
import {
  cronExpression,
  logLevel,
  nonEmpty,
  nonNegativeInt,
  port,
  positiveInt,
  positiveNumber,
  timeZone,
  urlWithProtocol,
} from "./schemas.js";

/**
 * Validates `env` (pass process.env from an app's env.ts). Only the sections in `need` have required
 * variables; every variable that is set is validated either way, so a typo fails at start in every app.
 * Throws ConfigError naming the first bad variable.
 */
export function loadConfig(env: Env, need: ConfigSection[]): AppConfig {
  const needs = new Set(need);
  return {
    vss: vssSettings(env, needs.has("vss")),
    accounts: accounts(env, needs.has("vss")),
    databaseUrl: serviceUrl(env, "DATABASE_URL", ["postgres:", "postgresql:"], needs.has("database")),
    dataDir: readVar(env, "VSS_MIRROR_DATA_DIR")?.trim() || DEFAULT_DATA_DIR,
    redisUrl: serviceUrl(env, "REDIS_URL", ["redis:", "rediss:"], needs.has("redis")),
    sync: {
      concurrency: parseVar(env, "SYNC_CONCURRENCY", positiveInt, {
        expected: "a positive integer",
        fallback: 8,
      }),
      personalPollMs: parseVar(env, "PERSONAL_SYNC_POLL_MS", positiveInt, {
        expected: "a positive integer",
        fallback: 5_000,
      }),
      personalTimeoutMs: parseVar(env, "PERSONAL_SYNC_TIMEOUT_MS", positiveInt, {
        expected: "a positive integer",
        fallback: 300_000,
      }),
    },
    worker: {
      concurrency: parseVar(env, "WORKER_CONCURRENCY", positiveInt, {
        expected: "a positive integer",
        fallback: 2,
      }),
      healthHost: parseVar(env, "WORKER_HEALTH_HOST", nonEmpty, {
        expected: "a host name",
        fallback: "0.0.0.0",
      }),
      healthPort: parseVar(env, "WORKER_HEALTH_PORT", port, {
        expected: "a port number from 0 to 65535",
        fallback: 8081,
      }),
    },
    schedule: {
      public: parseVar(env, "SCHEDULE_PUBLIC", cronExpression, {
        expected: 'a cron expression such as "0 2 * * *"',
        fallback: "0 2 * * *",
      }),
      personal: parseVar(env, "SCHEDULE_PERSONAL", cronExpression, {
        expected: 'a cron expression such as "0 2 * * *"',
        fallback: "0 2 * * *",
      }),
      timezone: parseVar(env, "SCHEDULE_TIMEZONE", timeZone, {
        expected: 'an IANA time zone such as "America/Toronto"',
        fallback: "America/Toronto",
      }),
    },
    webhooks: webhookSettings(env),
    logLevel: parseVar(env, "LOG_LEVEL", logLevel, {
      expected: "one of fatal, error, warn, info, debug, trace, silent",
      fallback: "info",
    }),
  };
}

function webhookSettings(env: Env): AppConfig["webhooks"] {
  const file = readVar(env, "WEBHOOKS_FILE")?.trim();
  const int = (name: string, fallback: number) =>
    parseVar(env, name, positiveInt, { expected: "a positive integer", fallback });
  return {
    subscribers: file === undefined ? [] : readWebhooksFile(file),
    batchSize: int("WEBHOOK_BATCH_SIZE", 100),
    attempts: int("WEBHOOK_ATTEMPTS", 15),
    backoffMs: int("WEBHOOK_BACKOFF_MS", 10_000),
    timeoutMs: int("WEBHOOK_TIMEOUT_MS", 10_000),
    dispatchIntervalMs: int("WEBHOOK_DISPATCH_INTERVAL_MS", 60_000),
  };
}

function vssSettings(env: Env, required: boolean): VssSettings {
  const apiUrl = required
    ? requireVar(env, "VSS_API_URL", "the VSS Cloud API root URL")
    : readVar(env, "VSS_API_URL");
  if (apiUrl !== undefined) {
    parseVar(env, "VSS_API_URL", urlWithProtocol(["http:", "https:"]), {
      expected: "an http(s) URL",
      show: maskUrl,
    });
    // Credentials in the URL would travel with every request and into every message that shows it;
    // the account belongs in VSS_USERNAME and VSS_PASSWORD.
    const url = new URL(apiUrl.trim());
    if (url.username !== "" || url.password !== "") {
      throw new ConfigError(
        "VSS_API_URL",
        `VSS_API_URL must not hold a user name or password (got ${JSON.stringify(maskUrl(apiUrl.trim()))}): ` +
          "give the account in VSS_USERNAME and VSS_PASSWORD",
      );
    }
  }
  const settings: VssSettings = {
    apiUrl: apiUrl?.trim() ?? "",
    timeoutMs: parseVar(env, "VSS_TIMEOUT_MS", positiveInt, {
      expected: "a positive integer",
      fallback: 30_000,
    }),
    retries: parseVar(env, "VSS_RETRIES", nonNegativeInt, {
      expected: "a non-negative integer",
      fallback: 5,
    }),
  };
  const maxConcurrency = parseVar(env, "VSS_MAX_CONCURRENCY", positiveInt, {
    expected: "a positive integer",
  });
  if (maxConcurrency !== undefined) settings.maxConcurrency = maxConcurrency;
  const requestsPerSecond = parseVar(env, "VSS_REQUESTS_PER_SECOND", positiveNumber, {
    expected: "a positive number",
  });
  if (requestsPerSecond !== undefined) settings.requestsPerSecond = requestsPerSecond;
  return settings;
}

/**
 * Primary account first, then the file's. Without the "vss" section a primary account is still listed
 * when VSS_USERNAME is set (the scheduler needs the usernames, not the passwords), with an empty
 * password if VSS_PASSWORD is unset; `vssClientOptions` refuses such an account.
 */
function accounts(env: Env, required: boolean): VssAccount[] {
  const list: VssAccount[] = [];
  const username = required
    ? requireVar(env, "VSS_USERNAME", "the primary VSS account name").trim()
    : readVar(env, "VSS_USERNAME")?.trim();
  const password = required
    ? requireVar(env, "VSS_PASSWORD", "the primary account's password")
    : readVar(env, "VSS_PASSWORD");
  const otp = readVar(env, "VSS_OTP")?.trim();
  const totpSecret = readVar(env, "VSS_TOTP_SECRET")?.trim();
  if (otp !== undefined && totpSecret !== undefined) {
    throw new ConfigError("VSS_TOTP_SECRET", "set VSS_OTP or VSS_TOTP_SECRET, not both");
  }
  if (totpSecret !== undefined && !isBase32(totpSecret)) {
    throw new ConfigError("VSS_TOTP_SECRET", "VSS_TOTP_SECRET is not a base32 string (A-Z, 2-7)");
  }
  if (username !== undefined) {
    if (isReserved(username)) {
      throw new ConfigError(
        "VSS_USERNAME",
        'VSS_USERNAME must not be "public" (that name is the public catalogue\'s scope)',
      );
    }
    const primary: VssAccount = { username, password: password ?? "" };
    if (otp !== undefined) primary.otp = otp;
    if (totpSecret !== undefined) primary.totpSecret = totpSecret;
    list.push(primary);
  }
  const file = readVar(env, "VSS_ACCOUNTS_FILE")?.trim();
  if (file !== undefined) {
    readAccountsFile(file).forEach((account, index) => {
      if (isReserved(account.username)) {
        throw new ConfigError(
          "VSS_ACCOUNTS_FILE",
          `VSS_ACCOUNTS_FILE: ${file}, entry ${index}: username must not be "public" (that name is the public catalogue's scope)`,
        );
      }
      const clash = list.find((other) => sameUser(other.username, account.username));
      if (clash) {
        throw new ConfigError(
          "VSS_ACCOUNTS_FILE",
          `VSS_ACCOUNTS_FILE: ${file}, entry ${index}: username "${account.username}" is listed twice (usernames must be unique, VSS_USERNAME included)`,
        );
      }
      list.push(account);
    });
  }
  return list;
}

// Case-insensitive, so that two spellings of one account never become two scopes.
function sameUser(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

function isReserved(username: string): boolean {
  return sameUser(username, "public");
}

function serviceUrl(env: Env, name: string, protocols: string[], required: boolean): string {
  const schemes = protocols.map((p) => `${p}//`).join(" or ");
  if (required) requireVar(env, name, `a ${schemes} URL`);
  return (
    parseVar(env, name, urlWithProtocol(protocols), {
      expected: `a ${schemes} URL`,
      show: maskUrl,
      fallback: "",
    }) ?? ""
  );
}
