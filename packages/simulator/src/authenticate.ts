// Bearer-token check for every /v2 route. 401 for missing, malformed, expired or revoked tokens
// (docs/upstream-api.md, "Logging in"; the status is assumed).
import type { FastifyRequest } from "fastify";
import { SimHttpError } from "./http-error.js";
import type { SimState } from "./sim-state.js";

/** The caller's username; throws a 401 SimHttpError otherwise. */
export function authenticate(request: FastifyRequest, state: SimState): string {
  const header = request.headers.authorization;
  if (header === undefined)
    throw new SimHttpError(401, "Unauthorized: missing Authorization: Bearer <token>");
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  if (!match) throw new SimHttpError(401, "Unauthorized: Authorization header must be Bearer <token>");
  const result = state.tokens.verify(match[1]!);
  if ("problem" in result) throw new SimHttpError(401, result.problem);
  if (!state.users.has(result.username))
    throw new SimHttpError(401, "Unauthorized: token user no longer exists");
  return result.username;
}

/** `http://host:port`, from the request's Host header so urls work behind any address the client used. */
export function baseUrl(request: FastifyRequest): string {
  return `${request.protocol}://${request.host}`;
}
