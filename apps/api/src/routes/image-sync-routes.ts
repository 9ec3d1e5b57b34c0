// PATCH /v2/user/image/iso starts a sync of the caller's personal store, and GET
// /v2/request/image_sync/<id> follows it (docs/upstream-api.md, "The personal store"), so that `vss-cli compute iso
// personal sync` and pyvss's sync_user_isos work against the mirror: the mirror asks the upstream to
// sync the store and then mirrors it (image-sync/). Only stores of accounts the mirror is configured
// with can be synced; a request is readable only by its own user.
import type { RouteModule } from "../api-deps.js";
import { ApiError, badParameter } from "../api-error.js";
import type { ApiPrincipal } from "../authenticate.js";
import { baseUrl } from "../data-response.js";
import { acceptedBody, requestData } from "../image-sync/image-sync-request.js";
import { sendJson } from "../send-json.js";
import { PERSONAL_PATH } from "./personal-routes.js";

export const IMAGE_SYNC_PATH = "/v2/request/image_sync";

function storeOf(principal: ApiPrincipal): string {
  if (principal.user === undefined) {
    throw new ApiError(
      403,
      `Forbidden: token "${principal.name}" has no personal store (give it a "user" in API_TOKENS_FILE)`,
    );
  }
  return principal.user;
}

export const registerImageSyncRoutes: RouteModule = (app, deps) => {
  app.patch(PERSONAL_PATH, async (request, reply) => {
    const user = storeOf(await deps.auth.authenticate(request));
    if (!deps.imageSync?.syncs(user)) {
      throw new ApiError(
        403,
        `Forbidden: this mirror has no VSS account "${user}" to sync its personal store with ` +
          "(configure it with VSS_USERNAME or VSS_ACCOUNTS_FILE, and VSS_API_URL or REDIS_URL)",
      );
    }
    const started = await deps.imageSync.start(user);
    return sendJson(reply, 202, JSON.stringify(acceptedBody(started, baseUrl(request))));
  });

  app.get<{ Params: { id: string } }>(`${IMAGE_SYNC_PATH}/:id`, async (request, reply) => {
    const principal = await deps.auth.authenticate(request);
    const raw = request.params.id;
    if (!/^\d{1,15}$/.test(raw)) throw badParameter(`id must be a positive integer, got "${raw}"`);
    // Another user's request answers exactly like a missing one: nothing leaks across accounts.
    const found =
      principal.user === undefined ? undefined : await deps.imageSync?.get(Number(raw), principal.user);
    if (!found) throw new ApiError(404, `NotFound: no image_sync request with id ${raw}`);
    return sendJson(reply, 200, JSON.stringify({ data: requestData(found) }));
  });
};
