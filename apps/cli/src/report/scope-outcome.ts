import type { SyncRunResult } from "@vss-mirror/sync";

/** What happened to one scope of a `sync` command, inline or through the queue. */
export type ScopeOutcome =
  | { scope: string; ok: true; result: SyncRunResult }
  | { scope: string; ok: false; error: string; jobId?: string };
