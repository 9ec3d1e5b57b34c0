// Time-based one-time codes (RFC 6238: SHA-1, 6 digits, 30 s) for two-factor accounts that carry a
// TOTP secret, as authenticator apps and the upstream's two-factor login use them.
import { Secret, TOTP } from "otpauth";

/** True when `secret` is a base32 string that a TOTP can be made from. */
export function isTotpSecret(secret: string): boolean {
  try {
    return Secret.fromBase32(secret).bytes.length > 0;
  } catch {
    return false;
  }
}

/** True when `code` is the current code of `secret`, or that of the 30 s step before or after (clock drift). */
export function totpAccepts(secret: string, code: string): boolean {
  const totp = new TOTP({ secret: Secret.fromBase32(secret), algorithm: "SHA1", digits: 6, period: 30 });
  return totp.validate({ token: code, window: 1 }) !== null;
}
