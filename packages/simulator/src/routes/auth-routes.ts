// POST /auth/request-token (docs/upstream-api.md, "Logging in"): Basic credentials, optional {"otp"} body,
// rate-limit headers on every answer, 429 + Retry-After past the limit.
import type { FastifyInstance, FastifyRequest } from "fastify";
import { apiHandler } from "../api-handler.js";
import { SimHttpError } from "../http-error.js";
import type { SimState } from "../sim-state.js";
import { formatTorontoDate } from "../toronto-date.js";
import { totpAccepts } from "../totp.js";

function basicCredentials(request: FastifyRequest): { username: string; password: string } {
  const match = /^Basic\s+([A-Za-z0-9+/=]+)$/i.exec(request.headers.authorization ?? "");
  const decoded = match ? Buffer.from(match[1]!, "base64").toString("utf8") : "";
  const colon = decoded.indexOf(":");
  if (colon < 0)
    throw new SimHttpError(401, "Unauthorized: HTTP Basic credentials (username:password) required");
  return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

function otpOf(body: unknown): string | undefined {
  if (typeof body !== "object" || body === null || !("otp" in body)) return undefined;
  const otp = (body as { otp: unknown }).otp;
  return typeof otp === "string" || typeof otp === "number" ? String(otp) : undefined;
}

export function registerAuthRoutes(app: FastifyInstance, state: SimState): void {
  app.post(
    "/auth/request-token",
    apiHandler((request) => {
      const { username, password } = basicCredentials(request);
      const headers: Record<string, string> = {};
      if (state.limiter) {
        const rate = state.limiter.hit(username);
        headers["x-ratelimit-limit"] = String(rate.limit);
        headers["x-ratelimit-remaining"] = String(rate.remaining);
        headers["x-ratelimit-reset"] = String(rate.resetAt);
        if (!rate.allowed) {
          const wait = rate.retryAfter;
          headers["retry-after"] = String(wait);
          throw new SimHttpError(429, `TooManyRequests: token limit reached, retry in ${wait}s`, headers);
        }
      }
      const user = state.users.get(username);
      if (!user || user.user.password !== password) {
        throw new SimHttpError(401, "Unauthorized: invalid username or password", headers);
      }
      const { otp: fixedCode, totpSecret } = user.user;
      if (fixedCode !== undefined || totpSecret !== undefined) {
        const otp = otpOf(request.body);
        if (otp === undefined || otp === "") {
          throw new SimHttpError(400, "InvalidParameterValue: otp is required for this account", headers);
        }
        const accepted = totpSecret !== undefined ? totpAccepts(totpSecret, otp) : otp === fixedCode;
        if (!accepted) throw new SimHttpError(401, "Unauthorized: invalid otp", headers);
      }
      const { token, exp } = state.tokens.issue(username, Date.now(), user.user.otp !== undefined);
      state.stats.tokenIssued();
      const body = {
        token,
        duration: state.options.tokenTtlSeconds,
        exp,
        exp_date: formatTorontoDate(exp * 1000),
        type: "ACCESS",
      };
      return { body, headers };
    }),
  );
}
