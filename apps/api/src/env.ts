// The only place the API reads the environment. Invalid configuration exits 2 naming the variable
// (ConfigError messages never contain a secret).
import { type ApiSettings, type AppConfig, ConfigError, loadApiConfig, loadConfig } from "@vss-mirror/config";

export function apiConfig(): { app: AppConfig; api: ApiSettings } {
  try {
    // No section required: without DATABASE_URL the API serves the embedded data folder.
    return { app: loadConfig(process.env, []), api: loadApiConfig(process.env) };
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(`vss-mirror api: ${error.message}`);
    process.exit(2);
  }
}
