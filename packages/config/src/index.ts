export type {
  AppConfig,
  ConfigSection,
  LogLevel,
  VssAccount,
  VssSettings,
  WebhookSubscriber,
} from "./app-config.js";
export { ConfigError } from "./config-error.js";
export { CONFIG_VARIABLES, type ConfigVariable, DEFAULT_DATA_DIR } from "./config-variables.js";
export { loadConfig } from "./load-config.js";
export { maskUrl } from "./mask-url.js";
export { readAccountsFile } from "./read-accounts-file.js";
export { vssClientOptions } from "./vss-client-options.js";
export { scopesFor, type ScopeSelection } from "./scopes-for.js";
export { scheduleSyncs, type ScheduledSyncs } from "./schedule-syncs.js";
export { accountFor } from "./account-for.js";
export { LOG_REDACT_CENSOR, LOG_REDACT_PATHS, logRedaction } from "./log-redaction.js";
export { loadApiConfig, type ApiSettings, type TrustProxy } from "./load-api-config.js";
export { readApiTokensFile, type ApiToken } from "./read-api-tokens-file.js";
export { DEFAULT_WEBHOOK_SCOPES, readWebhooksFile } from "./read-webhooks-file.js";
export { upstreamIdentity } from "./upstream-identity.js";
