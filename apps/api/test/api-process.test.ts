// The API process, started as the compose service starts it (`node apps/api/dist/main.js`), with its
// tokens from API_TOKENS_FILE as compose mounts it: serves, and on SIGTERM stops taking requests, closes
// its pool and exits 0 within its grace period.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { connectDatabase, migrateDatabase } from "@vss-mirror/db";
import { createTestDatabase, spawnProductionCommand } from "@vss-mirror/test-services";
import { afterAll, beforeAll, expect, inject, it } from "vitest";

// compose's stop_grace_period for the api service.
const GRACE_MS = 15_000;
const TOKEN = "api-process-token-0123456789";
let testDb: Awaited<ReturnType<typeof createTestDatabase>>;
let dir: string;

beforeAll(async () => {
  testDb = await createTestDatabase(inject("databaseUrl"));
  const database = connectDatabase({ url: testDb.url, max: 1 });
  await migrateDatabase(database);
  await database.close();
  dir = mkdtempSync(join(tmpdir(), "vss-api-process-"));
  writeFileSync(join(dir, "api-tokens.json"), JSON.stringify([{ token: TOKEN, name: "compose" }]));
});
afterAll(async () => {
  await testDb?.drop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

it("serves with the mounted tokens file, then exits 0 on SIGTERM", async () => {
  const api = spawnProductionCommand("api", {
    DATABASE_URL: testDb.url,
    API_TOKENS_FILE: join(dir, "api-tokens.json"),
    API_HOST: "127.0.0.1",
    API_PORT: "0",
    LOG_LEVEL: "info",
  });
  try {
    const listening = /"msg":"Server listening at (http:\/\/127\.0\.0\.1:\d+)"/;
    await expect.poll(() => api.output(), { timeout: 20_000 }).toMatch(/"api listening"/);
    const url = listening.exec(api.output())![1]!;
    const health = await fetch(`${url}/healthz`);
    expect(health.status, await health.text()).toBe(200);
    const authorized = await fetch(`${url}/v2/iso`, { headers: { authorization: `Bearer ${TOKEN}` } });
    // Authenticated by the file's token; nothing synced into this database yet.
    expect(authorized.status).toBe(503);
    expect(await authorized.text()).toContain("has not been mirrored yet");
    expect((await fetch(`${url}/v2/iso`)).status).toBe(401);

    const signalledAt = Date.now();
    api.child.kill("SIGTERM");
    expect(await api.exited).toBe(0);
    expect(Date.now() - signalledAt).toBeLessThan(GRACE_MS);
    expect(api.output()).toContain('"msg":"api stopping"');
    expect(api.output()).not.toContain(TOKEN);
  } finally {
    api.child.kill("SIGKILL");
  }
});
