// The one error type route code throws; the error handler turns it into the upstream's JSON body
// `{status, error, message}` (docs/upstream-api.md, "Errors"), with the same words the simulator uses.

const SHORT_ERRORS: Record<number, string> = {
  400: "bad_request",
  401: "unauthorized",
  403: "forbidden",
  404: "not_found",
  405: "method_not_allowed",
  413: "payload_too_large",
  415: "unsupported_media_type",
  429: "too_many_requests",
  500: "internal_error",
  503: "service_unavailable",
};

export interface ErrorBody {
  status: number;
  error: string;
  message: string;
}

export function errorBody(status: number, message: string): ErrorBody {
  const error = SHORT_ERRORS[status] ?? (status >= 500 ? "server_error" : "client_error");
  return { status, error, message };
}

export class ApiError extends Error {
  /** Named like fastify's own errors so that its machinery keeps the status. */
  readonly statusCode: number;
  readonly headers: Record<string, string>;

  constructor(status: number, message: string, headers: Record<string, string> = {}, options?: ErrorOptions) {
    super(message, options);
    this.name = "ApiError";
    this.statusCode = status;
    this.headers = headers;
  }

  get body(): ErrorBody {
    return errorBody(this.statusCode, this.message);
  }
}

/** 400 with the `InvalidParameterValue: ...` message the upstream uses for bad query parameters. */
export function badParameter(detail: string): ApiError {
  return new ApiError(400, `InvalidParameterValue: ${detail}`);
}
