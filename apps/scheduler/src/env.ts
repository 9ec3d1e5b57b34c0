// The only place the scheduler reads the environment. Invalid configuration exits 2 naming the variable
// (ConfigError messages never contain a secret). "vss" because the accounts decide the personal scopes.
import { type AppConfig, ConfigError, loadConfig } from "@vss-mirror/config";

export function schedulerConfig(): AppConfig {
  try {
    return loadConfig(process.env, ["vss", "redis"]);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(`vss-mirror scheduler: ${error.message}`);
    process.exit(2);
  }
}
