// Personal-store sync requests (docs/upstream-api.md, "The personal store"): SUBMITTED at once, IN_PROGRESS after one
// step, the user's chosen outcome after another. The listing changes only when a request is PROCESSED.
import { randomUUID } from "node:crypto";
import { formatTorontoDate } from "./toronto-date.js";
import type { SyncOutcome, SyncStatus } from "./types.js";

export interface SyncRequest {
  id: number;
  created_on: string;
  updated_on: string;
  status: SyncStatus;
  type: string;
  added: number;
  deleted: number;
  task_id: string;
  user: { username: string };
  message: { warnings: string[]; errors: string[] };
}

export interface SyncHooks {
  /** The final state for this user's request. */
  outcome(username: string): SyncOutcome;
  /** Replaces the listing with the file store; returns what changed. */
  apply(username: string): { added: number; deleted: number };
}

export class SyncRequests {
  private requests = new Map<number, SyncRequest>();
  private timers = new Set<NodeJS.Timeout>();
  private nextId = 1;

  constructor(
    private readonly stepMs: number,
    private readonly hooks: SyncHooks,
  ) {}

  start(username: string): SyncRequest {
    const now = formatTorontoDate(Date.now());
    const request: SyncRequest = {
      id: this.nextId++,
      created_on: now,
      updated_on: now,
      status: "SUBMITTED",
      // Assumed: the real type string is not documented.
      type: "image_sync",
      added: 0,
      deleted: 0,
      task_id: randomUUID(),
      user: { username },
      message: { warnings: [], errors: [] },
    };
    this.requests.set(request.id, request);
    this.after(() => {
      this.update(request, "IN_PROGRESS");
      this.after(() => this.finish(request));
    });
    return request;
  }

  /** The request if it exists and belongs to `username` (users never see each other's requests). */
  get(id: number, username: string): SyncRequest | undefined {
    const request = this.requests.get(id);
    return request?.user.username === username ? request : undefined;
  }

  /** Stops pending transitions and forgets every request. */
  clear(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    this.requests.clear();
    this.nextId = 1;
  }

  private finish(request: SyncRequest): void {
    const outcome = this.hooks.outcome(request.user.username);
    if (outcome === "PROCESSED") Object.assign(request, this.hooks.apply(request.user.username));
    else if (outcome !== "SCHEDULED") {
      request.message.errors.push(`SyncFailed: simulated ${outcome} outcome`);
    }
    this.update(request, outcome);
  }

  private update(request: SyncRequest, status: SyncStatus): void {
    request.status = status;
    request.updated_on = formatTorontoDate(Date.now());
  }

  private after(step: () => void): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      step();
    }, this.stepMs);
    timer.unref();
    this.timers.add(timer);
  }
}
