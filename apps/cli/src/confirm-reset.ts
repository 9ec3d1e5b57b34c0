import type { DatabaseHandle } from "@vss-mirror/db";
import { DEMO_UPSTREAM, recordedUpstream } from "@vss-mirror/sync";
import type { CommandContext } from "./command-context.js";
import { println } from "./io.js";

/**
 * `--reset-upstream`: when the database mirrors another upstream, says what re-pointing means and, on
 * a terminal, asks first. False when the person said no (nothing is changed then).
 */
export async function confirmReset(
  database: DatabaseHandle,
  upstream: string,
  { io, confirm }: CommandContext,
): Promise<boolean> {
  const recorded = await recordedUpstream(database).catch(() => undefined);
  if (recorded === undefined || recorded === upstream) return true;
  const show = (id: string) => (id === DEMO_UPSTREAM ? "the built-in demo upstream" : id);
  const what =
    `this database mirrors ${show(recorded)}; --reset-upstream re-points it to ${show(upstream)}: ` +
    `its rows stay, and this sync marks deleted whatever ${show(upstream)} does not list`;
  if (!confirm) {
    println(io.stderr, what);
    return true;
  }
  const yes = await confirm(`${what}. Re-point it? [y/N] `);
  if (!yes) println(io.stderr, "not re-pointed; nothing was changed");
  return yes;
}
