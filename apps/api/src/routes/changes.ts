// GET /changes?after=<cursor>&limit=<n>[&scope=<scope>]: the change feed for systems that poll. Answers
// `{changes, next}`; pass `next` as `after` to continue (it comes back unchanged when nothing is new, so
// a poller can keep asking with it). Cursors are stable across runs: see @vss-mirror/feed.
import type { DatabaseHandle } from "@vss-mirror/db";
import { InvalidCursorError, readChanges } from "@vss-mirror/feed";
import type { FastifyInstance } from "fastify";
import { errorBody } from "../api-error.js";

/** Changes per page when `limit` is not given. */
export const DEFAULT_CHANGES_LIMIT = 100;
/** Largest `limit` accepted. */
export const MAX_CHANGES_LIMIT = 1_000;

export interface ChangeRoutesDeps {
  database: DatabaseHandle;
}

interface ChangesQuery {
  after?: string | string[];
  limit?: string | string[];
  scope?: string | string[];
}

export function registerChangeRoutes(app: FastifyInstance, deps: ChangeRoutesDeps): void {
  app.get<{ Querystring: ChangesQuery }>("/changes", async (request, reply) => {
    const bad = (message: string) =>
      reply.code(400).send(errorBody(400, `InvalidParameterValue: ${message}`));
    const { after, limit: rawLimit, scope } = request.query;
    if (Array.isArray(after) || Array.isArray(rawLimit) || Array.isArray(scope)) {
      return bad("after, limit and scope may each be given once");
    }
    let limit = DEFAULT_CHANGES_LIMIT;
    if (rawLimit !== undefined) {
      if (!/^\d{1,7}$/.test(rawLimit) || Number(rawLimit) < 1 || Number(rawLimit) > MAX_CHANGES_LIMIT) {
        return bad(`limit must be an integer from 1 to ${MAX_CHANGES_LIMIT}`);
      }
      limit = Number(rawLimit);
    }
    if (scope !== undefined && (scope === "" || scope.length > 200)) {
      return bad("scope must be 1 to 200 characters");
    }
    try {
      return await readChanges(deps.database, {
        limit,
        ...(after === undefined || after === "" ? {} : { after }),
        ...(scope === undefined ? {} : { scope }),
      });
    } catch (error) {
      if (error instanceof InvalidCursorError) return bad(error.message);
      throw error;
    }
  });
}
