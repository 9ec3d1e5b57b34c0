// Who is calling. Two kinds of bearer token are accepted: the API tokens of API_TOKENS_FILE (scripts
// that talk to the mirror directly), and the JWTs /auth/request-token hands out for them (clients
// written for the upstream, which always log in first). API tokens are looked up by their SHA-256, so
// the lookup's timing says nothing about a token's characters, and the plain tokens are not kept beyond
// start; a JWT names its API token by that digest, so it dies with the token's entry in the file.
import { createHash } from "node:crypto";
import type { ApiToken } from "@vss-mirror/config";
import type { FastifyRequest } from "fastify";
import type { AccessTokens } from "./access-tokens.js";
import { ApiError } from "./api-error.js";

/** Who is calling: the token's name (used in logs), the personal scope it may read, and its user. */
export interface ApiPrincipal {
  name: string;
  /** The personal scope (VSS username) it may read; none when the token has no `user`. */
  user?: string;
  /** Answered as `meta.user` and the JWTs' `sub`: the VSS username it acts for, else the token's name. */
  username: string;
  /** Digest of its API token; a JWT's `tid`. */
  tokenId: string;
}

const digest = (token: string) => createHash("sha256").update(token).digest("base64url");

export class Authenticator {
  readonly #byDigest = new Map<string, ApiPrincipal>();
  readonly #jwts: AccessTokens;

  constructor(tokens: ApiToken[], jwts: AccessTokens) {
    this.#jwts = jwts;
    for (const { token, name, user } of tokens) {
      const tokenId = digest(token);
      this.#byDigest.set(
        tokenId,
        user === undefined ? { name, username: name, tokenId } : { name, user, username: user, tokenId },
      );
    }
  }

  /** The holder of API token `token`, or undefined for an unknown one. */
  holder(token: string): ApiPrincipal | undefined {
    return this.#byDigest.get(digest(token));
  }

  /** A JWT for the holder of an API token, in the claims pyvss reads. */
  issue(principal: ApiPrincipal): Promise<{ token: string; exp: number }> {
    return this.#jwts.issue(principal.username, principal.tokenId);
  }

  /** The caller of a request with `Authorization: Bearer <token>`; 401 JSON otherwise. */
  async authenticate(request: FastifyRequest): Promise<ApiPrincipal> {
    const header = request.headers.authorization;
    if (header === undefined) throw new ApiError(401, "Unauthorized: missing Authorization: Bearer <token>");
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match) throw new ApiError(401, "Unauthorized: Authorization header must be Bearer <token>");
    const token = match[1]!;
    const direct = this.holder(token);
    if (direct) return direct;
    if (token.split(".").length !== 3) throw new ApiError(401, "InvalidToken: unknown token");
    const verified = await this.#jwts.verify(token);
    if ("problem" in verified) throw new ApiError(401, verified.problem);
    const principal = this.#byDigest.get(verified.claims.tid);
    // Its API token was removed from API_TOKENS_FILE since, or its user changed.
    if (!principal || principal.username !== verified.claims.sub)
      throw new ApiError(401, "TokenRevoked: the API token behind this token is no longer valid");
    return principal;
  }
}
