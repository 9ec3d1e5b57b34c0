/** True for an RFC 4648 base32 string (as TOTP secrets are written), ignoring spaces, dashes and case. */
export function isBase32(value: string): boolean {
  return /^[A-Z2-7]+=*$/.test(value.replace(/[\s-]/g, "").toUpperCase());
}
