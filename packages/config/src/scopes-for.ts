import type { VssAccount } from "./app-config.js";

/** What `--scope` accepts. */
export type ScopeSelection = "public" | "personal" | "all";

/** The scopes a `--scope public|personal|all` selection means: "public" and/or every account's username, in that order. */
export function scopesFor(selection: ScopeSelection, accounts: VssAccount[]): string[] {
  const personal = accounts.map((account) => account.username);
  switch (selection) {
    case "public":
      return ["public"];
    case "personal":
      return personal;
    case "all":
      return ["public", ...personal];
  }
}
