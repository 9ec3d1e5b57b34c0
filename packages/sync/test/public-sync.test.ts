// The public catalogue mirrored into the real Postgres from the simulator over a real socket.
import { parseWireDate } from "@vss-mirror/simulator";
import { VssValidationError } from "@vss-mirror/vss-client";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { runSync } from "../src/index.js";
import {
  changesOf,
  emptyMirror,
  type Harness,
  historyCount,
  rowVersions,
  runRow,
  startHarness,
  storedRows,
} from "./harness.js";

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ items: 600 });
});
afterAll(() => h?.close());
beforeEach(async () => {
  await h.sim.control.reset();
  await emptyMirror(h.database);
});

const ALL_FIELDS = [
  "name",
  "path",
  "data_store",
  "is_public",
  "created_on",
  "updated_on",
  "extra",
  "created_on_text",
  "updated_on_text",
];
const KNOWN = new Set(["id", "name", "path", "data_store", "public", "created_on", "updated_on"]);
const sync = (options: { concurrency?: number } = {}) =>
  runSync({
    upstream: h.sim.url,
    database: h.database,
    client: h.client(),
    scope: "public",
    trigger: "manual",
    ...options,
  });

async function expectMirrorEqualsCatalogue() {
  const upstream = await h.sim.control.items("public");
  const rows = await storedRows(h.database);
  const live = rows.filter((row) => row.deleted_at === null);
  expect(live).toHaveLength(upstream.length);
  live.forEach((row, index) => {
    const item = upstream[index]!;
    expect({
      id: Number(row.vss_id),
      name: row.name,
      path: row.path,
      data_store: row.data_store,
      public: row.is_public,
      created_on: row.created_on.getTime(),
      updated_on: row.updated_on.getTime(),
      created_on_text: row.created_on_text,
      updated_on_text: row.updated_on_text,
      extra: row.extra,
    }).toEqual({
      id: item.id,
      name: item.name,
      path: item.path,
      data_store: item.data_store,
      public: item.public,
      // The simulator's own date parser, written apart from the client's, is the reference here.
      created_on: parseWireDate(item.created_on),
      updated_on: parseWireDate(item.updated_on),
      // And the text as sent, byte for byte (with or without the weekday).
      created_on_text: item.created_on,
      updated_on_text: item.updated_on,
      extra: Object.fromEntries(Object.entries(item).filter(([key]) => !KNOWN.has(key))),
    });
  });
}

