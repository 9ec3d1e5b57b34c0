// One class per failure kind, so callers branch with `instanceof`, never on message text. Which class a
// failure becomes is decided in one place: `makeError` (make-error.ts) for HTTP answers, `transport.ts`
// for network, timeout and body failures. No message, field or `cause` created here ever holds a password,
// a token or an Authorization header.

/** Base class of every error this client throws (except a caller's own abort reason). */
export class VssError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** The connection failed (refused, reset, DNS) before a complete answer arrived. Transient. */
export class VssConnectionError extends VssError {}

/** One attempt took longer than `timeoutMs`. Transient. */
export class VssTimeoutError extends VssError {
  constructor(
    message: string,
    readonly timeoutMs: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** Why an answer could not be used: cut short, not JSON, or JSON of the wrong shape. */
export type InvalidResponseReason = "truncated" | "invalid-json" | "shape";

/** The server answered 2xx but the body was truncated, not JSON, or not the documented envelope. */
export class VssInvalidResponseError extends VssError {
  constructor(
    message: string,
    readonly reason: InvalidResponseReason,
    readonly method: string,
    readonly path: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** Fields every HTTP error carries. */
export interface VssHttpErrorInit {
  status: number;
  /** Upstream short error (`error` in the JSON body), e.g. `bad_request`. */
  code: string | undefined;
  /** Upstream detail (`message` in the JSON body), often `ErrorCode: detail`. */
  detail: string | undefined;
  method: string;
  /** Request path and query, never the host (the token only goes to baseUrl anyway). */
  path: string;
}

/** The server answered with a non-2xx status. Subclasses name the status. */
export class VssHttpError extends VssError {
  readonly status: number;
  readonly code: string | undefined;
  readonly detail: string | undefined;
  readonly method: string;
  readonly path: string;
  constructor(init: VssHttpErrorInit, options?: { cause?: unknown }) {
    const upstream = [init.code, init.detail].filter(Boolean).join(": ");
    super(
      `${init.method} ${init.path} failed with HTTP ${init.status}${upstream ? ` (${upstream})` : ""}`,
      options,
    );
    this.status = init.status;
    this.code = init.code;
    this.detail = init.detail;
    this.method = init.method;
    this.path = init.path;
  }
}

/** 400: the request is malformed (bad filter, sort, page). Never retried. */
export class VssBadRequestError extends VssHttpError {}
/** 401: wrong credentials, or a token refused even after one fresh re-authentication. */
export class VssAuthError extends VssHttpError {}
/** 400 `InvalidParameterValue: otp`: the account has two-factor auth; pass `otp`. */
export class VssOtpRequiredError extends VssAuthError {}
/** 403: the account may not do this. Never retried. */
export class VssForbiddenError extends VssHttpError {}
/** 404: no such resource. Never retried. */
export class VssNotFoundError extends VssHttpError {}
/** 429: too many requests. Retried, honouring `Retry-After`. */
export class VssRateLimitError extends VssHttpError {
  constructor(
    init: VssHttpErrorInit,
    /** Delay asked for by `Retry-After`, in ms, if the header was present and valid. */
    readonly retryAfterMs: number | undefined,
    options?: { cause?: unknown },
  ) {
    super(init, options);
  }
}
/** 5xx: the server failed. Retried (see retry-policy.ts for why 500 is included). */
export class VssServerError extends VssHttpError {
  constructor(
    init: VssHttpErrorInit,
    /** Delay asked for by `Retry-After` (sent with 503), in ms, if present and valid. */
    readonly retryAfterMs: number | undefined,
    options?: { cause?: unknown },
  ) {
    super(init, options);
  }
}
