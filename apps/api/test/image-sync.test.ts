// PATCH /v2/user/image/iso and GET /v2/request/image_sync/<id>, as `vss-cli compute iso personal sync`
// and pyvss's sync_user_isos use them: the API asks the upstream (the simulator) to sync the store, runs
// the real sync into Postgres, and reports the request as the upstream would. Both services: in the
// API process (no Redis), and as jobs that a real worker runs (Redis).
import { randomBytes } from "node:crypto";
import { loadConfig } from "@vss-mirror/config";
import { createSyncQueue, redisConnection, type SyncQueue } from "@vss-mirror/queue";
import type { SimIsoInput } from "@vss-mirror/simulator";
import { type RunningWorker, startWorker } from "@vss-mirror/worker";
import type { FastifyInstance } from "fastify";
import type { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { buildApi, QueuedImageSyncs } from "../src/index.js";
import {
  ALICE_FILES,
  apiSettings,
  call,
  type Harness,
  IMAGE_SYNC_REQUEST_KEYS,
  silentLogger,
  startHarness,
  TOKENS,
} from "./harness.js";

const CAROL = "carol-api-token-0123456789";
const newFiles = (n: number, tag: string): SimIsoInput[] =>
  Array.from({ length: n }, (_, i) => ({ name: `${tag}-${i}.iso` }));

async function patch(base: string, token: string) {
  return call(base, "/v2/user/image/iso", token, { method: "PATCH" });
}

/** Polls the request until it is final, as pyvss's wait_for_request does (quicker here). */
async function settle(base: string, url: string, token: string) {
  const path = new URL(url).pathname;
  for (let i = 0; i < 400; i++) {
    const answer = await call(base, path, token);
    if (answer.status !== 200)
      throw new Error(`GET ${path}: ${answer.status} ${JSON.stringify(answer.body)}`);
    if (!["SUBMITTED", "IN_PROGRESS"].includes(answer.body.data.status)) return answer;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`request ${url} never settled`);
}

const total = async (base: string) =>
  (await call(base, "/v2/user/image/iso?per_page=1", TOKENS.alice)).body.meta.pages.total as number;

describe("in the API process (no REDIS_URL)", () => {
  let h: Harness;
  const extra: FastifyInstance[] = [];
  beforeAll(async () => {
    h = await startHarness({ items: 20 });
  });
  afterAll(async () => {
    for (const app of extra) await app.close();
    await h?.close();
  });

  it("answers 202 with the upstream's body, shares a pending request, and reports PROCESSED with counts", async () => {
    await h.sim.control.setFiles("alice", [...ALICE_FILES.slice(3), ...newFiles(5, "added")]);
    const accepted = await patch(h.apiUrl, TOKENS.alice);
    expect(accepted.status).toBe(202);
    expect(accepted.headers.get("content-type")).toMatch(/^application\/json/);
    const { id } = accepted.body.data.request;
    expect(accepted.body).toEqual({
      data: {
        _links: { request: `${h.apiUrl}/v2/request/image_sync/${id}` },
        message: "Request has been accepted for processing",
        request: { id, status: "SUBMITTED", task_id: expect.stringMatching(/^[0-9a-f-]{36}$/) },
        status: 202,
      },
    });
    // Another PATCH while it is pending (from another of alice's tokens) shares it.
    const again = await patch(h.apiUrl, TOKENS.laptop);
    expect(again.body.data.request).toMatchObject({ id, task_id: accepted.body.data.request.task_id });

    const done = await settle(h.apiUrl, accepted.body.data._links.request, TOKENS.alice);
    expect(Object.keys(done.body.data).sort()).toEqual(IMAGE_SYNC_REQUEST_KEYS);
    expect(done.body.data).toMatchObject({
      id,
      status: "PROCESSED",
      type: "image_sync",
      added: 5,
      deleted: 3,
      task_id: accepted.body.data.request.task_id,
      user: { username: "alice" },
      message: { warnings: [], errors: [] },
    });
    expect(done.body.data.created_on).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d E[SD]T$/);
    expect(await total(h.apiUrl)).toBe(ALICE_FILES.length - 3 + 5);
    // The next PATCH is a new request.
    const next = await patch(h.apiUrl, TOKENS.alice);
    expect(next.body.data.request.id).not.toBe(id);
    expect((await settle(h.apiUrl, next.body.data._links.request, TOKENS.alice)).body.data).toMatchObject({
      status: "PROCESSED",
      added: 0,
      deleted: 0,
    });
  });

  it("reports ERROR with the reason when the upstream's sync fails, and keeps the listing", async () => {
    const before = await total(h.apiUrl);
    await h.sim.control.setFiles("alice", newFiles(2, "never-listed"));
    await h.sim.control.setSyncOutcome("alice", "ERROR");
    const accepted = await patch(h.apiUrl, TOKENS.alice);
    const done = await settle(h.apiUrl, accepted.body.data._links.request, TOKENS.alice);
    expect(done.body.data.status).toBe("ERROR");
    expect(done.body.data.message.errors).toHaveLength(1);
    expect(done.body.data.message.errors[0]).toMatch(/ERROR/);
    expect(done.body.data.message.errors[0]).not.toContain("alice-password");
    expect(await total(h.apiUrl)).toBe(before);
    await h.sim.control.setSyncOutcome("alice", "PROCESSED");
  });

  it("lets only the request's own user read it, and 403s a store the mirror has no account for", async () => {
    const { id } = (await patch(h.apiUrl, TOKENS.alice)).body.data.request;
    const theirs = await call(h.apiUrl, `/v2/request/image_sync/${id}`, TOKENS.reader);
    expect(theirs.status).toBe(404);
    expect((await call(h.apiUrl, "/v2/request/image_sync/999999", TOKENS.alice)).status).toBe(404);
    expect((await call(h.apiUrl, "/v2/request/image_sync/abc", TOKENS.alice)).status).toBe(400);
    expect((await call(h.apiUrl, `/v2/request/image_sync/${id}`, undefined)).status).toBe(401);
    // A token without a store, and a store whose account the mirror is not configured with.
    const none = await patch(h.apiUrl, TOKENS.reader);
    expect(none.status).toBe(403);
    expect(none.body).toMatchObject({ status: 403, error: "forbidden" });
    const app = await buildApi({
      database: h.database,
      config: apiSettings({ tokens: [{ token: CAROL, name: "carol", user: "carol" }] }),
      logger: silentLogger(),
    });
    extra.push(app);
    const carol = await patch(await app.listen({ host: "127.0.0.1", port: 0 }), CAROL);
    expect(carol.status).toBe(403);
    expect(carol.body.message).toContain('no VSS account "carol"');
    await settle(h.apiUrl, `${h.apiUrl}/v2/request/image_sync/${id}`, TOKENS.alice);
  });
});