describe("public catalogue", () => {
  it("a first sync equals the catalogue row for row, every field, dates exact, with one created row each", async () => {
    const result = await sync();
    expect(result).toMatchObject({
      status: "succeeded",
      itemsSeen: 600,
      inserted: 600,
      updated: 0,
      deleted: 0,
    });
    // By id: the head page of 250, then the other 350 ids in ranges side by side (with a probe of the
    // largest id beside the head).
    expect(result.walk).toBe("keyset");
    expect(result.pages).toBeGreaterThanOrEqual(3);
    expect(result.httpRequests).toBe(1 + 2 + result.pages - 1); // token, head and probe, then ranges
    await expectMirrorEqualsCatalogue();
    const history = await changesOf(h.database, result.runId);
    expect(history).toHaveLength(600);
    expect(history.every((change) => change.change === "created" && change.before === null)).toBe(true);
    expect(await runRow(h.database, result.runId)).toMatchObject({
      status: "succeeded",
      trigger: "manual",
      walk: "keyset",
      upstream_total: 600,
      pages: result.pages,
      items_seen: 600,
      inserted: 600,
      unchanged: 0,
      error: null,
    });
  });

  it("a no-op resync writes no row at all", async () => {
    await sync();
    const versions = await rowVersions(h.database);
    const changesBefore = await historyCount(h.database);
    const again = await sync({ concurrency: 2 });
    expect(again).toMatchObject({ inserted: 0, updated: 0, restored: 0, deleted: 0, unchanged: 600 });
    expect(await rowVersions(h.database)).toEqual(versions);
    expect(await historyCount(h.database)).toBe(changesBefore);
  });

  it("upstream adds, changes and deletes show up exactly on the next sync, with history", async () => {
    await sync();
    const added = await h.sim.control.addItem({ name: String.raw`new 100% _image_ \ "q" {b}, NULL é.iso` });
    await h.sim.control.updateItem(5, { name: "renamed.iso", updated_on: "2026-03-08 Sun 03:30:00 EDT" });
    await h.sim.control.updateItem(6, { checksum: "sha256:abc" });
    await h.sim.control.deleteItem(7);
    const result = await sync();
    expect(result).toMatchObject({ inserted: 1, updated: 2, deleted: 1, unchanged: 597 });
    await expectMirrorEqualsCatalogue();
    const history = await changesOf(h.database, result.runId);
    expect(history.map((c) => [c.vss_id, c.change, c.fields])).toEqual([
      [5, "updated", ["name", "updated_on", "updated_on_text"]],
      [6, "updated", ["extra"]],
      [7, "deleted", ["deleted_at"]],
      [added.id, "created", [...ALL_FIELDS]],
    ]);
    const renamed = history[0]!;
    expect(renamed.after).toMatchObject({ name: "renamed.iso", updated_on: "2026-03-08T07:30:00.000Z" });
    expect(renamed.before?.name).not.toBe("renamed.iso");
    const [gone] = (await storedRows(h.database)).filter((row) => Number(row.vss_id) === 7);
    expect(gone?.deleted_at).toBeInstanceOf(Date);
  });

  it("a date whose text alone changes (the same instant, now with its weekday) is an update", async () => {
    await sync();
    const [item] = (await h.sim.control.items()).filter((i) => i.created_on.length === 23);
    const instant = parseWireDate(item!.created_on);
    // The same instant in the newer form: the weekday goes between date and time.
    const weekday = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"][
      new Date(instant - (item!.created_on.endsWith("EDT") ? 4 : 5) * 3_600_000).getUTCDay()
    ];
    const text = `${item!.created_on.slice(0, 10)} ${weekday} ${item!.created_on.slice(11)}`;
    expect(parseWireDate(text)).toBe(instant);
    await h.sim.control.updateItem(item!.id, { created_on: text });
    const result = await sync();
    expect(result).toMatchObject({ updated: 1, unchanged: 599 });
    const history = await changesOf(h.database, result.runId);
    expect(history.map((c) => [c.vss_id, c.change, c.fields])).toEqual([
      [item!.id, "updated", ["created_on_text"]],
    ]);
    expect(history[0]!.after).toMatchObject({ created_on_text: text });
    expect(history[0]!.before).toMatchObject({ created_on_text: item!.created_on });
    await expectMirrorEqualsCatalogue();
  });

  it("rows from before the dates' text was kept get the upstream's text on the next sync, with no history", async () => {
    await sync();
    // What migration 0007 leaves: the instants' documented form, and no content hash.
    await h.database.query(`update vss.iso_image_rows set content_hash = '',
      created_on_text = to_char(created_on at time zone 'America/Toronto', 'YYYY-MM-DD HH24:MI:SS') || ' EST',
      updated_on_text = 'derived'`);
    await h.sim.control.updateItem(5, { name: "renamed-after-upgrade.iso" });
    const changesBefore = await historyCount(h.database);
    const result = await sync();
    expect(result).toMatchObject({ updated: 1, unchanged: 599 });
    const history = await changesOf(h.database, result.runId);
    // Only the real change; its diff names the text too, as the stored text was not the upstream's.
    expect(history.map((c) => [c.vss_id, c.change, c.fields[0]])).toEqual([[5, "updated", "name"]]);
    expect(await historyCount(h.database)).toBe(changesBefore + 1);
    await expectMirrorEqualsCatalogue();
    // Every hash is the upstream item's again: the next sync stages nothing.
    const again = await sync();
    expect(again).toMatchObject({ updated: 0, unchanged: 600 });
  });

  it("deletes exactly what is gone at either end of the id space and between ranges", async () => {
    await sync();
    for (const id of [1, 250, 251, 333, 599, 600]) await h.sim.control.deleteItem(id);
    const result = await sync();
    expect(result.deleted).toBe(6);
    const history = await changesOf(h.database, result.runId);
    expect(history.map((c) => [c.vss_id, c.change])).toEqual(
      [1, 250, 251, 333, 599, 600].map((id) => [id, "deleted"]),
    );
    await expectMirrorEqualsCatalogue();
  });

  it("a deleted item that comes back is restored, keeping its first_seen_at", async () => {
    await sync();
    const [original] = (await h.sim.control.items()).filter((item) => item.id === 9);
    const firstSeen = (await storedRows(h.database)).find((row) => Number(row.vss_id) === 9)!.first_seen_at;
    await h.sim.control.deleteItem(9);
    await sync();
    await h.sim.control.addItem({ ...original! });
    const result = await sync();
    expect(result).toMatchObject({ restored: 1, inserted: 0, updated: 0, deleted: 0 });
    const history = await changesOf(h.database, result.runId);
    expect(history).toEqual([
      expect.objectContaining({ vss_id: 9, change: "restored", fields: ["deleted_at"] }),
    ]);
    const row = (await storedRows(h.database)).find((r) => Number(r.vss_id) === 9)!;
    expect(row.deleted_at).toBeNull();
    expect(row.first_seen_at).toEqual(firstSeen);
    await expectMirrorEqualsCatalogue();
  });

  it("a run with a page that always fails ends failed, deletes nothing and keeps nothing", async () => {
    await sync();
    const before = await storedRows(h.database);
    const versions = await rowVersions(h.database);
    await h.sim.control.deleteItem(1);
    await h.sim.control.updateItem(2, { name: "changed-before-the-failure.iso" });
    // The walk's head and its probe pass; every request after them fails, retries included.
    await h.sim.control.setFaults([{ kind: "status", status: 503, match: { path: "/v2/iso" }, after: 2 }]);
    await expect(sync()).rejects.toThrow(/503/);
    expect(await storedRows(h.database)).toEqual(before);
    expect(await rowVersions(h.database)).toEqual(versions);
    const [last] = await h.database.query(
      "select status, error, finished_at, commit_seq from vss.sync_runs order by id desc limit 1",
    );
    // No commit number: a change feed never waits for, or points at, a failed run.
    expect(last).toMatchObject({ status: "failed", error: expect.stringMatching(/503/), commit_seq: null });
    expect(last?.finished_at).toBeInstanceOf(Date);
  });

  it("items deleted and added while the walk runs lose nothing that existed throughout", async () => {
    await sync();
    const before = new Set((await h.sim.control.items()).map((item) => item.id));
    // Every range request is held back a while, so the changes land between the walk's requests.
    await h.sim.control.setFaults([{ kind: "latency", delayMs: 200, match: { path: "/v2/iso" }, after: 2 }]);
    const running = sync({ concurrency: 2 });
    await new Promise((resolve) => setTimeout(resolve, 100));
    await h.sim.control.deleteItem(300);
    await h.sim.control.deleteItem(1);
    await h.sim.control.addItem({ name: "added-mid-walk.iso" });
    const result = await running;
    expect(result.walk).toBe("keyset");
    const after = new Set((await h.sim.control.items()).map((item) => item.id));
    const live = new Set(
      (await storedRows(h.database))
        .filter((row) => row.deleted_at === null)
        .map((row) => Number(row.vss_id)),
    );
    const lost = [...before].filter((id) => after.has(id) && !live.has(id));
    expect(lost).toEqual([]);
    await h.sim.control.clearFaults();
    await sync();
    await expectMirrorEqualsCatalogue();
  });

  it("an item PostgreSQL cannot store fails the run naming it, and keeps nothing", async () => {
    await sync();
    const versions = await rowVersions(h.database);
    await h.sim.control.updateItem(450, { name: "bad\u0000name.iso" });
    await expect(sync()).rejects.toThrow(VssValidationError);
    await expect(sync()).rejects.toThrow(/item id 450: name: contains a NUL/);
    expect(await rowVersions(h.database)).toEqual(versions);
  });

  it("a storage failure mid-walk stops the walk, fails the run with its reason and keeps nothing", async () => {
    await sync();
    const versions = await rowVersions(h.database);
    await h.sim.control.updateItem(300, { name: "refused-by-the-database.iso" });
    await h.database.query(`create function vss.refuse_write() returns trigger language plpgsql as $$
      begin
        if new.name = 'refused-by-the-database.iso' then raise exception 'disk full (simulated)'; end if;
        return new;
      end $$`);
    await h.database.query(`create trigger refuse before update on vss.iso_image_rows
      for each row execute function vss.refuse_write()`);
    try {
      await expect(sync({ concurrency: 2 })).rejects.toThrow(/disk full/);
      expect(await rowVersions(h.database)).toEqual(versions);
      const [last] = await h.database.query(
        "select status, error from vss.sync_runs order by id desc limit 1",
      );
      expect(last).toMatchObject({ status: "failed", error: expect.stringMatching(/disk full/) });
    } finally {
      await h.database.query("drop trigger refuse on vss.iso_image_rows");
      await h.database.query("drop function vss.refuse_write()");
    }
  });

  it("retries of transient failures are counted on the run and change nothing", async () => {
    await sync();
    const versions = await rowVersions(h.database);
    await h.sim.control.setFaults([{ kind: "status", status: 502, match: { path: "/v2/iso" }, times: 2 }]);
    const result = await sync();
    expect(result.retries).toBe(2);
    expect(result).toMatchObject({ inserted: 0, updated: 0, deleted: 0 });
    expect(await rowVersions(h.database)).toEqual(versions);
    expect(await runRow(h.database, result.runId)).toMatchObject({ retries: 2 });
  });
});
