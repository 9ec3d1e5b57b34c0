// Typed client for the control API (simulator-contract, "Control API"), over fetch like any test would.
import type {
  ChurnLog,
  ChurnOptions,
  FaultRule,
  SimCapabilities,
  SimIso,
  SimIsoInput,
  SimStats,
  SimUser,
  SyncOutcome,
} from "./types.js";

export class SimulatorControl {
  /** @param url The simulator's base url, e.g. "http://127.0.0.1:4010" (no trailing slash). */
  constructor(private readonly url: string) {}

  /** The public catalogue (scope "public", default) or a user's current listing, in id order. */
  async items(scope = "public"): Promise<SimIso[]> {
    return this.data<SimIso[]>("GET", `/items?scope=${encodeURIComponent(scope)}`);
  }

  /** Adds an item; missing fields (id included) are filled in for the scope. */
  async addItem(item: SimIsoInput, scope = "public"): Promise<SimIso> {
    return this.data<SimIso>("POST", "/items", { scope, item });
  }

  /** Changes any fields of an item; `null` removes a field. */
  async updateItem(id: number, patch: Record<string, unknown>): Promise<SimIso> {
    return this.data<SimIso>("PATCH", `/items/${id}`, patch);
  }

  async deleteItem(id: number): Promise<void> {
    await this.call("DELETE", `/items/${id}`);
  }

  /** What the user's file store holds; it becomes the listing after the next PROCESSED sync. */
  async setFiles(username: string, files: SimIsoInput[]): Promise<void> {
    await this.call("PUT", `/users/${encodeURIComponent(username)}/files`, { files });
  }

  /** Final state of the user's next syncs. */
  async setSyncOutcome(username: string, status: SyncOutcome): Promise<void> {
    await this.call("PUT", `/users/${encodeURIComponent(username)}/sync-outcome`, { status });
  }

  async addUser(user: SimUser): Promise<void> {
    await this.call("POST", "/users", user);
  }

  /** Every token issued so far becomes invalid (401). */
  async revokeTokens(): Promise<void> {
    await this.call("POST", "/tokens/revoke");
  }

  /** Replaces the fault rules; `seed` re-seeds the fault PRNG (default: the simulator's seed). */
  async setFaults(rules: FaultRule[], seed?: number): Promise<void> {
    await this.call("PUT", "/faults", seed === undefined ? { rules } : { rules, seed });
  }

  async clearFaults(): Promise<void> {
    await this.call("DELETE", "/faults");
  }

  /** Makes the catalogue (or a user's listing) change while a sync walks it; replaces any running churn
   * and empties its log. */
  async setChurn(churn: ChurnOptions): Promise<void> {
    await this.call("PUT", "/churn", churn);
  }

  /** Stops the churn; answers the log of what it changed. */
  async stopChurn(): Promise<ChurnLog> {
    return this.data<ChurnLog>("DELETE", "/churn");
  }

  /** Every operation applied since the churn was set, and whether it still runs. */
  async churn(): Promise<ChurnLog> {
    return this.data<ChurnLog>("GET", "/churn");
  }

  /** Changes what the upstream can do (e.g. `{ keyset: "refuse" }`) until the next reset; answers the
   * capabilities now in force. */
  async setCapabilities(capabilities: Partial<SimCapabilities>): Promise<SimCapabilities> {
    return this.data<SimCapabilities>("PUT", "/capabilities", capabilities);
  }

  async capabilities(): Promise<SimCapabilities> {
    return this.data<SimCapabilities>("GET", "/capabilities");
  }

  async stats(): Promise<SimStats> {
    return (await this.call("GET", "/stats")) as SimStats;
  }

  /** Back to the state the options describe: catalogue, users, capabilities, no faults or churn, stats
   * zeroed. */
  async reset(): Promise<void> {
    await this.call("POST", "/reset");
  }

  private async data<T>(method: string, path: string, body?: unknown): Promise<T> {
    return ((await this.call(method, path, body)) as { data: T }).data;
  }

  private async call(method: string, path: string, body?: unknown): Promise<unknown> {
    const response = await fetch(`${this.url}/_control${path}`, {
      method,
      ...(body === undefined
        ? {}
        : { headers: { "content-type": "application/json" }, body: JSON.stringify(body) }),
    });
    const text = await response.text();
    if (!response.ok) {
      throw new Error(`simulator control ${method} ${path} failed: ${response.status} ${text}`);
    }
    return text === "" ? undefined : (JSON.parse(text) as unknown);
  }
}