describe("as sync jobs for the workers (REDIS_URL)", () => {
  let h: Harness;
  let queue: SyncQueue;
  let connection: Redis;
  let worker: RunningWorker | undefined;
  const prefix = `test-${randomBytes(6).toString("hex")}`;
  beforeAll(async () => {
    connection = redisConnection(inject("redisUrl"), "queue");
    queue = createSyncQueue(connection, { prefix });
    h = await startHarness({
      items: 20,
      imageSync: (database) =>
        new QueuedImageSyncs({ queue, database, usernames: ["alice"], enqueuedBy: "api-test" }),
    });
  });
  afterAll(async () => {
    await worker?.close();
    await h?.close();
    await queue?.obliterate({ force: true }).catch(() => {});
    connection?.disconnect();
  });

  it("queues one job per pending store, which a worker runs, reported from the job and its run", async () => {
    await h.sim.control.setFiles("alice", [...ALICE_FILES, ...newFiles(4, "queued")]);
    const accepted = await patch(h.apiUrl, TOKENS.alice);
    expect(accepted.status).toBe(202);
    const { id, task_id } = accepted.body.data.request;
    expect(accepted.body.data.request.status).toBe("SUBMITTED");
    expect(accepted.body.data._links.request).toBe(`${h.apiUrl}/v2/request/image_sync/${id}`);
    // No worker yet: the job waits, and PATCHes share it.
    expect((await patch(h.apiUrl, TOKENS.laptop)).body.data.request).toEqual({
      id,
      status: "SUBMITTED",
      task_id,
    });
    expect((await call(h.apiUrl, `/v2/request/image_sync/${id}`, TOKENS.alice)).body.data.status).toBe(
      "SUBMITTED",
    );
    expect((await call(h.apiUrl, `/v2/request/image_sync/${id}`, TOKENS.reader)).status).toBe(404);

    const env = {
      VSS_API_URL: h.sim.url,
      VSS_USERNAME: "alice",
      VSS_PASSWORD: "alice-password",
      DATABASE_URL: h.databaseUrl,
      REDIS_URL: inject("redisUrl"),
      PERSONAL_SYNC_POLL_MS: "5",
      WORKER_HEALTH_HOST: "127.0.0.1",
      WORKER_HEALTH_PORT: "0",
    };
    worker = await startWorker({
      config: loadConfig(env, ["vss", "database", "redis"]),
      logger: silentLogger(),
      prefix,
    });
    const done = await settle(h.apiUrl, accepted.body.data._links.request, TOKENS.alice);
    expect(Object.keys(done.body.data).sort()).toEqual(IMAGE_SYNC_REQUEST_KEYS);
    expect(done.body.data).toMatchObject({ id, status: "PROCESSED", added: 4, deleted: 0, task_id });
    expect(await total(h.apiUrl)).toBe(ALICE_FILES.length + 4);
    // The request id comes from a Postgres sequence; the job is `image-sync-<id>`, and its run records
    // that with the job's unique enqueue id.
    const [run] = await h.database.query<{ trigger: string; job_id: string }>(
      "select trigger, job_id from vss.sync_runs where split_part(job_id, '/', 1) = $1",
      [`image-sync-${id}`],
    );
    expect(run?.trigger).toBe("manual");
    expect(run?.job_id).toMatch(new RegExp(`^image-sync-${id}/[0-9a-f-]{36}$`));
  });
});
