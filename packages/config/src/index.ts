export type { AppConfig, ConfigSection, LogLevel, VssAccount, VssSettings } from "./app-config.js";
export { ConfigError } from "./config-error.js";
export { CONFIG_VARIABLES, type ConfigVariable } from "./config-variables.js";
export { loadConfig } from "./load-config.js";
export { maskUrl } from "./mask-url.js";
export { readAccountsFile } from "./read-accounts-file.js";
export { vssClientOptions } from "./vss-client-options.js";
export { scopesFor, type ScopeSelection } from "./scopes-for.js";
export { accountFor } from "./account-for.js";
