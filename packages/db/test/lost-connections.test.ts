// A server connection that dies (pg_terminate_backend, a restart, a failover) must fail the work that
// used it, never the process: node-postgres emits 'error' on a client whose server went away, and an
// 'error' event without a listener is an uncaught exception.
import { createTestDatabase } from "@vss-mirror/test-services";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { connectDatabase, type DatabaseHandle } from "../src/index.js";

const APPLICATION = "vss-mirror-lost-connections-test";
let testDb: Awaited<ReturnType<typeof createTestDatabase>>;
let database: DatabaseHandle;
let admin: DatabaseHandle;

beforeAll(async () => {
  testDb = await createTestDatabase(inject("databaseUrl"));
  database = connectDatabase({ url: testDb.url, max: 2, applicationName: APPLICATION });
  admin = connectDatabase({ url: testDb.url, max: 1 });
});
afterAll(async () => {
  await database?.close();
  await admin?.close();
  await testDb?.drop();
});

/** Terminates every backend of the handle under test; answers how many. */
async function terminateBackends(): Promise<number> {
  // In the select list, not the where clause: there the planner may call it before the name filter.
  const rows = await admin.query<{ terminated: boolean }>(
    "select pg_terminate_backend(pid) as terminated from pg_stat_activity where application_name = $1",
    [APPLICATION],
  );
  return rows.filter((row) => row.terminated).length;
}

// Long enough for the server's FATAL message to reach the client and be emitted as 'error'.
const settle = () => new Promise((resolve) => setTimeout(resolve, 300));

describe("a lost server connection", () => {
  it("fails the work of a checked-out connection between statements, and the pool recovers", async () => {
    const work = database.withConnection(async (connection) => {
      await connection.query("select 1");
      // The connection is checked out and idle here: nothing but a listener catches its 'error'.
      expect(await terminateBackends()).toBe(1);
      await settle();
      await connection.query("select 1");
    });
    await expect(work).rejects.toThrow();
    expect(await database.query<{ n: number }>("select 1 as n")).toEqual([{ n: 1 }]);
  });

  it("drops idle pooled connections, and the next query opens a fresh one", async () => {
    await Promise.all([database.query("select pg_sleep(0.05)"), database.query("select pg_sleep(0.05)")]);
    expect(await terminateBackends()).toBe(2);
    await settle();
    expect(await database.query<{ n: number }>("select 2 as n")).toEqual([{ n: 2 }]);
  });
});
