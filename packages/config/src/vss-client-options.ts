import type { VssClientOptions } from "@vss-mirror/vss-client";
import type { VssAccount, VssSettings } from "./app-config.js";
import { ConfigError } from "./config-error.js";

/** VssClientOptions for one account (no logger); apps add their logger. */
export function vssClientOptions(vss: VssSettings, account: VssAccount): VssClientOptions {
  if (!vss.apiUrl)
    throw new ConfigError("VSS_API_URL", "VSS_API_URL is required (the VSS Cloud API root URL)");
  if (!account.password) {
    throw new ConfigError(
      "VSS_PASSWORD",
      `no password configured for VSS account "${account.username}" (set VSS_PASSWORD or list it in VSS_ACCOUNTS_FILE)`,
    );
  }
  const options: VssClientOptions = {
    baseUrl: vss.apiUrl,
    username: account.username,
    password: account.password,
    timeoutMs: vss.timeoutMs,
    retries: vss.retries,
  };
  if (account.otp !== undefined) options.otp = account.otp;
  if (account.totpSecret !== undefined) options.totpSecret = account.totpSecret;
  if (vss.maxConcurrency !== undefined) options.maxConcurrency = vss.maxConcurrency;
  if (vss.requestsPerSecond !== undefined) options.requestsPerSecond = vss.requestsPerSecond;
  return options;
}
