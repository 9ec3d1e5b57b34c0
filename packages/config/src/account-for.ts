import type { VssAccount } from "./app-config.js";
import { ConfigError } from "./config-error.js";

/** The account that syncs a scope: the primary for "public", the named one otherwise; ConfigError if unknown. */
export function accountFor(scope: string, accounts: VssAccount[]): VssAccount {
  if (scope === "public") {
    const primary = accounts[0];
    if (!primary)
      throw new ConfigError("VSS_USERNAME", "VSS_USERNAME is required to sync the public catalogue");
    return primary;
  }
  const account = accounts.find((candidate) => candidate.username === scope);
  if (!account) {
    throw new ConfigError(
      "VSS_ACCOUNTS_FILE",
      `no VSS account "${scope}" is configured (set VSS_USERNAME or list it in VSS_ACCOUNTS_FILE)`,
    );
  }
  return account;
}
