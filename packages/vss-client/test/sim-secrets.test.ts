// A run full of faults and failures, with every log line, metrics event and error captured: neither the
// password, nor its Basic encoding, nor any token the client used may appear in any of them.
import { inspect } from "node:util";
import { type Simulator, startSimulator } from "@vss-mirror/simulator";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { VssClient, VssRequestEvent } from "../src/index.js";
import { ALICE, captureLogger, clientFor, walkIds } from "./sim-helpers.js";

let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator({ items: 60, tokenRateLimit: false });
});
afterAll(() => sim.close());

it("no password or token in logs, events, errors, causes or the client object", async () => {
  const { logger, lines } = captureLogger();
  const events: VssRequestEvent[] = [];
  const tokens = new Set<string>();
  // Real fetch over the socket; only watches which bearer tokens the client sends.
  const watching: typeof fetch = (input, init) => {
    const auth = new Headers(init?.headers).get("authorization");
    if (auth?.startsWith("Bearer ")) tokens.add(auth.slice("Bearer ".length));
    return fetch(input, init);
  };
  const make = (password = ALICE.password) =>
    clientFor(sim, {
      password,
      logger,
      onRequest: (e) => events.push(e),
      fetch: watching,
      timeoutMs: 200,
      retries: 2,
    });
  const errors: unknown[] = [];
  const clients: VssClient[] = [];
  const run = async (client: VssClient, action: (c: VssClient) => PromiseLike<unknown>) => {
    clients.push(client);
    await Promise.resolve(action(client)).catch((error: unknown) => errors.push(error));
  };

  // Faults that clear: retried, logged at warn.
  await sim.control.setFaults([
    { kind: "status", status: 503, times: 1, match: { path: "/v2/iso", page: 1 } },
    { kind: "reset", times: 1, match: { path: "/v2/iso", page: 2 } },
    { kind: "truncate", times: 1, match: { path: "/v2/iso", page: 3 } },
    { kind: "invalid-json", times: 1, match: { path: "/v2/iso", page: 4 } },
    { kind: "slow", delayMs: 1000, times: 1, match: { path: "/v2/iso", page: 5 } },
    { kind: "expire-token", times: 1, match: { path: "/v2/iso", page: 6 } },
    { kind: "status", status: 500, times: 1, match: { path: "/auth/request-token" } },
  ]);
  await run(make(), async (c) => expect(await walkIds(c.listIsos({ perPage: 10 }))).toHaveLength(60));
  // Faults that never clear, and permanent failures: typed errors.
  await sim.control.setFaults([
    { kind: "status", status: 502, match: { path: "/v2/iso/1" } },
    { kind: "reset", match: { path: "/v2/iso/2" } },
    { kind: "truncate", match: { path: "/v2/iso/3" } },
    { kind: "expire-token", match: { path: "/v2/iso/4" } },
    { kind: "status", status: 403, match: { path: "/v2/iso/5" } },
  ]);
  const client = make();
  for (const id of [1, 2, 3, 4, 5, 99_999]) await run(client, (c) => c.getIso(id));
  await run(make("wrong-password"), (c) => c.listIsos());
  await sim.control.clearFaults();

  expect(tokens.size).toBeGreaterThanOrEqual(2);
  expect(errors).toHaveLength(7);
  expect(lines.some((line) => line.includes('"level":"warn"'))).toBe(true);
  const secrets = [ALICE.password, Buffer.from(`alice:${ALICE.password}`).toString("base64"), ...tokens];
  const texts = [
    ...lines,
    JSON.stringify(events),
    ...errors.flatMap((error) => [
      String(error),
      (error as Error).message,
      (error as Error).stack ?? "",
      JSON.stringify(error),
      inspect(error, { depth: 20, showHidden: true }),
    ]),
    ...clients.flatMap((c) => [JSON.stringify(c), inspect(c, { depth: 20, showHidden: true }), String(c)]),
  ];
  for (const text of texts) for (const secret of secrets) expect(text).not.toContain(secret);
  // The check above only means something if the texts are substantial.
  expect(texts.join("").length).toBeGreaterThan(5000);
});

it("refuses a base URL holding credentials without echoing them", async () => {
  const { VssClient } = await import("../src/index.js");
  const attempt = () =>
    new VssClient({ baseUrl: "http://jdoe:hunter2@vss.example", username: "jdoe", password: "x" });
  expect(attempt).toThrow(TypeError);
  expect(attempt).toThrow(/must not hold a user name or password/);
  try {
    attempt();
  } catch (error) {
    expect(inspect(error)).not.toContain("hunter2");
  }
});
