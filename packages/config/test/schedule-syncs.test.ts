// scheduleSyncs: which scopes each schedule ticks for, and no tick after stop().
import { describe, expect, it } from "vitest";
import { scheduleSyncs } from "../src/index.js";

const EVERY_SECOND = "* * * * * *";
const ONCE_A_YEAR = "0 2 1 1 *"; // not during a test
const alice = { username: "alice", password: "pw-a" };
const bob = { username: "bob", password: "pw-b" };

function collectTicks(schedule: { public: string; personal: string }, accounts = [alice, bob]) {
  const ticks: { scopes: string[]; tick: Date }[] = [];
  const syncs = scheduleSyncs({ schedule: { ...schedule, timezone: "UTC" }, accounts }, (scopes, tick) =>
    ticks.push({ scopes, tick }),
  );
  return { ticks, syncs };
}

describe("scheduleSyncs", () => {
  it("ticks the public scope on the public schedule only, and stops", async () => {
    const { ticks, syncs } = collectTicks({ public: EVERY_SECOND, personal: ONCE_A_YEAR });
    expect(syncs.scopes).toEqual({ public: ["public"], personal: ["alice", "bob"] });
    await expect.poll(() => ticks.length, { timeout: 5_000, interval: 50 }).toBeGreaterThanOrEqual(1);
    await syncs.stop();
    const seen = ticks.length;
    expect(ticks.every(({ scopes }) => scopes.join() === "public")).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 1_200));
    expect(ticks.length).toBe(seen);
  });

  it("ticks every account's scope together on the personal schedule", async () => {
    const { ticks, syncs } = collectTicks({ public: ONCE_A_YEAR, personal: EVERY_SECOND });
    await expect.poll(() => ticks.length, { timeout: 5_000, interval: 50 }).toBeGreaterThanOrEqual(1);
    await syncs.stop();
    expect(ticks[0]!.scopes).toEqual(["alice", "bob"]);
  });

  it("has no personal schedule without accounts", async () => {
    const { ticks, syncs } = collectTicks({ public: ONCE_A_YEAR, personal: EVERY_SECOND }, []);
    expect(syncs.scopes.personal).toEqual([]);
    await new Promise((resolve) => setTimeout(resolve, 1_200));
    await syncs.stop();
    expect(ticks).toEqual([]);
  });
});
