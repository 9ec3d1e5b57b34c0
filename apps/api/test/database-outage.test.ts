// The API and a lost database: while Postgres is unreachable or its sessions are killed, every endpoint
// that needs it answers 503 with the upstream's JSON body (never a 500, never SQL), /healthz says the
// database is down, and the same API serves again by itself once the database is back. The faults are
// real: a TCP proxy between the API and Postgres that is cut and restored, and pg_terminate_backend on
// the API's own sessions.
import { connectDatabase, type DatabaseHandle } from "@vss-mirror/db";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { API_ROUTES, buildApi, type RouteModule } from "../src/index.js";
import {
  type Answer,
  apiSettings,
  call,
  type Harness,
  silentLogger,
  startHarness,
  TOKENS,
} from "./harness.js";
import { startTcpProxy, type TcpProxy } from "@vss-mirror/test-services";

const APPLICATION = "vss-mirror-api-outage-test";
const BROKEN_PATH = "/test/broken-sql";

let h: Harness;
let proxy: TcpProxy;
let database: DatabaseHandle;
let api: FastifyInstance;
let apiUrl: string;
let paths: string[];

/** A route with a genuine bug (a table that does not exist): the 500 a lost database must not hide. */
const brokenRoute: RouteModule = (app, deps) => {
  app.get(BROKEN_PATH, async () => deps.database.query("select * from vss.no_such_table"));
};

