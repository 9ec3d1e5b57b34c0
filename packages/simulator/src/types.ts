// Wire and option types shared by the server, the control client and the CLI.
// Shapes follow docs/upstream-api.md; option defaults are documented where they are declared.

/** One ISO image as the API sends it. Extra, undocumented fields are allowed (the real API may add some). */
export interface SimIso {
  id: number;
  name: string;
  path: string;
  data_store: string;
  public: boolean;
  created_on: string;
  updated_on: string;
  [extra: string]: unknown;
}

/** An item as given by a test: any subset of the fields; the simulator fills in the rest. */
export type SimIsoInput = Partial<SimIso>;

/** A user account of the simulated API. */
export interface SimUser {
  username: string;
  password: string;
  /** A fixed 6-digit code; when set, the account has two-factor auth and must send `{"otp": ...}`. */
  otp?: string;
  /**
   * A base32 TOTP secret (RFC 6238, SHA-1, 6 digits, 30 s); when set, the account has two-factor auth and
   * must send its current code as `{"otp": ...}`. Exclusive with `otp`.
   */
  totpSecret?: string;
  /** The personal ISO listing at start. Default: empty. */
  personal?: SimIsoInput[];
  /** What the user's file store holds; it becomes the listing after a PROCESSED sync. Default: `personal`. */
  files?: SimIsoInput[];
}

/** Request states of `/v2/request/image_sync/:id` (docs/upstream-api.md, "The personal store"). */
export type SyncStatus =
  | "SUBMITTED"
  | "PENDING"
  | "IN_PROGRESS"
  | "APPROVAL_REQUIRED"
  | "PROCESSED"
  | "SCHEDULED"
  | "ERROR"
  | "ERROR_RETRY"
  | "CANCELLED";

/** Final states a test can choose for a user's next syncs. */
export type SyncOutcome = "PROCESSED" | "ERROR" | "CANCELLED" | "ERROR_RETRY" | "SCHEDULED";

export type FaultKind =
  "latency" | "status" | "reset" | "truncate" | "invalid-json" | "slow" | "expire-token";

export interface FaultMatch {
  /** HTTP method, case-insensitive. Default: any. */
  method?: string;
  /** Exact path (no query), or a prefix when it ends with `*`. Default: any. */
  path?: string;
  /** The `page` query parameter (absent counts as 1). Default: any. */
  page?: number;
}

export interface FaultRule {
  kind: FaultKind;
  match?: FaultMatch;
  /** Probability in [0,1] per matching request, drawn from the seeded PRNG. Default 1. */
  rate?: number;
  /** Let the first `after` matching requests through untouched. Default 0. */
  after?: number;
  /** Apply at most this many times. Default: unlimited. */
  times?: number;
  /** For `status`: the HTTP status to answer. Default 503. */
  status?: number;
  /** For `status`: Retry-After header, seconds or an HTTP date. Default: no header. */
  retryAfter?: number | string;
  /** For `latency` and `slow`: how long to wait. Default 0 for latency, 10000 for slow. */
  delayMs?: number;
}

export interface SimStats {
  requests: number;
  byRoute: Record<string, number>;
  byStatus: Record<string, number>;
  faultsApplied: Record<string, number>;
  tokensIssued: number;
}

/** What one churn operation does to a listing. */
export type ChurnOperation = "delete" | "add" | "rename";

/** Body of `PUT /_control/churn`: the catalogue changes while a sync walks it. */
export interface ChurnOptions {
  /** "public", or the username whose personal listing changes. Default "public". */
  scope?: string;
  /**
   * Apply one change after every n-th answered request to the scope's list or item endpoints (GET
   * `/v2/iso`, `/v2/iso/:id` for public; that user's GET `/v2/user/image/iso`, `.../:id`), after the
   * answer is built. Exactly one of `everyRequests` and `intervalMs`.
   */
  everyRequests?: number;
  /** Apply one change every `intervalMs` ms, on an unref'd timer. Exactly one of the two. */
  intervalMs?: number;
  /** Seed of the PRNG picking operations, targets and names. Default: the simulator's seed. */
  seed?: number;
  /** Operations to pick from, uniformly (repeat one to weight it). Default all three. */
  operations?: ChurnOperation[];
  /** Operations per change. Default 1. */
  perChange?: number;
}

/** One applied churn operation; `id` is the deleted, added or renamed item. */
export interface ChurnChange {
  /** When it was applied, ISO 8601 UTC. */
  at: string;
  op: ChurnOperation;
  id: number;
}

/** `GET /_control/churn`: every operation applied since the churn was set, and whether it still runs. */
export interface ChurnLog {
  changes: ChurnChange[];
  active: boolean;
}

/** Whether list endpoints filter and sort by `id` (see `SimulatorOptions.keyset`). */
export type KeysetSupport = "supported" | "refuse";

/** What the simulated upstream can do; `PUT /_control/capabilities` changes it at runtime. */
export interface SimCapabilities {
  keyset: KeysetSupport;
}

/** How `GET /v2/user/image/iso` answers (see `SimulatorOptions.personalShape`). */
export type PersonalShape = "paged" | "seed";

export interface SimulatorOptions {
  /** Public catalogue size. Default 224 (the realistic default catalogue). */
  items?: number;
  /** Catalogue and fault PRNG seed; same seed and items give a byte-identical catalogue. Default 1. */
  seed?: number;
  /** Interface to listen on. Default "127.0.0.1". */
  host?: string;
  /** Port to listen on. Default 0 (ephemeral). */
  port?: number;
  /** Added to every non-control request. Default 0. */
  latencyMs?: number;
  /** Accounts. Default: DEFAULT_USERS (alice: plain; bob: two-factor, otp "123456"). */
  users?: SimUser[];
  /** Token lifetime. Default 86400 (24 h, as documented). */
  tokenTtlSeconds?: number;
  /** Token endpoint rate limit per username, or false for none. Default {limit: 5, windowSeconds: 60}. */
  tokenRateLimit?: { limit: number; windowSeconds: number } | false;
  /** Personal sync: SUBMITTED -> IN_PROGRESS after one step, -> final state after another. Default 100. */
  syncStepMs?: number;
  /**
   * Shape of the personal listing `GET /v2/user/image/iso`. "paged": the list envelope every list endpoint
   * uses (`meta.pages`, `page`/`per_page` honoured, item urls without `expand`). "seed": as the upstream's
   * seed page shows it (docs/upstream-api.md, "The personal store"): `_links` {self, user}, `data` as item objects even
   * without `expand`, `meta` of only count, time and user; `filter` and `sort` apply, `page` and `per_page`
   * are ignored, so every match comes in one answer. Default "paged".
   */
  personalShape?: PersonalShape;
  /**
   * "refuse": every list request whose `filter` or `sort` names `id` answers 400 with the JSON error body,
   * like an upstream that cannot filter or sort by id, so a client's fallback to page walks can be tested.
   * Page walks (`page=N`, sorts on other fields or none) keep working. Changeable at runtime with
   * `PUT /_control/capabilities`; reset restores this value. Default "supported".
   */
  keyset?: KeysetSupport;
  /**
   * Behind a proxy: build absolute urls from X-Forwarded-Proto and X-Forwarded-Host (fastify's
   * trustProxy), as the cache API does with TRUST_PROXY. Default false.
   */
  trustProxy?: boolean;
}
