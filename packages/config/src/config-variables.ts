/** The embedded database's folder when VSS_MIRROR_DATA_DIR is unset, relative to the working directory. */
export const DEFAULT_DATA_DIR = ".data/pglite";

/** One documented environment variable. */
export interface ConfigVariable {
  name: string;
  /** Default when unset; absent when the variable is required or unset means "none". */
  default?: string;
  description: string;
  /** True when the value must never be printed or logged. */
  secret?: boolean;
}

/** Every variable, its default and what it does (for the README's configuration reference). */
export const CONFIG_VARIABLES: ConfigVariable[] = [
  {
    name: "VSS_API_URL",
    description: "VSS Cloud API root URL (http or https). Required by apps that call VSS.",
  },
  {
    name: "VSS_USERNAME",
    description: "Primary VSS account; syncs the public catalogue and its own personal store.",
  },
  { name: "VSS_PASSWORD", description: "Password of the primary account.", secret: true },
  {
    name: "VSS_OTP",
    description:
      "One-time code of the primary account (two-factor), for an interactive run: a code is good for one login, so unattended runs use VSS_TOTP_SECRET.",
    secret: true,
  },
  {
    name: "VSS_TOTP_SECRET",
    description:
      "Base32 TOTP secret (RFC 6238) of the primary two-factor account: every token request sends a fresh code. Exclusive with VSS_OTP.",
    secret: true,
  },
  {
    name: "VSS_ACCOUNTS_FILE",
    description:
      'Path of a JSON file listing more accounts whose personal stores are mirrored: [{"username", "password", "otp"?, "totpSecret"?}].',
    secret: true,
  },
  { name: "VSS_TIMEOUT_MS", default: "30000", description: "Per-attempt HTTP timeout, in ms." },
  { name: "VSS_RETRIES", default: "5", description: "Retries of a transient upstream failure per request." },
  {
    name: "VSS_MAX_CONCURRENCY",
    description: "Cap on HTTP requests in flight per process (unset: unlimited).",
  },
  {
    name: "VSS_REQUESTS_PER_SECOND",
    description: "Cap on HTTP requests started per second (unset: unlimited).",
  },
  {
    name: "DATABASE_URL",
    description: "PostgreSQL connection URL (postgres://...). Its password is only ever printed masked.",
    secret: true,
  },
  {
    name: "VSS_MIRROR_DATA_DIR",
    default: DEFAULT_DATA_DIR,
    description:
      "Data folder of the embedded PostgreSQL (PGlite) that the CLI, `vss-mirror serve` and `pnpm api` use when DATABASE_URL is unset.",
  },
  {
    name: "REDIS_URL",
    description:
      "Redis URL for the BullMQ queue (redis:// or rediss://). Its password is only ever printed masked.",
    secret: true,
  },
  {
    name: "SYNC_CONCURRENCY",
    default: "8",
    description: "Listing requests one sync run keeps in flight (id ranges walked side by side).",
  },
  {
    name: "PERSONAL_SYNC_POLL_MS",
    default: "5000",
    description: "Poll interval while a personal store syncs upstream.",
  },
  {
    name: "PERSONAL_SYNC_TIMEOUT_MS",
    default: "300000",
    description: "How long to wait for a personal store's upstream sync before failing the run.",
  },
  { name: "WORKER_CONCURRENCY", default: "2", description: "Sync jobs one worker process runs at once." },
  {
    name: "WORKER_HEALTH_HOST",
    default: "0.0.0.0",
    description: "Address the worker's HTTP endpoint (/healthz, /metrics, /admin/queues) listens on.",
  },
  {
    name: "WORKER_HEALTH_PORT",
    default: "8081",
    description: "Port of the worker's HTTP endpoint (0: any free port).",
  },
  {
    name: "SCHEDULE_PUBLIC",
    default: "0 2 * * *",
    description: "node-cron expression for syncing the public catalogue.",
  },
  {
    name: "SCHEDULE_PERSONAL",
    default: "0 2 * * *",
    description: "node-cron expression for syncing the personal stores.",
  },
  {
    name: "SCHEDULE_TIMEZONE",
    default: "America/Toronto",
    description: "IANA time zone the schedules are read in.",
  },
  {
    name: "API_TOKENS_FILE",
    description:
      'Path of a JSON file of the cache API\'s bearer tokens: [{"token", "name", "user"?}] (user: the personal store it may read). Required by `pnpm api`.',
    secret: true,
  },
  { name: "API_HOST", default: "0.0.0.0", description: "Address the cache API listens on." },
  { name: "API_PORT", default: "8080", description: "Port of the cache API (0: any free port)." },
  {
    name: "API_CACHE_ENTRIES",
    default: "1000",
    description: "Responses the cache API keeps in memory, per URL and sync (0: none).",
  },
  {
    name: "API_JWT_SECRET",
    description:
      "HS256 key (at least 32 characters) of the JWTs the cache API's /auth/request-token hands out; unset: a random key per process, so tokens die with it.",
    secret: true,
  },
  {
    name: "API_TOKEN_RATE_LIMIT",
    default: "5",
    description: "Token requests the cache API allows per username per minute (0: no limit).",
  },
  {
    name: "TRUST_PROXY",
    description:
      "Cache API behind a proxy: true, or comma-separated proxy addresses/CIDRs; absolute URLs then follow X-Forwarded-Proto and X-Forwarded-Host.",
  },
  {
    name: "WEBHOOKS_FILE",
    description:
      'Path of a JSON file of webhook subscribers receiving signed change batches: [{"id", "url", "secret", "scopes"?, "from"?}] (docs/webhooks.md).',
    secret: true,
  },
  { name: "WEBHOOK_BATCH_SIZE", default: "100", description: "Most changes per webhook delivery." },
  {
    name: "WEBHOOK_ATTEMPTS",
    default: "15",
    description: "Attempts per webhook delivery before it waits for the next dispatch interval.",
  },
  {
    name: "WEBHOOK_BACKOFF_MS",
    default: "10000",
    description: "First retry delay of a failed webhook delivery, in ms; doubles each attempt.",
  },
  {
    name: "WEBHOOK_TIMEOUT_MS",
    default: "10000",
    description: "How long a webhook receiver has to answer, in ms.",
  },
  {
    name: "WEBHOOK_DISPATCH_INTERVAL_MS",
    default: "60000",
    description: "How often the worker re-enqueues pending webhook deliveries (a safety net), in ms.",
  },
  { name: "LOG_LEVEL", default: "info", description: "fatal, error, warn, info, debug, trace or silent." },
];
