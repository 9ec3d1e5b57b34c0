// The worker's JSON logs of a real run: every line of the run carries the job id and the run id, and no
// secret appears in them, even at LOG_LEVEL=trace through a 401 re-authentication and retries.
import { enqueueSync } from "@vss-mirror/queue";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startWorker } from "../src/index.js";
import { createLogger } from "../src/logger.js";
import { type Harness, startHarness } from "./harness.js";

const ALICE_PASSWORD = "Pa55-for-the-log-test-7d1c";
const BOB_PASSWORD = "bob-Pa55-for-the-log-test-e29f";
const BOB_OTP = "918273";
/** Any JWT (the simulator's tokens are HS256 JWTs, as the real API's are). */
const JWT = /eyJ[\w-]+\.[\w-]+\.[\w-]+/;

interface LogLine {
  level: number;
  msg: string;
  app?: string;
  jobId?: string;
  runId?: number;
  scope?: string;
  status?: number;
}

let h: Harness;
beforeAll(async () => {
  h = await startHarness({
    // Five pages of 250, so faults can hit pages after the first.
    sim: {
      items: 1_200,
      users: [
        { username: "alice", password: ALICE_PASSWORD },
        { username: "bob", password: BOB_PASSWORD, otp: BOB_OTP, files: [{ name: "bob-tools.iso" }] },
      ],
    },
    accounts: [{ username: "bob", password: BOB_PASSWORD, otp: BOB_OTP }],
  });
});
afterAll(async () => {
  await h?.close();
});

/** A pino logger as the worker's main.ts makes it, writing into `chunks` instead of stdout. */
function capturedLogger() {
  const chunks: string[] = [];
  const logger = createLogger("trace", "worker", { write: (chunk: string) => void chunks.push(chunk) });
  const text = () => chunks.join("");
  const lines = () =>
    text()
      .split("\n")
      .filter(Boolean)
      .map((line) => JSON.parse(line) as LogLine);
  return { logger, text, lines };
}

async function requestToken(username: string, password: string, otp?: string): Promise<string> {
  const response = await fetch(`${h.sim.url}/auth/request-token`, {
    method: "POST",
    headers: {
      authorization: `Basic ${Buffer.from(`${username}:${password}`).toString("base64")}`,
      "content-type": "application/json",
    },
    body: JSON.stringify(otp === undefined ? {} : { otp }),
  });
  expect(response.status).toBe(200);
  return ((await response.json()) as { token: string }).token;
}

describe("worker logs", () => {
  it("carry the job and run ids on a run's lines and no password, otp or token", async () => {
    const { logger, text, lines } = capturedLogger();
    // The third listing request revokes every token (the client re-authenticates after the 401), the
    // fourth answers 503 once (the client retries), so the run logs token requests, a 401 and a retry.
    await h.sim.control.setFaults([
      { kind: "expire-token", match: { path: "/v2/iso" }, after: 2, times: 1 },
      { kind: "status", status: 503, match: { path: "/v2/iso" }, after: 3, times: 1 },
    ]);
    const worker = await startWorker({
      config: h.config({ VSS_PASSWORD: ALICE_PASSWORD, LOG_LEVEL: "trace", VSS_RETRIES: "2" }),
      logger,
      prefix: h.prefix,
    });
    try {
      const jobs = [
        await enqueueSync(h.queue, { scope: "public", trigger: "manual" }),
        await enqueueSync(h.queue, { scope: "bob", trigger: "manual" }),
      ];
      for (const job of jobs) {
        await expect
          .poll(() => h.queue.getJobState(job.id!), { timeout: 20_000, interval: 50 })
          .toBe("completed");
      }
      await h.sim.control.clearFaults();

      // The run really went through re-authentication and a retry, and was logged at trace level.
      const stats = await h.sim.control.stats();
      expect(stats.tokensIssued).toBeGreaterThanOrEqual(3);
      const all = lines();
      expect(all.some((line) => line.msg === "VSS request" && line.status === 401)).toBe(true);
      expect(all.some((line) => line.msg === "VSS request failed; retrying")).toBe(true);

      // Secrets: the configured passwords and otp, any JWT, and tokens issued for these accounts now.
      const captured = text();
      expect(captured).not.toContain(ALICE_PASSWORD);
      expect(captured).not.toContain(BOB_PASSWORD);
      expect(captured).not.toMatch(new RegExp(`(?<!\\d)${BOB_OTP}(?!\\d)`));
      expect(captured).not.toMatch(JWT);
      for (const token of [
        await requestToken("alice", ALICE_PASSWORD),
        await requestToken("bob", BOB_PASSWORD, BOB_OTP),
      ]) {
        expect(token).toMatch(JWT);
        expect(captured).not.toContain(token);
      }

      // Ids: each job's run lines, the client's included, carry its job id and its run id.
      for (const job of jobs) {
        const ofJob = all.filter((line) => line.jobId === job.id);
        const started = ofJob.findIndex((line) => line.msg === "sync run started");
        expect(started).toBeGreaterThanOrEqual(0);
        const run = ofJob.slice(started);
        const runId = run[0]!.runId;
        expect(runId).toEqual(expect.any(Number));
        expect(run.map((line) => line.msg)).toEqual(
          expect.arrayContaining(["VSS request", "sync run succeeded", "sync job succeeded"]),
        );
        for (const line of run.filter((line) => line.msg !== "sync job succeeded")) {
          expect(line).toMatchObject({ app: "worker", jobId: job.id, runId, scope: job.data.scope });
        }
      }
      // A key appears once per line even where both the bindings and the call name the run.
      expect(captured.split("\n").filter((line) => (line.match(/"runId"/g) ?? []).length > 1)).toEqual([]);
    } finally {
      await h.sim.control.clearFaults();
      await worker.close();
    }
  });

  it("redacts secrets at any depth when an object carrying them is logged", () => {
    const { logger, text, lines } = capturedLogger();
    const token = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.c2lnbmF0dXJl";
    logger.info(
      {
        password: ALICE_PASSWORD,
        account: { username: "bob", password: BOB_PASSWORD, otp: BOB_OTP },
        request: { headers: { authorization: `Bearer ${token}` }, body: { token } },
        env: { VSS_PASSWORD: ALICE_PASSWORD },
        accounts: [{ username: "bob", password: BOB_PASSWORD }],
      },
      "dumped by mistake",
    );
    expect(text()).not.toContain(ALICE_PASSWORD);
    expect(text()).not.toContain(BOB_PASSWORD);
    expect(text()).not.toContain(BOB_OTP);
    expect(text()).not.toMatch(JWT);
    expect(lines()[0]).toMatchObject({
      password: "[redacted]",
      account: { username: "bob", password: "[redacted]", otp: "[redacted]" },
      request: { headers: { authorization: "[redacted]" }, body: { token: "[redacted]" } },
      accounts: [{ username: "bob", password: "[redacted]" }],
    });
  });
});
