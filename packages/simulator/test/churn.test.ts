import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { parseWireDate, startSimulator, type ChurnLog, type SimIso, type Simulator } from "../src/index.js";
import { get, json, sleep, tokenFor, type Envelope } from "./helpers.js";

const ITEMS = 60;
let sim: Simulator;
let token: string;
beforeAll(async () => {
  sim = await startSimulator({ items: ITEMS, tokenRateLimit: false });
});
afterAll(() => sim.close());
beforeEach(async () => {
  await sim.control.reset();
  token = await tokenFor(sim);
});

const api = (path: string, bearer = token) => get(sim, path, bearer);
const total = async (path = "/v2/iso?per_page=1") => (await json<Envelope>(await api(path))).meta.pages.total;
const changes = async () => (await sim.control.churn()).changes;
const putChurn = (body: unknown) =>
  fetch(`${sim.url}/_control/churn`, {
    method: "PUT",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });

describe("churn every n requests", () => {
  it("changes the catalogue right after every 3rd answered request, seen from the next request on", async () => {
    await sim.control.setChurn({ everyRequests: 3, operations: ["add"] });
    for (let k = 1; k <= 10; k++) {
      expect(await changes()).toHaveLength(Math.floor((k - 1) / 3));
      if (k % 2 === 0) expect((await api("/v2/iso/1")).status).toBe(200);
      // The k-th answer is built before the change it triggers.
      else expect(await total()).toBe(ITEMS + Math.floor((k - 1) / 3));
      expect(await changes()).toHaveLength(Math.floor(k / 3));
      // Neither control calls, token requests, another scope nor unknown routes count.
      await sim.control.items();
      await tokenFor(sim);
      expect((await api("/v2/user/image/iso")).status).toBe(200);
      expect((await api("/nowhere")).status).toBe(404);
    }
    expect((await changes()).map((change) => change.op)).toEqual(["add", "add", "add"]);
    expect(await total()).toBe(ITEMS + 3);
  });

  it("applies perChange operations per change", async () => {
    await sim.control.setChurn({ everyRequests: 2, perChange: 3, operations: ["add"] });
    for (let k = 0; k < 5; k++) await total();
    expect(await changes()).toHaveLength(6);
    expect(await total()).toBe(ITEMS + 6);
  });

  it("for a user scope, counts only that user's personal requests; 401s and faulted requests never count", async () => {
    await sim.control.addUser({ username: "carol", password: "pw" });
    const carol = await tokenFor(sim, { username: "carol", password: "pw" });
    await sim.control.setChurn({ scope: "alice", everyRequests: 1, operations: ["delete"] });
    await total();
    await api("/v2/user/image/iso", carol);
    await api("/v2/user/image/iso", "not-a-token");
    await sim.control.setFaults([{ kind: "status", status: 503, times: 1 }]);
    expect((await api("/v2/user/image/iso")).status).toBe(503);
    expect(await changes()).toEqual([]);

    const sizes: number[] = [];
    for (let k = 0; k < 3; k++)
      sizes.push((await json<Envelope>(await api("/v2/user/image/iso"))).data.length);
    // alice has two items: each answer is followed by a delete, until there is nothing left to delete.
    expect(sizes).toEqual([2, 1, 0]);
    expect((await changes()).map((change) => change.op)).toEqual(["delete", "delete"]);
    expect(await sim.control.items("alice")).toEqual([]);
    // An answered 404 is an answer: it counts (and finds nothing to delete).
    expect((await api("/v2/user/image/iso/424242")).status).toBe(404);
    expect(await changes()).toHaveLength(2);
  });
});

