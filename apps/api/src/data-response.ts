// Every data answer (lists and items) goes through here: it resolves the scope's last successful run,
// sends the freshness header, answers 304 when the client already has this response, and serves or fills
// the response cache. The ETag comes from what the body depends on (the scope's commit number, the caller,
// the url and the host the urls are built from), so a 304 costs one small query and no item query.
import { createHash } from "node:crypto";
import type { FastifyReply, FastifyRequest } from "fastify";
import type { ApiDeps } from "./api-deps.js";
import { ApiError } from "./api-error.js";
import type { ApiPrincipal } from "./authenticate.js";
import { JSON_TYPE, sendJson } from "./send-json.js";
import type { ScopeState } from "./scope-state.js";

/** The header saying when the scope was last synced successfully (ISO 8601, UTC). */
export const SYNCED_AT_HEADER = "x-mirror-synced-at";

/** `http://host:port`, from the Host header, so urls work behind whatever address the client used. */
export function baseUrl(request: FastifyRequest): string {
  return `${request.protocol}://${request.host}`;
}

export interface DataResponseInput {
  request: FastifyRequest;
  reply: FastifyReply;
  deps: ApiDeps;
  principal: ApiPrincipal;
  scope: string;
  /** Builds the body's JSON text; throws ApiError for a 4xx. Runs only on a cache miss. */
  compute: (state: ScopeState, base: string) => Promise<string>;
}

/** RFC 9110 §13.1.2: If-None-Match compares weakly, and `*` matches any current representation. */
function notModified(header: string | undefined, etag: string): boolean {
  if (header === undefined) return false;
  return header
    .split(",")
    .map((tag) => tag.trim().replace(/^W\//, ""))
    .some((tag) => tag === "*" || tag === etag);
}

export async function dataResponse(input: DataResponseInput): Promise<FastifyReply> {
  const { request, reply, deps, principal, scope } = input;
  const state = await deps.scopes.get(scope);
  if (!state) {
    throw scope === "public"
      ? new ApiError(503, "ServiceUnavailable: the public catalogue has not been mirrored yet; run a sync")
      : new ApiError(404, `NotFound: the personal store of "${scope}" has not been mirrored yet`);
  }
  const base = baseUrl(request);
  const key = `${scope}\n${state.commitSeq}\n${principal.name}\n${base}\n${request.url}`;
  // A hit brings its ETag and headers along (they follow from the key), and its body as bytes.
  const cached = deps.cache.get(key);
  const etag = cached?.etag ?? `"${createHash("sha256").update(key).digest("base64url").slice(0, 27)}"`;
  const headers = cached?.headers ?? {
    etag,
    [SYNCED_AT_HEADER]: state.syncedAt.toISOString(),
    // Clients may keep the answer but must revalidate: the next sync can change it at any time.
    "cache-control": "no-cache",
  };
  if (notModified(request.headers["if-none-match"], etag)) {
    deps.metrics.cacheHit("not_modified");
    return reply.code(304).headers(headers).type(JSON_TYPE).send();
  }
  if (cached) {
    deps.metrics.cacheHit("memory");
    return sendJson(reply, 200, cached.body, headers);
  }
  // Rows are read after the state, so they are at least as new as the commit in the key: an entry may
  // be newer than its key says, never older.
  const body = await input.compute(state, base);
  if (!deps.cache.enabled) return sendJson(reply, 200, body, headers);
  // Kept as bytes: a hit then sends them as they are, with no text to encode.
  const bytes = Buffer.from(body);
  deps.cache.set(key, { body: bytes, etag, headers });
  return sendJson(reply, 200, bytes, headers);
}
