// POST /auth/request-token, so that a client written for the upstream (VssClient, pyvss) works unchanged:
// it sends HTTP Basic credentials and then uses the token it gets. Here the password IS an API token
// (the username is not checked: the token alone identifies the caller), and the answer is that same
// token in the upstream's shape (docs/upstream-api.md, "Logging in").
import { formatVssDate } from "@vss-mirror/vss-client";
import type { RouteModule } from "../api-deps.js";
import { ApiError } from "../api-error.js";
import { sendJson } from "../send-json.js";

/** Upstream tokens live 24 h; ours do not expire, but clients plan their refresh on this. */
const DURATION_SECONDS = 86_400;

export const registerAuthRoutes: RouteModule = (app, deps) => {
  app.post("/auth/request-token", (request, reply) => {
    const match = /^Basic\s+([A-Za-z0-9+/=]+)$/i.exec(request.headers.authorization ?? "");
    const decoded = match ? Buffer.from(match[1]!, "base64").toString("utf8") : "";
    const colon = decoded.indexOf(":");
    if (colon < 0)
      throw new ApiError(401, "Unauthorized: HTTP Basic credentials (username:api-token) required");
    const token = decoded.slice(colon + 1);
    if (!deps.auth.holder(token))
      throw new ApiError(401, "Unauthorized: the password must be one of the API's tokens");
    const exp = Math.floor(Date.now() / 1000) + DURATION_SECONDS;
    const body = {
      token,
      duration: DURATION_SECONDS,
      exp,
      exp_date: formatVssDate(new Date(exp * 1000)),
      type: "ACCESS",
    };
    return sendJson(reply, 200, JSON.stringify(body));
  });
};
