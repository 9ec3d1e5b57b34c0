// The one error type route code throws; the response helpers turn it into the documented JSON body
// `{status, error, message}` (docs/upstream-api.md, "Errors").

const SHORT_ERRORS: Record<number, string> = {
  400: "bad_request",
  401: "unauthorized",
  403: "forbidden",
  404: "not_found",
  405: "method_not_allowed",
  409: "conflict",
  413: "payload_too_large",
  415: "unsupported_media_type",
  429: "too_many_requests",
  500: "internal_error",
  502: "bad_gateway",
  503: "service_unavailable",
  504: "gateway_timeout",
};

export interface ErrorBody {
  status: number;
  error: string;
  message: string;
}

/** The `error` word for a status, e.g. 404 -> "not_found". */
export function shortError(status: number): string {
  return SHORT_ERRORS[status] ?? (status >= 500 ? "server_error" : "client_error");
}

export function errorBody(status: number, message: string): ErrorBody {
  return { status, error: shortError(status), message };
}

export class SimHttpError extends Error {
  /** Named like fastify's own errors so its machinery (content-type parsers) keeps the status. */
  readonly statusCode: number;
  readonly headers: Record<string, string>;

  constructor(status: number, message: string, headers: Record<string, string> = {}, options?: ErrorOptions) {
    super(message, options);
    this.name = "SimHttpError";
    this.statusCode = status;
    this.headers = headers;
  }

  get body(): ErrorBody {
    return errorBody(this.statusCode, this.message);
  }
}

/** 400 with the `InvalidParameterValue: ...` message the real API uses for bad query parameters. */
export function badParameter(detail: string): SimHttpError {
  return new SimHttpError(400, `InvalidParameterValue: ${detail}`);
}
