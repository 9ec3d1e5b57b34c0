/**
 * Invalid configuration. The message names the variable and what is wrong, and never contains the value
 * of a secret (passwords, one-time codes, the accounts file's contents, passwords inside URLs), so apps
 * can print `error.message` as it is and exit 2.
 */
export class ConfigError extends Error {
  /** The environment variable at fault, e.g. `VSS_TIMEOUT_MS` or `VSS_ACCOUNTS_FILE`. */
  readonly variable: string;

  constructor(variable: string, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "ConfigError";
    this.variable = variable;
  }
}
