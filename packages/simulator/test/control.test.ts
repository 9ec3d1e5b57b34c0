import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startSimulator, type SimIso, type Simulator } from "../src/index.js";
import { get, json, tokenFor, type Envelope } from "./helpers.js";
import { parseCliOptions } from "../src/cli-options.js";

let sim: Simulator;
let token: string;
beforeAll(async () => {
  sim = await startSimulator({ items: 20, tokenRateLimit: false });
});
afterAll(() => sim.close());
beforeEach(async () => {
  await sim.control.reset();
  token = await tokenFor(sim);
});

describe("control API", () => {
  it("adds, patches (null removes a field) and deletes public items, visible through /v2/iso", async () => {
    const added = await sim.control.addItem({ name: "custom image.iso", vendor_note: "x" });
    expect(added).toMatchObject({
      name: "custom image.iso",
      path: "[vss-ISOs] Uploads/custom image.iso",
      data_store: "vss-ISOs",
      public: true,
      vendor_note: "x",
    });
    expect(added.id).toBeGreaterThanOrEqual(10_000_000);
    const patched = await sim.control.updateItem(added.id, { created_on: "not a date", name: null });
    expect(patched.created_on).toBe("not a date");
    expect("name" in patched).toBe(false);
    const one = await json<{ data: SimIso }>(await get(sim, `/v2/iso/${added.id}`, token));
    expect(one.data).toEqual(patched);
    const filtered = await json<Envelope<SimIso>>(
      await get(sim, "/v2/iso?expand=1&filter=vendor_note,eq,x", token),
    );
    expect(filtered.data.map((item) => item.id)).toEqual([added.id]);
    await sim.control.deleteItem(added.id);
    expect((await get(sim, `/v2/iso/${added.id}`, token)).status).toBe(404);
  });

  it("adds personal items to a user's listing and reset restores the options' state", async () => {
    await sim.control.addItem({ name: "mine.iso" }, "alice");
    const mine = await sim.control.items("alice");
    expect(mine.map((item) => item.path)).toContain("[vssUser-xfers] alice/mine.iso");
    await sim.control.deleteItem(1);
    expect((await sim.control.items()).length).toBe(19);
    await sim.control.reset();
    expect((await sim.control.items()).length).toBe(20);
    expect((await sim.control.items("alice")).length).toBe(2);
  });

  it("answers 404 for unknown users and items, 409 for a taken id", async () => {
    await expect(sim.control.items("nobody")).rejects.toThrow(/404/);
    await expect(sim.control.updateItem(424242, { name: "x" })).rejects.toThrow(/404/);
    await expect(sim.control.addItem({ id: 3 })).rejects.toThrow(/409/);
  });
});

describe("CLI options", () => {
  it("parses valid options", () => {
    expect(
      parseCliOptions({ items: "100000", port: "4010", latencyMs: "20", seed: "9", host: "0.0.0.0" }),
    ).toEqual({
      items: 100_000,
      port: 4010,
      latencyMs: 20,
      seed: 9,
      host: "0.0.0.0",
    });
  });

  it("parses the choices of --personal-shape and --keyset", () => {
    expect(parseCliOptions({ personalShape: "seed" })).toEqual({ personalShape: "seed" });
    expect(parseCliOptions({ personalShape: "paged" })).toEqual({ personalShape: "paged" });
    expect(parseCliOptions({ keyset: "refuse" })).toEqual({ keyset: "refuse" });
    expect(parseCliOptions({ keyset: "supported" })).toEqual({ keyset: "supported" });
  });

  it("parses --token-rate-limit, 0 turning the limit off", () => {
    expect(parseCliOptions({ tokenRateLimit: "0" })).toEqual({ tokenRateLimit: false });
    expect(parseCliOptions({ tokenRateLimit: "100" })).toEqual({
      tokenRateLimit: { limit: 100, windowSeconds: 60 },
    });
  });

  it.each([
    [{ personalShape: "flat" }, "--personal-shape"],
    [{ keyset: "never" }, "--keyset"],
    [{ items: "lots" }, "--items"],
    [{ port: "70000" }, "--port"],
    [{ latencyMs: "-1" }, "--latency-ms"],
    [{ tokenTtlSeconds: "0" }, "--token-ttl-seconds"],
    [{ tokenRateLimit: "-5" }, "--token-rate-limit"],
    [{ users: "/nonexistent/users.json" }, "--users"],
  ])("names the bad option: %j", (raw, flag) => {
    expect(() => parseCliOptions(raw)).toThrow(flag);
  });
});
