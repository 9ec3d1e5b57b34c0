// Scope states kept in memory (scope-state.ts): a request reads no SQL while the API listens for sync
// runs, yet never answers from a commit older than the last one: a sync's start and end are heard, and a
// lost listening connection sends every request back to SQL until it listens again.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, type Harness, startHarness, TOKENS } from "./harness.js";

let h: Harness;

beforeAll(async () => {
  h = await startHarness({ items: 60, cacheEntries: 100 });
});
afterAll(() => h?.close());

const PATH = "/v2/iso?per_page=3&expand=1";
const etag = async () => (await call(h.apiUrl, PATH, TOKENS.alice)).headers.get("etag");

/** A succeeded run of `public` written behind the sync's back, optionally without its notification. */
async function fakeCommit(notify: boolean): Promise<number> {
  if (!notify) await h.database.query("alter table vss.sync_runs disable trigger sync_runs_notify");
  try {
    const [row] = await h.database.query<{ id: number }>(
      `insert into vss.sync_runs (scope, trigger, status, started_at, finished_at, commit_seq)
       values ('public', 'cli', 'succeeded', now(), now(), nextval('vss.commit_seq')) returning id`,
    );
    return row!.id;
  } finally {
    if (!notify) await h.database.query("alter table vss.sync_runs enable trigger sync_runs_notify");
  }
}

async function eventually(check: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 100; i++) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error("never held");
}

describe("scope states in memory", () => {
  it("answers from memory until a run is announced, then from the new commit", async () => {
    // Kept once read while listening (the listener connects as the API starts): an unannounced
    // commit is then not seen, since nothing asks the database.
    let before: string | null = null;
    let id = 0;
    await eventually(async () => {
      before = await etag();
      id = await fakeCommit(false);
      if ((await etag()) === before) return true;
      await h.database.query("delete from vss.sync_runs where id = $1", [id]);
      return false;
    });
    expect(await etag()).toBe(before);
    // Any change to a run of the scope is announced and drops the kept state.
    await h.database.query("update vss.sync_runs set finished_at = now() where id = $1", [id]);
    await eventually(async () => (await etag()) !== before);
    await h.database.query("delete from vss.sync_runs where id = $1", [id]);
    await eventually(async () => (await etag()) === before);
  });

  it("answers a real sync's commit at once", async () => {
    const path = "/v2/iso?filter=id,eq,4&expand=1";
    expect((await call(h.apiUrl, path, TOKENS.alice)).status).toBe(200);
    for (const name of ["first-rename.iso", "second-rename.iso"]) {
      await h.sim.control.updateItem(4, { name });
      await h.sync("public");
      expect((await call(h.apiUrl, path, TOKENS.alice)).body.data[0].name).toBe(name);
    }
  });

  it("reads SQL for every request while it is not listening, and listens again", async () => {
    await eventually(async () => {
      const killed = await h.database.query<{ ok: boolean }>(
        `select pg_terminate_backend(pid) as ok from pg_stat_activity
          where datname = current_database() and application_name like '% listen'`,
      );
      return killed.length > 0;
    });
    // Once the loss is noticed (the connection's end), unannounced commits are seen at once.
    const before = await etag();
    await eventually(async () => {
      const id = await fakeCommit(false);
      const seen = (await etag()) !== before;
      await h.database.query("delete from vss.sync_runs where id = $1", [id]);
      return seen;
    });
    const id = await fakeCommit(false);
    expect(await etag()).not.toBe(before);
    await h.database.query("delete from vss.sync_runs where id = $1", [id]);
    // Then the listener is back, and the state is kept again.
    await eventually(async () => {
      const kept = await etag();
      const id = await fakeCommit(false);
      const after = await etag();
      await h.database.query("delete from vss.sync_runs where id = $1", [id]);
      return after === kept;
    });
  });
});