describe("churn on a timer", () => {
  it("changes over time and stops on DELETE", async () => {
    await sim.control.setChurn({ intervalMs: 20, operations: ["add", "rename"] });
    await sleep(300);
    const running = await sim.control.churn();
    expect(running.active).toBe(true);
    expect(running.changes.length).toBeGreaterThanOrEqual(3);
    const stopped = await sim.control.stopChurn();
    expect(stopped.active).toBe(false);
    await sleep(150);
    const later = await sim.control.churn();
    expect(later).toEqual(stopped);
    expect(later.changes.length).toBeGreaterThanOrEqual(running.changes.length);
    const times = later.changes.map((change) => Date.parse(change.at));
    for (const change of later.changes)
      expect(change.at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    expect([...times].sort((a, b) => a - b)).toEqual(times);
    // Requests do not change anything in interval mode.
    const items = await sim.control.items();
    for (let k = 0; k < 5; k++) await total();
    expect(await sim.control.items()).toEqual(items);
  });
});

describe("churn is reproducible and honest about ids", () => {
  async function run(seed: number) {
    await sim.control.reset();
    token = await tokenFor(sim);
    await sim.control.setChurn({ everyRequests: 2, perChange: 2, seed });
    for (let k = 1; k <= 20; k++) await api(k % 3 === 0 ? `/v2/iso/${k}` : `/v2/iso?expand=1&page=${k}`);
    const log = (await changes()).map(({ op, id }) => ({ op, id }));
    const items = (await sim.control.items()).map(({ id, name, path }) => ({ id, name, path }));
    return { log, items };
  }

  it("same seed and requests: same operations, targets and names; another seed: others", async () => {
    const first = await run(5);
    expect(first.log).toHaveLength(20);
    expect(new Set(first.log.map((change) => change.op))).toEqual(new Set(["delete", "add", "rename"]));
    expect(await run(5)).toEqual(first);
    expect((await run(6)).log).not.toEqual(first.log);
  });

  it("never reuses an id, a deleted id stays gone, and the log tells what existed throughout", async () => {
    const initial = await sim.control.items();
    await sim.control.setChurn({ everyRequests: 1, perChange: 4, seed: 3 });
    for (let k = 0; k < 40; k++) await api(`/v2/iso?expand=1&sort=id,asc&filter=id,gt,${k}`);
    const log: ChurnLog = await sim.control.stopChurn();
    const added = log.changes.filter((change) => change.op === "add").map((change) => change.id);
    const deleted = new Set(
      log.changes.filter((change) => change.op === "delete").map((change) => change.id),
    );
    expect(added.length).toBeGreaterThan(20);
    expect(deleted.size).toBeGreaterThan(20);
    // Fresh ids only: increasing, above everything that existed. Once deleted, an id is never touched
    // again (no rename, no second delete, no add reusing it) and stays gone.
    expect([...added].sort((a, b) => a - b)).toEqual(added);
    expect(added[0]!).toBeGreaterThan(Math.max(...initial.map((item) => item.id)));
    const seen = new Set(initial.map((item) => item.id));
    const gone = new Set<number>();
    for (const { op, id } of log.changes) {
      expect(gone.has(id), `${op} ${id} after its delete`).toBe(false);
      if (op === "add") expect(seen.has(id), `add reused ${id}`).toBe(false);
      seen.add(id);
      if (op === "delete") gone.add(id);
    }
    for (const id of deleted) expect((await api(`/v2/iso/${id}`)).status).toBe(404);
    const final = new Set((await sim.control.items()).map((item) => item.id));
    const expected = new Set([...initial.map((item) => item.id), ...added].filter((id) => !deleted.has(id)));
    expect(final).toEqual(expected);
  });

  it("does not reuse the largest id after that item is deleted", async () => {
    await sim.control.setChurn({ everyRequests: 1, operations: ["add"] });
    await total();
    const [first] = await changes();
    await sim.control.deleteItem(first!.id);
    await total();
    const second = (await changes())[1]!;
    expect(second.id).toBeGreaterThan(first!.id);
  });

  it("adds plausible items with fresh dates, and renames keep the id and created_on", async () => {
    const initial = new Map((await sim.control.items()).map((item) => [item.id, item]));
    await sim.control.setChurn({ everyRequests: 1, perChange: 3, operations: ["add", "rename"], seed: 8 });
    const started = Date.now();
    for (let k = 0; k < 6; k++) await total();
    const items = new Map((await sim.control.items()).map((item) => [item.id, item]));
    const log = await changes();
    const wireDate = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} E[SD]T$/;
    // Wire dates have whole seconds.
    const recent = (date: string) =>
      expect(parseWireDate(date)).toBeGreaterThanOrEqual(Math.floor(started / 1000) * 1000);
    for (const { op, id } of log) {
      const item: SimIso = items.get(id)!;
      expect(item.path).toMatch(/^\[vss-ISOs\] [^/]+\/[^/]+\/[^/]+\.(iso|ISO)$/);
      expect(item.path.endsWith(`/${item.name}`)).toBe(true);
      expect(item.updated_on).toMatch(wireDate);
      recent(item.updated_on);
      if (op === "add") {
        expect(item).toMatchObject({ data_store: "vss-ISOs", public: true, created_on: item.updated_on });
        expect(initial.has(id)).toBe(false);
      } else {
        const before = initial.get(id) ?? item;
        expect(item.name).not.toBe(before.name);
        expect(item.created_on).toBe(before.created_on);
      }
    }
    expect(new Set(log.map((change) => change.op))).toEqual(new Set(["add", "rename"]));
  });

  it("adds personal items under the user's folder on vssUser-xfers", async () => {
    await sim.control.setChurn({ scope: "alice", everyRequests: 1, operations: ["add"] });
    await api("/v2/user/image/iso");
    const [change] = await changes();
    const item = (await sim.control.items("alice")).find((mine) => mine.id === change!.id)!;
    expect(item).toMatchObject({ data_store: "vssUser-xfers", public: false });
    expect(item.path).toBe(`[vssUser-xfers] alice/${item.name}`);
  });
});

