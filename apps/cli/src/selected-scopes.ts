import { type AppConfig, ConfigError, type ScopeSelection, scopesFor } from "@vss-mirror/config";

/** The scopes `--scope` means with these accounts; none is a configuration error, not an empty sync. */
export function selectedScopes(selection: ScopeSelection, config: AppConfig): string[] {
  const scopes = scopesFor(selection, config.accounts);
  if (scopes.length === 0) {
    throw new ConfigError(
      "VSS_USERNAME",
      "no VSS accounts are configured, so there is no personal store to sync (set VSS_USERNAME or VSS_ACCOUNTS_FILE)",
    );
  }
  return scopes;
}
