import { accountFor, type AppConfig, vssClientOptions } from "@vss-mirror/config";
import { VssClient, type VssLogger } from "@vss-mirror/vss-client";

/**
 * `clientFor(scope)`: one VssClient per account, shared by the scopes it syncs ("public" and the
 * primary account's own store), so that one token serves both (the token endpoint is rate limited).
 */
export function vssClients(config: AppConfig, logger: VssLogger): (scope: string) => VssClient {
  const clients = new Map<string, VssClient>();
  return (scope) => {
    const account = accountFor(scope, config.accounts);
    let client = clients.get(account.username);
    if (!client) {
      client = new VssClient({ ...vssClientOptions(config.vss, account), logger });
      clients.set(account.username, client);
    }
    return client;
  };
}
