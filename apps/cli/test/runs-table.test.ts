import type { SyncRunRow } from "@vss-mirror/sync";
import { describe, expect, it } from "vitest";
import { formatDuration } from "../src/report/format-duration.js";
import { runsTable } from "../src/report/runs-table.js";

function run(overrides: Partial<SyncRunRow>): SyncRunRow {
  return {
    id: 1,
    scope: "public",
    trigger: "cli",
    status: "succeeded",
    startedAt: new Date("2026-01-02T03:04:05.000Z"),
    finishedAt: new Date("2026-01-02T03:04:06.500Z"),
    walk: "keyset",
    upstreamTotal: 224,
    pages: 1,
    itemsSeen: 224,
    inserted: 224,
    updated: 0,
    unchanged: 0,
    deleted: 0,
    httpRequests: 2,
    retries: 0,
    error: null,
    jobId: null,
    commitSeq: 1,
    ...overrides,
  };
}

describe("runsTable", () => {
  it("aligns the columns and keeps a multi-line error on one line", () => {
    const table = runsTable([
      run({}),
      run({
        scope: "alice",
        status: "failed",
        itemsSeen: 0,
        inserted: 0,
        walk: null,
        error: "VssAuthError: 401\nunauthorized",
      }),
    ]);
    expect(table.split("\n")).toEqual([
      "scope   status     trigger  started                   duration  walk    items  inserted  updated  deleted  error",
      "public  succeeded  cli      2026-01-02T03:04:05.000Z  1.5s      keyset  224    224       0        0",
      "alice   failed     cli      2026-01-02T03:04:05.000Z  1.5s              0      0         0        0        VssAuthError: 401 unauthorized",
    ]);
  });

  it("shows a running run's elapsed time with a +", () => {
    const table = runsTable(
      [run({ status: "running", finishedAt: null })],
      new Date("2026-01-02T03:05:05.000Z"),
    );
    expect(table).toContain(" 1m00s+ ");
  });

  it("says when there is nothing to show", () => {
    expect(runsTable([])).toBe("no sync runs recorded yet");
  });
});

describe("formatDuration", () => {
  it.each([
    [850, "850ms"],
    [12_345, "12.3s"],
    [245_000, "4m05s"],
  ])("%i ms is %s", (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });
});
