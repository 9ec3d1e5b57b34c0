import { readFileSync } from "node:fs";
import { ConfigError } from "./config-error.js";

/**
 * Reads `path` (named by `variable`) as a JSON array of `what` (e.g. "accounts"); the caller validates
 * each entry. These files hold secrets, so no error quotes their text: not even V8's JSON syntax error,
 * whose message shows the text around the mistake.
 */
export function readJsonArrayFile(variable: string, path: string, what: string): unknown[] {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? "read error";
    throw new ConfigError(variable, `${variable}: cannot read ${path} (${code})`, { cause: error });
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw new ConfigError(variable, `${variable}: ${path} is not valid JSON`);
  }
  if (!Array.isArray(data)) {
    throw new ConfigError(variable, `${variable}: ${path} must contain a JSON array of ${what}`);
  }
  return data;
}
