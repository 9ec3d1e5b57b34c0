import { recentRuns } from "@vss-mirror/sync";
import type { ReportDefinition } from "./report-definition.js";

/** The runs `status` shows (recentRuns), with every counter; `--limit` runs per scope, default 5. */
export const runs: ReportDefinition = {
  columns: [
    "scope",
    "id",
    "status",
    "trigger",
    "started_at",
    "finished_at",
    "duration_ms",
    "pages",
    "items_seen",
    "inserted",
    "updated",
    "unchanged",
    "deleted",
    "http_requests",
    "retries",
    "error",
  ],
  async rows(database, { scope, limit = 5 }) {
    const found = await recentRuns(database, { limit, ...(scope === undefined ? {} : { scope }) });
    return found.map((run) => ({
      scope: run.scope,
      id: run.id,
      status: run.status,
      trigger: run.trigger,
      started_at: run.startedAt.toISOString(),
      finished_at: run.finishedAt?.toISOString() ?? null,
      duration_ms: run.finishedAt ? run.finishedAt.getTime() - run.startedAt.getTime() : null,
      pages: run.pages,
      items_seen: run.itemsSeen,
      inserted: run.inserted,
      updated: run.updated,
      unchanged: run.unchanged,
      deleted: run.deleted,
      http_requests: run.httpRequests,
      retries: run.retries,
      error: run.error,
    }));
  },
};
