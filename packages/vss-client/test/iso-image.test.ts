import { describe, expect, it } from "vitest";
import { toIsoImage, VssValidationError } from "../src/index.js";

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
