/** One VSS account. The password, OTP and TOTP secret are secrets: never log or print them. */
export interface VssAccount {
  username: string;
  password: string;
  /** A one-time code typed by a person: good for one login (interactive use). */
  otp?: string;
  /** The base32 TOTP secret of a two-factor account: each token request gets a fresh code. */
  totpSecret?: string;
}

/** One webhook subscriber (WEBHOOKS_FILE). The secret signs deliveries: never log or store it. */
export interface WebhookSubscriber {
  /** Unique; names the subscriber's cursor in vss.webhook_cursors and its deliveries. */
  id: string;
  /** Where change batches are POSTed (http or https). */
  url: string;
  /** A Standard Webhooks secret (`whsec_` + base64 of the HMAC key), checked at start. */
  secret: string;
  /**
   * The scopes whose changes it receives: "public" and/or usernames (personal stores); never any other's.
   * Unique, at least one. Default: ["public"].
   */
  scopes: string[];
  /**
   * Where it starts when it has no cursor yet (it is new, or its row in vss.webhook_cursors was
   * deleted): "end", only changes committed from then on (the default), or "beginning", the whole history.
   */
  from: "end" | "beginning";
}

/** Upstream client settings shared by every account. */
export interface VssSettings {
  /** `VSS_API_URL`. */
  apiUrl: string;
  /** `VSS_TIMEOUT_MS`. Default: 30000. */
  timeoutMs: number;
  /** `VSS_RETRIES`. Default: 5. */
  retries: number;
  /** `VSS_MAX_CONCURRENCY`. Default: unset (unlimited). */
  maxConcurrency?: number;
  /** `VSS_REQUESTS_PER_SECOND`. Default: unset (unlimited). */
  requestsPerSecond?: number;
}

export type LogLevel = "fatal" | "error" | "warn" | "info" | "debug" | "trace" | "silent";

export interface AppConfig {
  vss: VssSettings;
  /** Primary account (VSS_USERNAME/VSS_PASSWORD/VSS_OTP/VSS_TOTP_SECRET) first, then the accounts file's. Usernames unique, none "public". */
  accounts: VssAccount[];
  /** `DATABASE_URL`; empty when the "database" section was not needed and it is unset. */
  databaseUrl: string;
  /** `VSS_MIRROR_DATA_DIR`: the embedded database's folder, used when DATABASE_URL is unset (relative to the working directory). */
  dataDir: string;
  /** `REDIS_URL`; empty when the "redis" section was not needed and it is unset. */
  redisUrl: string;
  sync: {
    /** `SYNC_CONCURRENCY`: listing requests in flight per run. Default: 8. */
    concurrency: number;
    /** `PERSONAL_SYNC_POLL_MS`. Default: 5000. */
    personalPollMs: number;
    /** `PERSONAL_SYNC_TIMEOUT_MS`. Default: 300000. */
    personalTimeoutMs: number;
  };
  worker: {
    /** `WORKER_CONCURRENCY`: jobs run at once per worker process. Default: 2. */
    concurrency: number;
    /** `WORKER_HEALTH_HOST`. Default: 0.0.0.0. */
    healthHost: string;
    /** `WORKER_HEALTH_PORT` (0 picks a free port). Default: 8081. */
    healthPort: number;
  };
  schedule: {
    /** `SCHEDULE_PUBLIC` (node-cron expression). Default: "0 2 * * *". */
    public: string;
    /** `SCHEDULE_PERSONAL` (node-cron expression). Default: "0 2 * * *". */
    personal: string;
    /** `SCHEDULE_TIMEZONE` (IANA name). Default: "America/Toronto". */
    timezone: string;
  };
  webhooks: {
    /** `WEBHOOKS_FILE`'s subscribers; empty when unset. */
    subscribers: WebhookSubscriber[];
    /** `WEBHOOK_BATCH_SIZE`: most changes per delivery. Default: 100. */
    batchSize: number;
    /** `WEBHOOK_ATTEMPTS`: attempts per delivery job before the safety-net dispatcher takes over. Default: 15. */
    attempts: number;
    /** `WEBHOOK_BACKOFF_MS`: first retry delay, doubling each attempt. Default: 10000. */
    backoffMs: number;
    /** `WEBHOOK_TIMEOUT_MS`: how long a receiver has to answer. Default: 10000. */
    timeoutMs: number;
    /** `WEBHOOK_DISPATCH_INTERVAL_MS`: how often pending deliveries are (re-)enqueued. Default: 60000. */
    dispatchIntervalMs: number;
  };
  /** `LOG_LEVEL`. Default: "info". */
  logLevel: LogLevel;
}

/** The parts of the configuration whose variables a given app requires. */
export type ConfigSection = "vss" | "database" | "redis";
