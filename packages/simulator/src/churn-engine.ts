// Upstream churn for tests of syncing under change (`PUT /_control/churn`): after every n-th answered
// request to one scope's list or item endpoints, or on a timer, apply `perChange` operations picked by a
// seeded PRNG, and log each one so a test can tell which ids existed throughout its run.
import { applyChurnOperation } from "./churn-operation.js";
import type { Scope } from "./complete-item.js";
import type { ItemCollection } from "./item-collection.js";
import { createPrng, type Prng } from "./prng.js";
import type { ChurnChange, ChurnLog, ChurnOperation, SimIso, SimIsoInput } from "./types.js";

/** A validated `PUT /_control/churn` body, defaults applied except the seed. */
export interface ChurnSettings {
  scope: Scope;
  everyRequests?: number;
  intervalMs?: number;
  seed?: number;
  operations: ChurnOperation[];
  perChange: number;
}

/** What churn changes: SimState. */
export interface ChurnTarget {
  collection(scope: Scope): ItemCollection | undefined;
  newItem(input: SimIsoInput, scope: Scope): SimIso;
}

interface Running {
  settings: ChurnSettings;
  prng: Prng;
  answered: number;
  timer?: NodeJS.Timeout;
}

const scopeKey = (scope: Scope): string => (scope === "public" ? "public" : `user:${scope.username}`);

export class ChurnEngine {
  private running: Running | undefined;
  private changes: ChurnChange[] = [];

  constructor(
    private readonly target: ChurnTarget,
    private readonly defaultSeed: number,
  ) {}

  /** Starts a churn, replacing any running one; the log starts empty. */
  set(settings: ChurnSettings): void {
    this.clear();
    const running: Running = { settings, prng: createPrng(settings.seed ?? this.defaultSeed), answered: 0 };
    if (settings.intervalMs !== undefined) {
      running.timer = setInterval(() => this.change(running), settings.intervalMs);
      running.timer.unref();
    }
    this.running = running;
  }

  /** Stops changing; the log stays readable until the next set() or clear(). */
  stop(): void {
    clearInterval(this.running?.timer);
    this.running = undefined;
  }

  clear(): void {
    this.stop();
    this.changes = [];
  }

  log(): ChurnLog {
    return { changes: this.changes.map((change) => ({ ...change })), active: this.running !== undefined };
  }

  /** Runs `answer` (a list or item endpoint of `scope`), then counts it: the n-th answer is built before
   * the change it triggers, so only the next request sees that change. Errors count as answers too. */
  answering<T>(scope: Scope, answer: () => T): T {
    try {
      return answer();
    } finally {
      const running = this.running;
      const every = running?.settings.everyRequests;
      if (running && every !== undefined && scopeKey(running.settings.scope) === scopeKey(scope)) {
        running.answered++;
        if (running.answered % every === 0) this.change(running);
      }
    }
  }

  private change(running: Running): void {
    const { scope, operations, perChange } = running.settings;
    const collection = this.target.collection(scope);
    if (!collection) return; // the user was removed; nothing to change
    for (let n = 0; n < perChange; n++) {
      const op = operations[Math.floor(running.prng() * operations.length)]!;
      const id = applyChurnOperation(op, {
        collection,
        scope,
        prng: running.prng,
        newItem: (input, where) => this.target.newItem(input, where),
        sequence: this.changes.length + 1,
      });
      if (id !== undefined) this.changes.push({ at: new Date().toISOString(), op, id });
    }
  }
}
