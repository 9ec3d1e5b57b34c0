// Personal syncs run inside the API process (no REDIS_URL): the same runSync the CLI and the workers
// run, with the store's own account. Requests live in this process: a restart forgets them (a client
// polling one gets 404 and may PATCH again). While a store's request is pending, a PATCH shares it.
import { randomUUID } from "node:crypto";
import { accountFor, type AppConfig, upstreamIdentity, vssClientOptions } from "@vss-mirror/config";
import type { DatabaseHandle } from "@vss-mirror/db";
import { runSync, SyncLockedError } from "@vss-mirror/sync";
import { VssClient } from "@vss-mirror/vss-client";
import type { Logger } from "pino";
import type { ImageSyncRequest, ImageSyncService } from "./image-sync-request.js";

export interface InlineImageSyncsOptions {
  database: DatabaseHandle;
  /** VSS_API_URL, the accounts (with passwords) and the personal-sync bounds. */
  config: Pick<AppConfig, "vss" | "accounts" | "sync">;
  logger: Logger;
  /** Wait before trying again while another run (worker, CLI) holds the store's lock. Default: 5_000. */
  lockedRetryMs?: number;
  /** Finished requests remembered, oldest forgotten first. Default: 1_000. */
  keepFinished?: number;
}

const pending = (request: ImageSyncRequest) =>
  request.status === "SUBMITTED" || request.status === "IN_PROGRESS";

export class InlineImageSyncs implements ImageSyncService {
  readonly #options: InlineImageSyncsOptions;
  readonly #requests = new Map<number, ImageSyncRequest>();
  readonly #running = new Set<Promise<void>>();
  readonly #aborting = new AbortController();
  #nextId = 1;

  constructor(options: InlineImageSyncsOptions) {
    this.#options = options;
  }

  syncs(username: string): boolean {
    return this.#options.config.accounts.some((account) => account.username === username);
  }

  start(username: string): Promise<ImageSyncRequest> {
    for (const request of this.#requests.values())
      if (request.username === username && pending(request)) return Promise.resolve({ ...request });
    const now = new Date();
    const request: ImageSyncRequest = {
      id: this.#nextId++,
      username,
      taskId: randomUUID(),
      status: "SUBMITTED",
      createdAt: now,
      updatedAt: now,
      added: 0,
      deleted: 0,
      errors: [],
    };
    this.#requests.set(request.id, request);
    this.#forgetOld();
    const running = this.#run(request).finally(() => this.#running.delete(running));
    this.#running.add(running);
    return Promise.resolve({ ...request });
  }

  get(id: number, username: string): Promise<ImageSyncRequest | undefined> {
    const request = this.#requests.get(id);
    return Promise.resolve(request?.username === username ? { ...request } : undefined);
  }

  async close(): Promise<void> {
    this.#aborting.abort(new Error("the API is stopping"));
    await Promise.allSettled([...this.#running]);
  }

  async #run(request: ImageSyncRequest): Promise<void> {
    const { database, config, logger } = this.#options;
    const signal = this.#aborting.signal;
    const update = (changes: Partial<ImageSyncRequest>) =>
      Object.assign(request, changes, { updatedAt: new Date() });
    const log = logger.child({ imageSync: request.id, scope: request.username });
    // Let the 202 go out first; the request is SUBMITTED until the run begins.
    await new Promise((resolve) => setImmediate(resolve));
    update({ status: "IN_PROGRESS" });
    const deadline = Date.now() + config.sync.personalTimeoutMs;
    try {
      const client = new VssClient({
        ...vssClientOptions(config.vss, accountFor(request.username, config.accounts)),
        logger: log,
      });
      for (;;) {
        try {
          const result = await runSync({
            database,
            client,
            scope: request.username,
            upstream: upstreamIdentity(config.vss.apiUrl),
            trigger: "manual",
            concurrency: config.sync.concurrency,
            personalSync: {
              pollIntervalMs: config.sync.personalPollMs,
              timeoutMs: config.sync.personalTimeoutMs,
            },
            logger: log,
            signal,
          });
          update({ status: "PROCESSED", added: result.inserted + result.restored, deleted: result.deleted });
          return;
        } catch (error) {
          // Another run of this store (a worker, the CLI) is going: its end is this request's start.
          if (!(error instanceof SyncLockedError) || Date.now() >= deadline || signal.aborted) throw error;
          await new Promise((resolve) => setTimeout(resolve, this.#options.lockedRetryMs ?? 5_000));
        }
      }
    } catch (error) {
      const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      log.warn({ err: message }, "personal sync request failed");
      update({ status: "ERROR", errors: [message] });
    }
  }

  #forgetOld(): void {
    const keep = this.#options.keepFinished ?? 1_000;
    let finished = [...this.#requests.values()].filter((request) => !pending(request)).length;
    for (const [id, request] of this.#requests) {
      if (finished <= keep) break;
      if (!pending(request)) {
        this.#requests.delete(id);
        finished--;
      }
    }
  }
}
