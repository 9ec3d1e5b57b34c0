// Defence in depth for every app's pino logger: nothing is supposed to log a secret, but a debug line
// that dumps an options object, an account or a request's headers must still never print one.
// https://getpino.io/#/docs/redaction

/** Keys whose values are secret wherever they appear in a log line's object. */
const SECRET_KEYS = [
  "password",
  "otp",
  "token",
  "authorization",
  "Authorization",
  "VSS_PASSWORD",
  "VSS_OTP",
  "totpSecret",
  "VSS_TOTP_SECRET",
  "secret",
];

/**
 * pino has no recursive wildcard, so each key is listed at the top level and under one to
 * {@link REDACT_DEPTH} levels of objects (`*.password`, `*.*.password`, ...).
 */
const REDACT_DEPTH = 4;

/** pino `redact` paths for {@link SECRET_KEYS} at any depth up to {@link REDACT_DEPTH}. */
export const LOG_REDACT_PATHS: readonly string[] = SECRET_KEYS.flatMap((key) =>
  Array.from({ length: REDACT_DEPTH + 1 }, (_, depth) => [...Array<string>(depth).fill("*"), key].join(".")),
);

/** What a redacted value is replaced with. */
export const LOG_REDACT_CENSOR = "[redacted]";

/** The `redact` option every app passes to pino. */
export function logRedaction(): { paths: string[]; censor: string } {
  return { paths: [...LOG_REDACT_PATHS], censor: LOG_REDACT_CENSOR };
}
