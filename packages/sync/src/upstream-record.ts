import type { Connection } from "@vss-mirror/db";

/** The identity `mirror` records for its built-in demo upstream (a simulator on a random port). */
export const DEMO_UPSTREAM = "demo";

/**
 * The database mirrors another upstream than the one this run would sync from. Nothing was changed.
 * Permanent: the configuration (or the database) is wrong, and `--reset-upstream` re-points it.
 */
export class UpstreamMismatchError extends Error {
  override name = "UpstreamMismatchError";
  constructor(
    /** What the database mirrors, or undefined when it holds data but no record of its upstream. */
    readonly recorded: string | undefined,
    readonly requested: string,
    advice: string,
  ) {
    const holds = recorded === undefined ? "data of an upstream it did not record" : describe(recorded);
    super(`this database mirrors ${holds}, not ${describe(requested)}: ${advice}`);
  }
}

function describe(upstream: string): string {
  return upstream === DEMO_UPSTREAM ? "the built-in demo upstream" : upstream;
}

export interface UpstreamCheck {
  /** The identity of the upstream this run syncs from (see DEMO_UPSTREAM). */
  upstream: string;
  /** Re-point a database that mirrors another upstream to this one. Never re-points onto the demo. */
  reset?: boolean;
}

/**
 * Makes sure the database mirrors `check.upstream`, recording it on a database's first sync. A
 * database holding another upstream's data is refused (UpstreamMismatchError), unless `reset` asks to
 * re-point it: its rows stay, and the run reconciles them with the new upstream. The demo upstream never
 * takes over a database holding anything but demo data, reset or not. A database with data but no
 * record (mirrored before upstreams were recorded) is taken by a real upstream, never by the demo.
 */
export async function checkUpstream(connection: Connection, check: UpstreamCheck): Promise<void> {
  const { upstream } = check;
  const recorded = await recordedUpstream(connection);
  if (recorded === upstream) return;
  const demo = upstream === DEMO_UPSTREAM;
  if (recorded !== undefined) {
    if (check.reset && !demo) {
      await connection.query("update vss.mirror_upstream set upstream = $1, recorded_at = now()", [upstream]);
      return;
    }
    throw new UpstreamMismatchError(
      recorded,
      upstream,
      demo
        ? "the demo never runs on a database holding other data; use another data folder or DATABASE_URL"
        : "check VSS_API_URL, or run the sync once with --reset-upstream to re-point this database",
    );
  }
  if (demo && (await holdsData(connection))) {
    throw new UpstreamMismatchError(
      undefined,
      upstream,
      "the demo never runs on a database holding other data; use another data folder or DATABASE_URL",
    );
  }
  // A concurrent first sync of another scope may record the same moment: the first insert wins and
  // both compare with what it wrote.
  await connection.query("insert into vss.mirror_upstream (upstream) values ($1) on conflict do nothing", [
    upstream,
  ]);
  const now = await recordedUpstream(connection);
  if (now !== upstream) {
    throw new UpstreamMismatchError(now, upstream, "another process recorded a different upstream just now");
  }
}

/** The upstream the database records that it mirrors, if any. */
export async function recordedUpstream(connection: Pick<Connection, "query">): Promise<string | undefined> {
  const [row] = await connection.query<{ upstream: string }>("select upstream from vss.mirror_upstream");
  return row?.upstream;
}

async function holdsData(connection: Connection): Promise<boolean> {
  const [row] = await connection.query<{ holds: boolean }>(
    "select exists (select 1 from vss.sync_runs) or exists (select 1 from vss.iso_image_rows) as holds",
  );
  return row?.holds === true;
}
