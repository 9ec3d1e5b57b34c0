// The bull-board dashboard for the sync queue (https://github.com/felixmosh/bull-board). Read-only: the
// worker's port carries no authentication, so nobody reaching it can retry, promote, clean or delete jobs
// (enqueue with `vss-mirror sync --via-queue`; clean up with redis-cli or the CLI).
import { createBullBoard } from "@bull-board/api";
import { BullMQAdapter } from "@bull-board/api/bullMQAdapter";
import { FastifyAdapter } from "@bull-board/fastify";
import type { SyncQueue } from "@vss-mirror/queue";
import type { FastifyPluginCallback } from "fastify";

/** Where the dashboard is served; its JSON API is under `${DASHBOARD_PATH}/api`. */
export const DASHBOARD_PATH = "/admin/queues";

/** A fastify plugin serving the dashboard; register it with `{ prefix: DASHBOARD_PATH }`. */
export function dashboardPlugin(queue: SyncQueue): FastifyPluginCallback {
  const serverAdapter = new FastifyAdapter();
  serverAdapter.setBasePath(DASHBOARD_PATH);
  createBullBoard({
    queues: [new BullMQAdapter(queue, { readOnlyMode: true, description: "VSS catalogue sync jobs" })],
    serverAdapter,
    options: { uiConfig: { boardTitle: "vss-mirror" } },
  });
  return serverAdapter.registerPlugin();
}