beforeAll(async () => {
  h = await startHarness({ items: 120 });
  proxy = await startTcpProxy(h.databaseUrl);
  // Without LISTEN (as on PGlite), so that every data request reads vss.sync_runs first, as the first
  // test needs; scope-state.test.ts covers a listening API losing its connection.
  database = {
    ...connectDatabase({ url: proxy.url, max: 8, applicationName: APPLICATION }),
    listen: undefined,
  };
  api = await buildApi({
    database,
    config: apiSettings(),
    logger: silentLogger(),
    routes: [...API_ROUTES, brokenRoute],
  });
  await api.listen({ host: "127.0.0.1", port: 0 });
  const address = api.server.address();
  if (address === null || typeof address === "string") throw new Error("api: no TCP address");
  apiUrl = `http://127.0.0.1:${address.port}`;
  const personal = await call(apiUrl, "/v2/user/image/iso", TOKENS.alice);
  const personalItem = new URL(personal.body.data[0] as string).pathname;
  paths = [
    "/v2/iso?per_page=20",
    "/v2/iso/3",
    "/v2/user/image/iso?expand=1",
    personalItem,
    "/changes?limit=20",
  ];
});
afterAll(async () => {
  await api?.close();
  await database?.close();
  await proxy?.close();
  await h?.close();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Observed extends Answer {
  path: string;
}

/** Requests every path over and over, one loop per path, until `stop()`; answers every answer. */
function hammer(targets: string[]) {
  const answers: Observed[] = [];
  let stopped = false;
  const loops = targets.map(async (path) => {
    while (!stopped) {
      answers.push({ path, ...(await call(apiUrl, path, TOKENS.alice)) });
      await sleep(5);
    }
  });
  return {
    answers,
    stop: async () => {
      stopped = true;
      await Promise.all(loops);
      return answers;
    },
  };
}

/** The answers that are neither served nor refused as unavailable, as `<path> <status>` lines. */
const neither200Nor503 = (answers: Observed[]) =>
  answers.filter((answer) => ![200, 503].includes(answer.status)).map((a) => `${a.path} ${a.status}`);

/** Exactly the 503 the API promises: the upstream's error shape, no internals, and when to retry. */
function expectUnavailable(answer: Observed) {
  expect({ path: answer.path, status: answer.status }).toEqual({ path: answer.path, status: 503 });
  expect(answer.headers.get("content-type")).toMatch(/^application\/json/);
  expect(answer.headers.get("retry-after")).toBe("5");
  expect(answer.body).toEqual({
    status: 503,
    error: "service_unavailable",
    message: "ServiceUnavailable: the mirror's database is unreachable; retry shortly",
  });
}

async function expectAllServed() {
  for (const path of paths)
    expect({ path, status: (await call(apiUrl, path, TOKENS.alice)).status }).toEqual({ path, status: 200 });
  expect((await call(apiUrl, "/healthz", undefined)).body).toEqual({
    status: "ok",
    checks: { database: "ok" },
  });
}

/** Terminates every session of the API's pool (from the harness's own connection); answers how many. */
async function terminateApiBackends(): Promise<number> {
  // In the select list, not the where clause: there the planner may call it before the name filter.
  const rows = await h.database.query<{ terminated: boolean }>(
    "select pg_terminate_backend(pid) as terminated from pg_stat_activity where application_name = $1",
    [APPLICATION],
  );
  return rows.filter((row) => row.terminated).length;
}

describe("the API when the database is lost", () => {
  it("answers 503 to requests whose sessions are terminated mid-query, then serves them again", async () => {
    await expectAllServed();
    const answers = await h.database.withConnection(async (locker) => {
      // Every data request reads vss.sync_runs first: locked, each one waits on the server, mid-query.
      await locker.query("begin");
      await locker.query("lock table vss.sync_runs in access exclusive mode");
      try {
        const pending = paths.map(async (path) => ({ path, ...(await call(apiUrl, path, TOKENS.alice)) }));
        await expect
          .poll(
            async () => {
              const [row] = await h.database.query<{ n: number }>(
                "select count(*)::int as n from pg_stat_activity where application_name = $1 and wait_event_type = 'Lock'",
                [APPLICATION],
              );
              return row?.n;
            },
            { timeout: 10_000 },
          )
          .toBe(paths.length);
        expect(await terminateApiBackends()).toBeGreaterThanOrEqual(paths.length);
        return await Promise.all(pending);
      } finally {
        await locker.query("rollback");
      }
    });
    expect(answers).toHaveLength(paths.length);
    for (const answer of answers) expectUnavailable(answer);
    await expectAllServed();
  });

  it("answers 503 while the database is unreachable, says so on /healthz, and recovers by itself", async () => {
    await expectAllServed();
    const load = hammer([...paths, "/healthz"]);
    // Cut once every path was served, so the outage hits a working API mid-stream.
    await expect
      .poll(() => paths.every((path) => load.answers.some((answer) => answer.path === path)), {
        timeout: 10_000,
      })
      .toBe(true);
    await proxy.cut();
    await sleep(2_500);
    await proxy.restore();
    // Serving again, with no restart: every path's latest answer is a 200.
    await expect
      .poll(
        () =>
          [...paths, "/healthz"].every(
            (path) => load.answers.findLast((answer) => answer.path === path)?.status === 200,
          ),
        { timeout: 15_000, interval: 50 },
      )
      .toBe(true);
    const answers = await load.stop();

    expect(neither200Nor503(answers)).toEqual([]);
    for (const path of paths) {
      const mine = answers.filter((answer) => answer.path === path);
      const unavailable = mine.filter((answer) => answer.status === 503);
      // Each endpoint was asked many times during the outage, and refused every one the same way.
      expect({ path, refused: unavailable.length > 5 }).toEqual({ path, refused: true });
      for (const answer of unavailable) expectUnavailable(answer);
      expect(mine.slice(0, 1).map((answer) => answer.status)).toEqual([200]);
    }
    const health = answers.filter((answer) => answer.path === "/healthz" && answer.status === 503);
    expect(health.length).toBeGreaterThan(0);
    for (const answer of health) {
      expect(answer.body).toEqual({
        status: "unavailable",
        checks: { database: expect.stringMatching(/^down: \S/) },
      });
    }
    await expectAllServed();
  });

  it("stays up, answering only 200 or 503, while its sessions are terminated again and again", async () => {
    const load = hammer(paths);
    let terminated = 0;
    const until = Date.now() + 2_000;
    while (Date.now() < until) {
      terminated += await terminateApiBackends();
      await sleep(10);
    }
    const answers = await load.stop();
    // Sessions died while requests were being served: many times, on every path.
    expect(terminated).toBeGreaterThan(3);
    for (const path of paths)
      expect(answers.filter((answer) => answer.path === path).length).toBeGreaterThan(3);
    expect(neither200Nor503(answers)).toEqual([]);
    for (const answer of answers.filter((answer) => answer.status === 503)) expectUnavailable(answer);
    await expectAllServed();
  });

  it("answers 503 when it starts with no database to reach, naming the reason on /healthz", async () => {
    const closed = await startTcpProxy(h.databaseUrl);
    await closed.cut();
    const unreachable = connectDatabase({ url: closed.url, max: 2 });
    const lonely = await buildApi({ database: unreachable, config: apiSettings(), logger: silentLogger() });
    try {
      for (const path of paths) {
        const answer = await lonely.inject({
          url: path,
          headers: { authorization: `Bearer ${TOKENS.alice}` },
        });
        expectUnavailable({
          path,
          status: answer.statusCode,
          headers: new Headers(answer.headers as Record<string, string>),
          body: answer.json(),
        });
      }
      const health = await lonely.inject({ url: "/healthz" });
      expect(health.statusCode).toBe(503);
      expect(health.json()).toEqual({
        status: "unavailable",
        checks: { database: expect.stringMatching(/^down: connect ECONNREFUSED /) },
      });
    } finally {
      await lonely.close();
      await unreachable.close();
    }
  });

  it("still answers a genuine failure with a 500 that names nothing internal", async () => {
    const answer = await call(apiUrl, BROKEN_PATH, undefined);
    expect(answer.status).toBe(500);
    expect(answer.headers.get("retry-after")).toBeNull();
    expect(answer.body).toEqual({
      status: 500,
      error: "internal_error",
      message: "InternalError: the request failed; see the API's log",
    });
  });
});
