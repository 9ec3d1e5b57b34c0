// Where a two-factor account's `{"otp"}` comes from on each token request: a fixed code typed by a
// person (good for one login), or a TOTP secret (RFC 6238) from which every request gets the current
// code, so an unattended account can log in again whenever its token expires.
import { Secret, TOTP } from "otpauth";

/** Returns the code for the next token request, or undefined for an account without two-factor auth. */
export type OneTimeCodeSource = () => string | undefined;

export function oneTimeCodes(init: {
  otp: string | undefined;
  totpSecret: string | undefined;
}): OneTimeCodeSource {
  if (init.otp !== undefined && init.totpSecret !== undefined) {
    throw new TypeError("VssClient: give otp or totpSecret, not both");
  }
  if (init.totpSecret === undefined) {
    const otp = init.otp;
    return () => otp;
  }
  let secret: Secret;
  try {
    secret = Secret.fromBase32(init.totpSecret.replace(/[\s-]/g, "").toUpperCase());
  } catch {
    // otpauth's message quotes the offending character: part of the secret.
    throw new TypeError("VssClient: totpSecret is not a base32 string (A-Z, 2-7)");
  }
  if (secret.bytes.length === 0) throw new TypeError("VssClient: totpSecret is empty");
  const totp = new TOTP({ secret, algorithm: "SHA1", digits: 6, period: 30 });
  return () => totp.generate();
}
