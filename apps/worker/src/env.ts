// The only place the worker reads the environment. Invalid configuration exits 2 naming the variable
// (ConfigError messages never contain a secret).
import { type AppConfig, ConfigError, loadConfig } from "@vss-mirror/config";

export function workerConfig(): AppConfig {
  try {
    return loadConfig(process.env, ["vss", "database", "redis"]);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(`vss-mirror worker: ${error.message}`);
    process.exit(2);
  }
}
