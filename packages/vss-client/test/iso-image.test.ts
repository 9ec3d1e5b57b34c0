import { describe, expect, it } from "vitest";
import { parseVssDate, toIsoImage, VssValidationError, wireIsoSchema } from "../src/index.js";

const wire = {
  id: 10,
  name: "MS_Win2003std_R2_SP2_DISK1.iso",
  path: "[vss-ISOs] Windows/Win2003/MS_Win2003std_R2_SP2_DISK1.iso",
  data_store: "vss-ISOs",
  public: true,
  created_on: "2017-11-17 13:43:11 EST",
  updated_on: "2024-07-02 Tue 09:15:00 EDT",
};

function validationError(fn: () => unknown): VssValidationError {
  try {
    fn();
  } catch (error) {
    if (error instanceof VssValidationError) return error;
    throw error;
  }
  throw new Error("expected a VssValidationError");
}

describe("toIsoImage", () => {
  it("converts the documented item", () => {
    const item = toIsoImage(wire);
    expect(item).toEqual({
      id: 10,
      name: wire.name,
      path: wire.path,
      dataStore: "vss-ISOs",
      isPublic: true,
      createdOn: new Date("2017-11-17T18:43:11Z"),
      updatedOn: new Date("2024-07-02T13:15:00Z"),
      createdOnText: wire.created_on,
      updatedOnText: wire.updated_on,
      extra: {},
    });
  });

  it("keeps unknown fields verbatim in extra", () => {
    const item = toIsoImage({ ...wire, checksum: { sha256: "abc" }, size_gb: 4.2, note: null });
    expect(item.extra).toEqual({ checksum: { sha256: "abc" }, size_gb: 4.2, note: null });
  });

  it("names the item id and the missing field", () => {
    const { name: _name, ...noName } = wire;
    const error = validationError(() => toIsoImage(noName));
    expect(error.itemId).toBe(10);
    expect(error.issues.map((i) => i.field)).toEqual(["name"]);
    expect(error.message).toMatch(/item id 10.*name/);
  });

  it("names a mistyped field", () => {
    const error = validationError(() => toIsoImage({ ...wire, public: "yes" }));
    expect(error.itemId).toBe(10);
    expect(error.issues.map((i) => i.field)).toEqual(["public"]);
  });

  it("names the index when the id is missing or unusable", () => {
    const { id: _id, ...noId } = wire;
    const error = validationError(() => toIsoImage(noId, 7));
    expect(error.itemId).toBeUndefined();
    expect(error.itemIndex).toBe(7);
    expect(error.message).toContain("index 7");
    expect(error.issues.map((i) => i.field)).toEqual(["id"]);
  });

  it("rejects an unexpanded item URL", () => {
    const error = validationError(() => toIsoImage("https://x/v2/iso/17", 0));
    expect(error.itemIndex).toBe(0);
  });
});

describe("toIsoImage's fast path", () => {
  // Its type checks must accept exactly what wireIsoSchema (and the date parser) accept.
  let state = 99;
  const random = () => (state = (state * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(random() * xs.length)]!;
  const VALUES = [
    0,
    7,
    -1,
    1.5,
    Number.NaN,
    "x",
    "",
    "2017-11-17 13:43:11 EST",
    true,
    false,
    null,
    [],
    {},
    undefined,
  ];
  const FIELDS = ["id", "name", "path", "data_store", "public", "created_on", "updated_on"] as const;

  function candidate(): unknown {
    if (random() < 0.02) return pick([null, "item", 5, [], undefined]);
    const item: Record<string, unknown> = {
      id: 10,
      name: "a.iso",
      path: "[vss-ISOs] a.iso",
      data_store: "vss-ISOs",
      public: true,
      created_on: "2017-11-17 13:43:11 EST",
      updated_on: pick(["2017-11-17 13:43:11 EST", "2024-07-02 Tue 09:15:00 EDT", "2024-02-30 10:00:00 EST"]),
    };
    for (const field of FIELDS) {
      if (random() < 0.08) item[field] = pick(VALUES);
      if (random() < 0.03) delete item[field];
    }
    if (random() < 0.3) item.checksum = pick(VALUES);
    return item;
  }

  function reference(raw: unknown): unknown {
    const parsed = wireIsoSchema.safeParse(raw);
    if (!parsed.success) return "refused";
    try {
      const created = parseVssDate(parsed.data.created_on);
      const updated = parseVssDate(parsed.data.updated_on);
      const extra = Object.fromEntries(
        Object.entries(parsed.data).filter(([key]) => !(key in wireIsoSchema.shape)),
      );
      return { id: parsed.data.id, created: created.getTime(), updated: updated.getTime(), extra };
    } catch {
      return "refused";
    }
  }

  it("agrees with the schema on 5,000 generated items", () => {
    for (let i = 0; i < 5_000; i++) {
      const raw = candidate();
      let actual: unknown;
      try {
        const item = toIsoImage(raw);
        actual = {
          id: item.id,
          created: item.createdOn.getTime(),
          updated: item.updatedOn.getTime(),
          extra: item.extra,
        };
      } catch (error) {
        expect(error).toBeInstanceOf(VssValidationError);
        actual = "refused";
      }
      const expected = reference(raw);
      if (JSON.stringify(actual) !== JSON.stringify(expected))
        expect({ raw, actual }).toEqual({ raw, actual: expected });
    }
  });
});
