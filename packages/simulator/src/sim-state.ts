// Everything one simulator instance holds, and `reset()` back to what its options describe.
import { ChurnEngine } from "./churn-engine.js";
import { completeItem, itemPath, type Scope } from "./complete-item.js";
import { DEFAULT_USERS } from "./default-users.js";
import { FaultEngine } from "./fault-engine.js";
import { generateCatalogue } from "./generate-catalogue.js";
import { ItemCollection } from "./item-collection.js";
import { RateLimiter } from "./rate-limiter.js";
import { SimStatsRecorder } from "./sim-stats.js";
import { SyncRequests } from "./sync-requests.js";
import { TokenService } from "./token-service.js";
import type {
  SimCapabilities,
  SimIso,
  SimIsoInput,
  SimUser,
  SimulatorOptions,
  SyncOutcome,
} from "./types.js";

export type ResolvedOptions = Required<Omit<SimulatorOptions, "tokenRateLimit">> &
  Pick<SimulatorOptions, "tokenRateLimit">;

export interface UserState {
  user: SimUser;
  listing: ItemCollection;
  files: SimIsoInput[];
  outcome: SyncOutcome;
}

export function resolveOptions(options: SimulatorOptions = {}): ResolvedOptions {
  return {
    items: options.items ?? 224,
    seed: options.seed ?? 1,
    host: options.host ?? "127.0.0.1",
    port: options.port ?? 0,
    latencyMs: options.latencyMs ?? 0,
    users: options.users ?? DEFAULT_USERS,
    tokenTtlSeconds: options.tokenTtlSeconds ?? 86_400,
    tokenRateLimit: options.tokenRateLimit ?? { limit: 5, windowSeconds: 60 },
    syncStepMs: options.syncStepMs ?? 100,
    personalShape: options.personalShape ?? "paged",
    keyset: options.keyset ?? "supported",
    trustProxy: options.trustProxy ?? false,
  };
}

export class SimState {
  readonly tokens: TokenService;
  readonly limiter: RateLimiter | undefined;
  readonly faults: FaultEngine;
  readonly stats = new SimStatsRecorder();
  readonly syncs: SyncRequests;
  readonly churn: ChurnEngine;
  readonly catalogue = new ItemCollection();
  readonly users = new Map<string, UserState>();
  /** Changed at runtime by the control API; reset() goes back to the options. */
  capabilities: SimCapabilities;
  /** Generated once: reset() reuses it (items are replaced on change, never mutated). */
  private readonly initialCatalogue: SimIso[];
  /** One counter for every item created after start; above the public ids (assumed range). */
  private nextId = 0;

  constructor(readonly options: ResolvedOptions) {
    this.tokens = new TokenService(options.tokenTtlSeconds);
    const rate = options.tokenRateLimit;
    this.limiter = rate ? new RateLimiter(rate.limit, rate.windowSeconds) : undefined;
    this.faults = new FaultEngine(options.seed);
    this.syncs = new SyncRequests(options.syncStepMs, {
      outcome: (username) => this.users.get(username)?.outcome ?? "PROCESSED",
      apply: (username) => this.applyFiles(username),
    });
    this.churn = new ChurnEngine(this, options.seed);
    this.capabilities = { keyset: options.keyset };
    this.initialCatalogue = generateCatalogue(options.items, options.seed);
    this.reset();
  }

  reset(): void {
    this.syncs.clear();
    this.churn.clear();
    this.capabilities = { keyset: this.options.keyset };
    this.faults.clear();
    this.stats.reset();
    this.limiter?.clear();
    this.nextId = Math.max(10_000_000, this.options.items + 1);
    this.catalogue.replaceAll(this.initialCatalogue);
    this.catalogue.warmRanks(["name", "path", "created_on", "updated_on"]);
    this.users.clear();
    for (const user of this.options.users) this.addUser(user);
  }

  addUser(user: SimUser): void {
    const scope = { username: user.username };
    const listing = new ItemCollection((user.personal ?? []).map((input) => this.newItem(input, scope)));
    this.users.set(user.username, {
      user,
      listing,
      files: user.files ?? listing.all().map((entry) => entry.item),
      outcome: "PROCESSED",
    });
  }

  newItem(input: SimIsoInput, scope: Scope): SimIso {
    const id = typeof input.id === "number" ? input.id : this.nextId++;
    return completeItem(input, scope, id);
  }

  collection(scope: Scope): ItemCollection | undefined {
    return scope === "public" ? this.catalogue : this.users.get(scope.username)?.listing;
  }

  /** The collection that holds item `id`, if any. */
  locate(id: number): ItemCollection | undefined {
    if (this.catalogue.get(id)) return this.catalogue;
    for (const state of this.users.values()) if (state.listing.get(id)) return state.listing;
    return undefined;
  }

  /** PROCESSED sync: the listing becomes the file store; same path keeps its id, new paths get new ids. */
  private applyFiles(username: string): { added: number; deleted: number } {
    const state = this.users.get(username);
    if (!state) return { added: 0, deleted: 0 };
    const scope = { username };
    const before = new Map(state.listing.all().map(({ item }) => [item.path, item]));
    const after = new Map<string, SimIso>();
    let added = 0;
    for (const file of state.files) {
      const path = itemPath(file, scope, 0);
      const existing = before.get(path);
      if (!existing && !after.has(path)) added++;
      const id = existing?.id ?? after.get(path)?.id ?? this.nextId++;
      const { id: _ignored, ...fields } = file;
      after.set(path, completeItem({ created_on: existing?.created_on, ...fields, path }, scope, id));
    }
    const deleted = [...before.keys()].filter((path) => !after.has(path)).length;
    state.listing.replaceAll([...after.values()]);
    return { added, deleted };
  }
}
