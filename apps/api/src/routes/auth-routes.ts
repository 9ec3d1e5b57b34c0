// POST /auth/request-token, so that a client written for the upstream (pyvss, vss-cli, VssClient) works
// unchanged: it sends HTTP Basic credentials, an optional {"otp"} body, and then uses the token it gets.
// Here the password IS an API token (the username is not checked: the token alone identifies the
// caller), and the answer is the upstream's body with a JWT acting for the token's user
// (docs/upstream-api.md, "Logging in"; access-tokens.ts).
import { formatVssDate } from "@vss-mirror/vss-client";
import type { RouteModule } from "../api-deps.js";
import { ApiError } from "../api-error.js";
import { TOKEN_DURATION_SECONDS } from "../access-tokens.js";
import { sendJson } from "../send-json.js";
import { TokenRateLimit } from "../token-rate-limit.js";

function basicCredentials(header: string | undefined): { username: string; secret: string } {
  const match = /^Basic\s+([A-Za-z0-9+/=]+)$/i.exec(header ?? "");
  const decoded = match ? Buffer.from(match[1]!, "base64").toString("utf8") : "";
  const colon = decoded.indexOf(":");
  if (colon < 0)
    throw new ApiError(401, "Unauthorized: HTTP Basic credentials (username:api-token) required");
  return { username: decoded.slice(0, colon), secret: decoded.slice(colon + 1) };
}

export const registerAuthRoutes: RouteModule = (app, deps) => {
  const limiter = new TokenRateLimit(deps.config.tokenRateLimit ?? 5);
  app.post("/auth/request-token", async (request, reply) => {
    const { username, secret } = basicCredentials(request.headers.authorization);
    const rate = limiter.hit(username.toLowerCase());
    if (!rate.allowed) {
      throw new ApiError(
        429,
        `TooManyRequests: token limit reached, retry in ${rate.headers["retry-after"]}s`,
        rate.headers,
      );
    }
    const principal = deps.auth.holder(secret);
    if (!principal)
      throw new ApiError(401, "Unauthorized: the password must be one of the API's tokens", rate.headers);
    // A body {"otp": "..."} is accepted and ignored: API tokens have no second factor (the JWT says so).
    const { token, exp } = await deps.auth.issue(principal);
    const body = {
      token,
      duration: TOKEN_DURATION_SECONDS,
      exp,
      exp_date: formatVssDate(new Date(exp * 1000)),
      type: "ACCESS",
    };
    return sendJson(reply, 200, JSON.stringify(body), rate.headers);
  });
};
