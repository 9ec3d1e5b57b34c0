import type { DatabaseHandle } from "@vss-mirror/db";
import { removeScope, storedScopes, SyncLockedError } from "@vss-mirror/sync";
import type { CommandContext } from "../command-context.js";
import { EXIT, type ExitCode } from "../exit-code.js";
import { println } from "../io.js";

export interface RemoveScopeFlags {
  /** `--yes`: do not ask (needed when nobody is at a terminal to ask). */
  yes?: boolean;
}

/**
 * `remove-scope <scope>`: deletes every item, history row and run of one scope (an account's personal
 * store, or `public`). Asks first on a terminal; elsewhere it needs --yes.
 */
export async function removeScopeCommand(
  database: DatabaseHandle,
  scope: string,
  flags: RemoveScopeFlags,
  { io, confirm }: CommandContext,
): Promise<ExitCode> {
  const scopes = await storedScopes(database);
  if (!scopes.includes(scope)) {
    const known = scopes.length === 0 ? "the mirror is empty" : `stored scopes: ${scopes.join(", ")}`;
    println(io.stderr, `nothing is stored for scope "${scope}" (${known}); nothing was removed`);
    return EXIT.failed;
  }
  if (!flags.yes) {
    const what = `remove every item, change and sync run of scope "${scope}"`;
    if (!confirm) {
      println(io.stderr, `remove-scope would ${what}: pass --yes to confirm`);
      return EXIT.usage;
    }
    if (!(await confirm(`${what}? [y/N] `))) {
      println(io.stderr, "nothing was removed");
      return EXIT.failed;
    }
  }
  try {
    const removed = await removeScope(database, scope);
    println(
      io.stdout,
      `removed scope ${scope}: ${removed.items} items, ${removed.changes} history rows, ${removed.runs} sync runs`,
    );
    return EXIT.ok;
  } catch (error) {
    if (!(error instanceof SyncLockedError)) throw error;
    println(io.stderr, `${error.message}; nothing was removed`);
    return EXIT.failed;
  }
}
