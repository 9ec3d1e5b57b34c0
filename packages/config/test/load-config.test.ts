import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../src/index.js";

const VSS = { VSS_API_URL: "https://vss.example", VSS_USERNAME: "alice", VSS_PASSWORD: "s3cret-pw" };

function failure(
  env: Record<string, string | undefined>,
  need: Parameters<typeof loadConfig>[1] = ["vss"],
): ConfigError {
  try {
    loadConfig(env, need);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error("loadConfig did not throw");
}

describe("loadConfig", () => {
  it("applies every default when only the required variables are set", () => {
    const config = loadConfig({ ...VSS, DATABASE_URL: "postgres://db/x", REDIS_URL: "redis://r:6379" }, [
      "vss",
      "database",
      "redis",
    ]);
    expect(config).toEqual({
      vss: { apiUrl: "https://vss.example", timeoutMs: 30_000, retries: 5 },
      accounts: [{ username: "alice", password: "s3cret-pw" }],
      dataDir: ".data/pglite",
      databaseUrl: "postgres://db/x",
      redisUrl: "redis://r:6379",
      sync: { concurrency: 8, personalPollMs: 5_000, personalTimeoutMs: 300_000 },
      worker: { concurrency: 2, healthHost: "0.0.0.0", healthPort: 8081 },
      schedule: { public: "0 2 * * *", personal: "0 2 * * *", timezone: "America/Toronto" },
      webhooks: {
        subscribers: [],
        batchSize: 100,
        attempts: 15,
        backoffMs: 10_000,
        timeoutMs: 10_000,
        dispatchIntervalMs: 60_000,
      },
      logLevel: "info",
    });
  });

  it("reads every tunable when set", () => {
    const config = loadConfig(
      {
        ...VSS,
        VSS_OTP: "123456",
        VSS_TIMEOUT_MS: "1000",
        VSS_RETRIES: "0",
        VSS_MAX_CONCURRENCY: "8",
        VSS_REQUESTS_PER_SECOND: "2.5",
        SYNC_CONCURRENCY: "6",
        PERSONAL_SYNC_POLL_MS: "100",
        PERSONAL_SYNC_TIMEOUT_MS: "2000",
        WORKER_CONCURRENCY: "3",
        WORKER_HEALTH_HOST: "127.0.0.1",
        WORKER_HEALTH_PORT: "0",
        SCHEDULE_PUBLIC: "*/5 * * * *",
        SCHEDULE_PERSONAL: "30 3 * * 1",
        SCHEDULE_TIMEZONE: "UTC",
        LOG_LEVEL: "debug",
      },
      ["vss"],
    );
    expect(config.vss).toEqual({
      apiUrl: "https://vss.example",
      timeoutMs: 1000,
      retries: 0,
      maxConcurrency: 8,
      requestsPerSecond: 2.5,
    });
    expect(config.accounts).toEqual([{ username: "alice", password: "s3cret-pw", otp: "123456" }]);
    expect(config.sync).toEqual({ concurrency: 6, personalPollMs: 100, personalTimeoutMs: 2000 });
    expect(config.worker).toEqual({ concurrency: 3, healthHost: "127.0.0.1", healthPort: 0 });
    expect(config.schedule).toEqual({ public: "*/5 * * * *", personal: "30 3 * * 1", timezone: "UTC" });
    expect(config.logLevel).toBe("debug");
  });

  it("treats blank variables as unset", () => {
    const config = loadConfig({ ...VSS, VSS_TIMEOUT_MS: "", VSS_OTP: "  ", LOG_LEVEL: "" }, ["vss"]);
    expect(config.vss.timeoutMs).toBe(30_000);
    expect(config.accounts[0]).toEqual({ username: "alice", password: "s3cret-pw" });
  });

  it("keeps a password exactly as written, spaces included", () => {
    const config = loadConfig({ ...VSS, VSS_PASSWORD: " pw " }, ["vss"]);
    expect(config.accounts[0]?.password).toBe(" pw ");
  });

  it("requires nothing for sections not needed", () => {
    const config = loadConfig({}, []);
    expect(config.accounts).toEqual([]);
    expect(config.vss.apiUrl).toBe("");
    expect(config.databaseUrl).toBe("");
    expect(config.redisUrl).toBe("");
  });

  it.each([
    ["vss", "VSS_API_URL", { ...VSS, VSS_API_URL: undefined }],
    ["vss", "VSS_USERNAME", { ...VSS, VSS_USERNAME: undefined }],
    ["vss", "VSS_PASSWORD", { ...VSS, VSS_PASSWORD: "" }],
    ["database", "DATABASE_URL", {}],
    ["redis", "REDIS_URL", {}],
  ] as const)("section %s requires %s", (section, variable, env) => {
    const error = failure(env, [section]);
    expect(error.variable).toBe(variable);
    expect(error.message).toMatch(new RegExp(`^${variable} is required`));
  });

  it.each([
    ["VSS_TIMEOUT_MS", "abc", 'VSS_TIMEOUT_MS must be a positive integer (got "abc")'],
    ["VSS_TIMEOUT_MS", "0", 'VSS_TIMEOUT_MS must be a positive integer (got "0")'],
    ["VSS_TIMEOUT_MS", "1e3", 'VSS_TIMEOUT_MS must be a positive integer (got "1e3")'],
    ["VSS_RETRIES", "-1", 'VSS_RETRIES must be a non-negative integer (got "-1")'],
    ["VSS_MAX_CONCURRENCY", "1.5", 'VSS_MAX_CONCURRENCY must be a positive integer (got "1.5")'],
    ["VSS_REQUESTS_PER_SECOND", "0", 'VSS_REQUESTS_PER_SECOND must be a positive number (got "0")'],
    ["SYNC_CONCURRENCY", "many", 'SYNC_CONCURRENCY must be a positive integer (got "many")'],
    ["PERSONAL_SYNC_POLL_MS", "x", 'PERSONAL_SYNC_POLL_MS must be a positive integer (got "x")'],
    ["PERSONAL_SYNC_TIMEOUT_MS", "-5", 'PERSONAL_SYNC_TIMEOUT_MS must be a positive integer (got "-5")'],
    ["WORKER_CONCURRENCY", "0", 'WORKER_CONCURRENCY must be a positive integer (got "0")'],
    ["WORKER_HEALTH_PORT", "70000", 'WORKER_HEALTH_PORT must be a port number from 0 to 65535 (got "70000")'],
    [
      "SCHEDULE_PUBLIC",
      "every night",
      'SCHEDULE_PUBLIC must be a cron expression such as "0 2 * * *" (got "every night")',
    ],
    [
      "SCHEDULE_PERSONAL",
      "61 * * * *",
      'SCHEDULE_PERSONAL must be a cron expression such as "0 2 * * *" (got "61 * * * *")',
    ],
    [
      "SCHEDULE_TIMEZONE",
      "Mars/Olympus",
      'SCHEDULE_TIMEZONE must be an IANA time zone such as "America/Toronto" (got "Mars/Olympus")',
    ],
    [
      "LOG_LEVEL",
      "loud",
      'LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent (got "loud")',
    ],
    ["VSS_API_URL", "ftp://vss.example", 'VSS_API_URL must be an http(s) URL (got "ftp://vss.example")'],
  ])("rejects %s=%j with a message naming it", (variable, value, message) => {
    const error = failure({ ...VSS, [variable]: value });
    expect(error.variable).toBe(variable);
    expect(error.message).toBe(message);
  });

  it("validates optional variables even when their section is not needed", () => {
    expect(failure({ REDIS_URL: "http://r" }, []).variable).toBe("REDIS_URL");
    expect(failure({ VSS_TIMEOUT_MS: "abc" }, []).variable).toBe("VSS_TIMEOUT_MS");
  });

  it.each(["public", "Public"])("rejects VSS_USERNAME=%s, the public scope's name", (username) => {
    const error = failure({ ...VSS, VSS_USERNAME: username });
    expect(error.variable).toBe("VSS_USERNAME");
  });

  it("lists the primary account without the vss section when only VSS_USERNAME is set", () => {
    expect(loadConfig({ VSS_USERNAME: "alice" }, []).accounts).toEqual([{ username: "alice", password: "" }]);
  });
});

describe("secrets in ConfigError messages", () => {
  it("masks the password of a DATABASE_URL with the wrong scheme", () => {
    const error = failure({ DATABASE_URL: "mysql://u:hunter2@db/x" }, ["database"]);
    expect(error.variable).toBe("DATABASE_URL");
    expect(error.message).toBe(
      'DATABASE_URL must be a postgres:// or postgresql:// URL (got "mysql://u:***@db/x")',
    );
    expect(error.message).not.toContain("hunter2");
  });

  it("masks a password query parameter", () => {
    const error = failure({ DATABASE_URL: "mysql://db/x?password=hunter2" }, ["database"]);
    expect(error.message).not.toContain("hunter2");
    expect(error.message).toContain("password=***");
  });

  it("does not echo a URL that does not parse, since it may hold a password", () => {
    const error = failure({ REDIS_URL: "redis//u:hunter2@r" }, ["redis"]);
    expect(error.message).toBe("REDIS_URL must be a redis:// or rediss:// URL");
  });

  it("masks a password in VSS_API_URL", () => {
    const error = failure({ ...VSS, VSS_API_URL: "ftp://u:hunter2@vss" });
    expect(error.message).not.toContain("hunter2");
  });

  it.each([
    [
      "http://jdoe:hunter2@vss.example",
      'VSS_API_URL must not hold a user name or password (got "http://jdoe:***@vss.example/")',
    ],
    [
      "https://jdoe@vss.example/",
      'VSS_API_URL must not hold a user name or password (got "https://jdoe@vss.example/")',
    ],
  ])("refuses credentials in VSS_API_URL (%s), masking the password", (url, message) => {
    const error = failure({ ...VSS, VSS_API_URL: url });
    expect(error.variable).toBe("VSS_API_URL");
    expect(error.message).toContain(message);
    expect(error.message).toContain("VSS_USERNAME and VSS_PASSWORD");
    expect(error.message).not.toContain("hunter2");
  });
});
