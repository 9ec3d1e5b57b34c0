import { type AppConfig, ConfigError, type ScopeSelection, scopesFor } from "@vss-mirror/config";

const SELECTIONS: readonly string[] = ["public", "personal", "all"] satisfies ScopeSelection[];

/**
 * `sync --scope` named a scope this configuration does not know. Exit 1, not 2: the option is well
 * formed, the scope is simply not one of ours, and the message lists the ones that are.
 */
export class UnknownScopeError extends Error {
  constructor(scope: string, known: string[]) {
    super(`unknown scope "${scope}": the known scopes are ${known.join(", ")}`);
    this.name = "UnknownScopeError";
  }
}

/**
 * The scopes `--scope` means with these accounts: public, personal (every account's store), all, or one
 * account's username (its personal store). None is a configuration error, not an empty sync.
 */
export function selectedScopes(selection: string, config: AppConfig): string[] {
  const usernames = config.accounts.map((account) => account.username);
  if (!SELECTIONS.includes(selection)) {
    if (usernames.includes(selection)) return [selection];
    throw new UnknownScopeError(selection, [...SELECTIONS, ...usernames]);
  }
  const scopes = scopesFor(selection as ScopeSelection, config.accounts);
  if (scopes.length === 0) {
    throw new ConfigError(
      "VSS_USERNAME",
      "no VSS accounts are configured, so there is no personal store to sync (set VSS_USERNAME or VSS_ACCOUNTS_FILE)",
    );
  }
  return scopes;
}
