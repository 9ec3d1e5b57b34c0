/** Counters since the client was created, for metrics. */
export interface VssStats {
  /** HTTP attempts started (each retry is one more). */
  requests: number;
  /** Retries of transient failures (not counting the one re-auth after a 401). */
  retries: number;
  /** Answers by HTTP status, e.g. `{ "200": 12, "503": 1 }`. */
  byStatus: Record<string, number>;
  /** Token requests made (`POST /auth/request-token` attempts that completed or not). */
  tokenRequests: number;
  /** Re-authentications after a 401 from a /v2 call. */
  reauths: number;
}

export function emptyStats(): VssStats {
  return { requests: 0, retries: 0, byStatus: {}, tokenRequests: 0, reauths: 0 };
}
