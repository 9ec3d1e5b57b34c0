// The JWTs `/auth/request-token` hands out, so that clients written for the upstream work unchanged:
// pyvss decodes every token as a JWT (without verifying it) to read its `otp` claim, and fails on
// anything else. HS256 with one key per deployment (API_JWT_SECRET), signed and checked with jose.
// A JWT names the API token it was got with by that token's digest (`tid`), never the token itself, so
// removing a token from API_TOKENS_FILE also retires the JWTs got with it.
import { randomBytes } from "node:crypto";
import { errors, jwtVerify, SignJWT } from "jose";

/** Upstream tokens live 24 h (docs/upstream-api.md, "Logging in"). */
export const TOKEN_DURATION_SECONDS = 86_400;

const ALGORITHM = "HS256";

export interface AccessClaims {
  /** The VSS username the token acts for. */
  sub: string;
  /** Digest of the API token it was got with (see Authenticator). */
  tid: string;
  iat: number;
  exp: number;
  /** Whether a second factor was checked: never, API tokens have none (pyvss reads this claim). */
  otp: boolean;
}

export class AccessTokens {
  readonly #key: Uint8Array;

  /** `secret`: API_JWT_SECRET; undefined makes a random key, good for this process only. */
  constructor(secret: string | undefined) {
    this.#key = secret === undefined ? randomBytes(32) : new TextEncoder().encode(secret);
  }

  async issue(subject: string, tokenId: string, nowMs = Date.now()): Promise<{ token: string; exp: number }> {
    const iat = Math.floor(nowMs / 1000);
    const exp = iat + TOKEN_DURATION_SECONDS;
    const token = await new SignJWT({ tid: tokenId, otp: false })
      .setProtectedHeader({ alg: ALGORITHM, typ: "JWT" })
      .setSubject(subject)
      .setIssuedAt(iat)
      .setExpirationTime(exp)
      .sign(this.#key);
    return { token, exp };
  }

  /** The claims of a token this API signed and that has not expired; a reason otherwise. */
  async verify(token: string): Promise<{ claims: AccessClaims } | { problem: string }> {
    try {
      const { payload } = await jwtVerify(token, this.#key, { algorithms: [ALGORITHM] });
      if (typeof payload.sub !== "string" || typeof payload.tid !== "string")
        return { problem: "InvalidToken: the token names no user" };
      return { claims: payload as unknown as AccessClaims };
    } catch (error) {
      if (error instanceof errors.JWTExpired) return { problem: "TokenExpired: get a new token" };
      if (error instanceof errors.JOSEError) return { problem: "InvalidToken: not a token of this API" };
      throw error;
    }
  }
}
