// GET /changes?after=<cursor>&limit=<n>[&scope=<scope>]: the change feed for systems that poll. Answers
// `{changes, next}`; pass `next` as `after` to continue (it comes back unchanged when nothing is new, so
// a poller can keep asking with it). Cursors are stable across runs: see @vss-mirror/feed.
//
// A token reads what it may read everywhere else: the public catalogue and its own personal store (its
// `user` in API_TOKENS_FILE), never another's. The feed is filtered in the same ordered read that pages
// it, so following `next` neither skips nor repeats a change the token may see.
import { InvalidCursorError, readChanges } from "@vss-mirror/feed";
import type { FastifyInstance } from "fastify";
import type { ApiDeps } from "../api-deps.js";
import { ApiError, badParameter } from "../api-error.js";
import type { ApiPrincipal } from "../authenticate.js";

/** Changes per page when `limit` is not given. */
export const DEFAULT_CHANGES_LIMIT = 100;
/** Largest `limit` accepted. */
export const MAX_CHANGES_LIMIT = 1_000;

export type ChangeRoutesDeps = Pick<ApiDeps, "database" | "auth">;

interface ChangesQuery {
  after?: string | string[];
  limit?: string | string[];
  scope?: string | string[];
}

/** The scopes a caller may read: the public catalogue, and its own personal store if it has one. */
export function readableScopes(principal: ApiPrincipal): string[] {
  return principal.user === undefined ? ["public"] : ["public", principal.user];
}

export function registerChangeRoutes(app: FastifyInstance, deps: ChangeRoutesDeps): void {
  app.get<{ Querystring: ChangesQuery }>("/changes", async (request) => {
    const principal = await deps.auth.authenticate(request);
    const { after, limit: rawLimit, scope } = request.query;
    if (Array.isArray(after) || Array.isArray(rawLimit) || Array.isArray(scope)) {
      throw badParameter("after, limit and scope may each be given once");
    }
    let limit = DEFAULT_CHANGES_LIMIT;
    if (rawLimit !== undefined) {
      if (!/^\d{1,7}$/.test(rawLimit) || Number(rawLimit) < 1 || Number(rawLimit) > MAX_CHANGES_LIMIT) {
        throw badParameter(`limit must be an integer from 1 to ${MAX_CHANGES_LIMIT}`);
      }
      limit = Number(rawLimit);
    }
    if (scope !== undefined && (scope === "" || scope.length > 200)) {
      throw badParameter("scope must be 1 to 200 characters");
    }
    const readable = readableScopes(principal);
    if (scope !== undefined && !readable.includes(scope)) {
      throw new ApiError(
        403,
        `Forbidden: token "${principal.name}" may read the changes of ${readable.map((s) => `"${s}"`).join(" and ")} only, not of scope "${scope}"`,
      );
    }
    try {
      return await readChanges(deps.database, {
        limit,
        scopes: scope === undefined ? readable : [scope],
        ...(after === undefined || after === "" ? {} : { after }),
      });
    } catch (error) {
      if (error instanceof InvalidCursorError) throw badParameter(error.message);
      throw error;
    }
  });
}
