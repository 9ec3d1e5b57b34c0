// Progress of a real `sync --once` in a child process: stderr is a pipe, not a terminal, so progress
// comes as JSON lines there, and stdout keeps only the results.
import { type Simulator, startSimulator } from "@vss-mirror/simulator";
import { createTestDatabase } from "@vss-mirror/test-services";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { ProgressEvent } from "../src/progress/create-progress-reporter.js";
import { runCli } from "./run-cli.js";

// 2,000 items, 250 a page, walked by id in 2 ranges beside the first page (9 or 10 pages in all), with
// latency so the run lasts long enough for the throttle and the rate to matter.
const ITEMS = 2_000;
const PAGES = 8;
let sim: Simulator;
let testDb: { url: string; drop: () => Promise<void> };
let env: Record<string, string>;

beforeAll(async () => {
  testDb = await createTestDatabase(inject("databaseUrl"));
  sim = await startSimulator({ items: ITEMS, tokenRateLimit: false, latencyMs: 40 });
  env = {
    VSS_API_URL: sim.url,
    VSS_USERNAME: "alice",
    VSS_PASSWORD: "alice-password",
    DATABASE_URL: testDb.url,
    SYNC_CONCURRENCY: "2",
    LOG_LEVEL: "warn",
  };
});

afterAll(async () => {
  await sim?.close();
  await testDb?.drop();
});

function progressLines(stderr: string): ProgressEvent[] {
  const lines = stderr.split("\n").filter(Boolean);
  return lines.map((line) => JSON.parse(line) as ProgressEvent);
}

describe("sync --once progress", () => {
  it("emits JSON progress lines on stderr when it is not a terminal, ending at every page done", async () => {
    const run = await runCli(["sync", "--once", "--scope", "public"], env);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^public: succeeded \(run \d+\) inserted=2000 /);
    const events = progressLines(run.stderr);
    expect(events.length).toBeGreaterThanOrEqual(2);
    for (const event of events) {
      expect(Object.keys(event).sort()).toEqual(
        ["event", "scope", "pagesDone", "pages", "itemsDone", "total", "itemsPerSecond", "etaSeconds"].sort(),
      );
      expect(event).toMatchObject({ event: "progress", scope: "public", total: ITEMS });
      // The expected page count is an estimate while ranges are walked, never below what is done.
      expect(event.pages).toBeGreaterThanOrEqual(event.pagesDone);
    }
    const done = events.map((event) => event.pagesDone);
    expect(done).toEqual([...done].sort((a, b) => a - b));
    const last = events.at(-1)!;
    expect(last).toMatchObject({ itemsDone: ITEMS, etaSeconds: 0, pages: last.pagesDone });
    expect(last.pagesDone).toBeGreaterThanOrEqual(PAGES);
    expect(events.at(-1)?.itemsPerSecond).toBeGreaterThan(0);
  });

  it("--json: the results as one JSON document on stdout, progress as JSON lines on stderr", async () => {
    const run = await runCli(["sync", "--once", "--scope", "public", "--json"], env);
    expect(run.code).toBe(0);
    const results = JSON.parse(run.stdout) as { ok: boolean; scopes: { scope: string; unchanged: number }[] };
    expect(results).toMatchObject({ ok: true, scopes: [{ scope: "public", unchanged: ITEMS }] });
    const last = progressLines(run.stderr).at(-1)!;
    expect(last.pages).toBe(last.pagesDone);
    expect(last.pagesDone).toBeGreaterThanOrEqual(PAGES);
  });

  it("--no-progress leaves stderr empty", async () => {
    const run = await runCli(["sync", "--once", "--scope", "public", "--no-progress"], env);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe("");
  });
});
