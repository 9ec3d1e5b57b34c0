// Access tokens: JWT-shaped (clients decode the payload without verifying it, as pyvss does), HS256 over
// a secret made per simulator instance. Revocation invalidates every token issued so far.
import { createHmac, randomBytes, randomUUID, timingSafeEqual } from "node:crypto";

export interface IssuedToken {
  token: string;
  /** Expiry, epoch seconds. */
  exp: number;
}

const base64url = (data: string | Buffer): string => Buffer.from(data).toString("base64url");
const HEADER = base64url(JSON.stringify({ alg: "HS256", typ: "JWT" }));

export class TokenService {
  private readonly secret = randomBytes(32);
  private live = new Set<string>();

  constructor(private readonly ttlSeconds: number) {}

  /** `otp`: whether the login checked a second factor (pyvss reads the claim). */
  issue(username: string, nowMs = Date.now(), otp = false): IssuedToken {
    const iat = Math.floor(nowMs / 1000);
    const exp = iat + this.ttlSeconds;
    const jti = randomUUID();
    const body = `${HEADER}.${base64url(JSON.stringify({ sub: username, iat, exp, jti, otp }))}`;
    this.live.add(jti);
    return { token: `${body}.${this.sign(body)}`, exp };
  }

  /** The username the token belongs to, or a reason it is not acceptable. */
  verify(token: string, nowMs = Date.now()): { username: string } | { problem: string } {
    const parts = token.split(".");
    if (parts.length !== 3) return { problem: "InvalidToken: not a JWT" };
    const [header, payload, signature] = parts as [string, string, string];
    const expected = Buffer.from(this.sign(`${header}.${payload}`));
    const given = Buffer.from(signature);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) {
      return { problem: "InvalidToken: bad signature" };
    }
    let claims: { sub?: unknown; exp?: unknown; jti?: unknown };
    try {
      claims = JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as typeof claims;
    } catch {
      return { problem: "InvalidToken: unreadable payload" };
    }
    if (typeof claims.exp !== "number" || nowMs >= claims.exp * 1000)
      return { problem: "TokenExpired: get a new token" };
    if (typeof claims.jti !== "string" || !this.live.has(claims.jti))
      return { problem: "TokenRevoked: get a new token" };
    if (typeof claims.sub !== "string") return { problem: "InvalidToken: no subject" };
    return { username: claims.sub };
  }

  revokeAll(): void {
    this.live = new Set();
  }

  private sign(data: string): string {
    return createHmac("sha256", this.secret).update(data).digest("base64url");
  }
}
