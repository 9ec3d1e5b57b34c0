// Bearer tokens from API_TOKENS_FILE. Tokens are looked up by their SHA-256, so the lookup's timing says
// nothing about a token's characters, and the plain tokens are not kept beyond start.
import { createHash } from "node:crypto";
import type { ApiToken } from "@vss-mirror/config";
import type { FastifyRequest } from "fastify";
import { ApiError } from "./api-error.js";

/** Who is calling: the token's name (answered as `meta.user`) and the personal scope it may read. */
export interface ApiPrincipal {
  name: string;
  user?: string;
}

const digest = (token: string) => createHash("sha256").update(token).digest("base64");

export class Authenticator {
  readonly #byDigest = new Map<string, ApiPrincipal>();

  constructor(tokens: ApiToken[]) {
    for (const { token, name, user } of tokens)
      this.#byDigest.set(digest(token), user === undefined ? { name } : { name, user });
  }

  /** The holder of `token`, or undefined for an unknown one. */
  holder(token: string): ApiPrincipal | undefined {
    return this.#byDigest.get(digest(token));
  }

  /** The caller of a request with `Authorization: Bearer <token>`; 401 JSON otherwise. */
  authenticate(request: FastifyRequest): ApiPrincipal {
    const header = request.headers.authorization;
    if (header === undefined) throw new ApiError(401, "Unauthorized: missing Authorization: Bearer <token>");
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match) throw new ApiError(401, "Unauthorized: Authorization header must be Bearer <token>");
    const principal = this.holder(match[1]!);
    if (!principal) throw new ApiError(401, "InvalidToken: unknown token");
    return principal;
  }
}