describe("churn control", () => {
  it("PUT answers the settings in force, the seed defaulting to the simulator's", async () => {
    const response = await putChurn({ everyRequests: 2 });
    expect(response.status).toBe(200);
    expect(await json(response)).toEqual({
      data: {
        scope: "public",
        everyRequests: 2,
        seed: 1,
        operations: ["delete", "add", "rename"],
        perChange: 1,
      },
    });
  });

  it("reset stops the churn and clears its log", async () => {
    await sim.control.setChurn({ everyRequests: 1 });
    await total();
    expect(await changes()).toHaveLength(1);
    await sim.control.reset();
    expect(await sim.control.churn()).toEqual({ changes: [], active: false });
    const items = await sim.control.items();
    await total();
    expect(await sim.control.items()).toEqual(items);
  });

  it.each([
    [{}, "exactly one of everyRequests and intervalMs"],
    [{ everyRequests: 1, intervalMs: 10 }, "exactly one of everyRequests and intervalMs"],
    [{ everyRequests: 0 }, "everyRequests"],
    [{ intervalMs: "10" }, "intervalMs"],
    [{ everyRequests: 1, operations: ["explode"] }, "operations[0]"],
    [{ everyRequests: 1, operations: [] }, "operations"],
    [{ everyRequests: 1, perChange: 1.5 }, "perChange"],
    [{ everyRequests: 1, scope: "nobody" }, "scope"],
    [{ everyRequests: 1, seed: "x" }, "seed"],
    [{ everyRequests: 1, everyRequest: 2 }, 'unknown field "everyRequest"'],
    [[], "body must be a JSON object"],
  ])("rejects %j with 400 naming the problem, leaving the running churn alone", async (body, mentions) => {
    await sim.control.setChurn({ intervalMs: 60_000 });
    const response = await putChurn(body);
    expect(response.status).toBe(400);
    const error = await json<{ status: number; message: string }>(response);
    expect(error.status).toBe(400);
    expect(error.message).toMatch(/^InvalidParameterValue: /);
    expect(error.message).toContain(mentions);
    expect((await sim.control.churn()).active).toBe(true);
  });
});
