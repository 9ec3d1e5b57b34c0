// The compatibility suite: a client that behaves as pyvss and vss-cli do (compat-client.ts) runs the
// same session against the simulator (the upstream's stand-in) and against the cache API over a mirror
// of it (synced with the real sync engine), and must get identical results: the same items with the
// same fields, and the same envelope keys. Only what differs by nature is normalised: the host in urls,
// `meta.time`, and date text (compared as instants: the simulator also sends the newer weekday form).
import { parseVssDate } from "@vss-mirror/vss-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ALICE_FILES, type Harness, IMAGE_SYNC_REQUEST_KEYS, startHarness, TOKENS } from "../harness.js";
import { CompatClient, DecodeError, decodeUnverified, type ListedPage } from "./compat-client.js";

let h: Harness;
let targets: { name: "simulator" | "api"; base: string; client: CompatClient }[];

beforeAll(async () => {
  h = await startHarness({ items: 60 });
  const client = (baseUrl: string, password: string) =>
    new CompatClient({ baseUrl, username: "alice", password, pollIntervalMs: 20 });
  targets = [
    { name: "simulator", base: h.sim.url, client: client(h.sim.url, "alice-password") },
    { name: "api", base: h.apiUrl, client: client(h.apiUrl, TOKENS.alice) },
  ];
  for (const target of targets) await target.client.login();
});
afterAll(() => h?.close());

const DATE_FIELDS = new Set(["created_on", "updated_on"]);

function normalize(value: unknown, base: string): unknown {
  if (typeof value === "string") return value.startsWith(base) ? `<base>${value.slice(base.length)}` : value;
  if (Array.isArray(value)) return value.map((entry) => normalize(entry, base));
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([key]) => key !== "time")
        .map(([key, entry]) => [
          key,
          DATE_FIELDS.has(key) && typeof entry === "string"
            ? parseVssDate(entry).toISOString()
            : normalize(entry, base),
        ]),
    );
  }
  return value;
}

/** The keys of an envelope, nested (`meta.pages.next_url`), without its data. */
function keysOf(value: unknown, prefix = ""): string[] {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return [];
  return Object.entries(value).flatMap(([key, entry]) => [
    `${prefix}${key}`,
    ...keysOf(entry, `${prefix}${key}.`),
  ]);
}

/** Runs `session` against both servers, normalised, and expects the same outcome. */
async function same<T>(session: (client: CompatClient) => Promise<T>): Promise<unknown> {
  const [sim, api] = await Promise.all(
    targets.map(async ({ base, client }) => normalize(await session(client), base)),
  );
  expect(api).toEqual(sim);
  return api;
}

const shape = (pages: ListedPage[]) => ({
  pages: pages.length,
  keys: pages.map((page) => keysOf(page.envelope)),
  envelopes: pages.map((page) => page.envelope),
  items: pages.flatMap((page) => page.data),
});

describe("login", () => {
  it("gets a JWT that pyvss can decode without verifying, from both", async () => {
    for (const { name, client } of targets) {
      expect({ name, claims: client.claims }).toMatchObject({
        name,
        claims: { sub: "alice", otp: false, exp: expect.any(Number), iat: expect.any(Number) },
      });
    }
    // What pyvss did with the API's old answer (the API token as given): fail.
    expect(() => decodeUnverified(TOKENS.alice)).toThrow(DecodeError);
    expect(() => decodeUnverified(TOKENS.alice)).toThrow("Not enough segments");
  });
});

describe("listing as pyvss and vss-cli do", () => {
  it.each([
    "/v2/iso?expand=1&per_page=250&filter=&sort=",
    "/v2/iso?expand=1&per_page=500&filter=&sort=",
    "/v2/iso?expand=1&per_page=7&filter=&sort=",
    "/v2/iso?expand=1&per_page=250",
    "/v2/iso?expand=1&per_page=20&filter=name,like,%25Linux%25&sort=name,desc",
    "/v2/iso?expand=1",
    "/v2/user/image/iso?expand=1&per_page=250&filter=&sort=",
    "/v2/user/image/iso?expand=1&per_page=5&filter=&sort=",
  ])("follows next_url verbatim from %s", async (first) => {
    const result = (await same(async (client) => shape(await client.pages(first)))) as ReturnType<
      typeof shape
    >;
    expect(result.items.length).toBeGreaterThan(0);
    for (const envelope of result.envelopes as { meta: { pages: { next_url: string | null } } }[]) {
      const next = envelope.meta.pages.next_url;
      if (next !== null) expect(next).toMatch(/[?&]per_page=\d+/);
    }
  });

  it("lists the public catalogue with its self link in meta._link, and the personal store with _links.user", async () => {
    const [catalogue] = (await same((client) =>
      client.pages("/v2/iso?per_page=250&expand=1"),
    )) as ListedPage[];
    expect(Object.keys(catalogue!.envelope)).toEqual(["meta"]);
    expect(Object.keys(catalogue!.envelope.meta as object)).toEqual(["_link", "count", "pages", "user"]);
    const [personal] = (await same((client) =>
      client.pages("/v2/user/image/iso?per_page=250"),
    )) as ListedPage[];
    expect(personal!.envelope._links).toEqual({
      self: "<base>/v2/user/image/iso?per_page=250",
      user: "<base>/v2/user/image",
    });
  });

  it("follows the item urls of an unexpanded page", async () => {
    const items = (await same(async (client) => {
      const pages = await client.pages("/v2/iso?per_page=250&filter=&sort=");
      return client.follow(pages.flatMap((page) => page.data));
    })) as unknown[];
    expect(items).toHaveLength(60);
    expect(Object.keys(items[0] as object)).toEqual(
      expect.arrayContaining(["id", "name", "path", "data_store", "public", "created_on", "updated_on"]),
    );
  });
});

describe("personal sync as vss-cli compute iso personal sync", () => {
  it("PATCHes, polls the request until PROCESSED, then lists the same store on both", async () => {
    await h.sim.control.setFiles("alice", [...ALICE_FILES.slice(2), { name: "compat-new.iso" }]);
    const outcomes = [];
    // One after the other: the API's own sync PATCHes the simulator too.
    for (const { name, client } of targets) outcomes.push({ name, request: await client.syncPersonal() });
    for (const { request } of outcomes) {
      expect(Object.keys(request).sort()).toEqual(IMAGE_SYNC_REQUEST_KEYS);
      expect(request).toMatchObject({ status: "PROCESSED", type: "image_sync", user: { username: "alice" } });
    }
    const listed = (await same(async (client) =>
      shape(await client.pages("/v2/user/image/iso?expand=1&per_page=250&filter=&sort=")),
    )) as ReturnType<typeof shape>;
    expect(listed.items).toHaveLength(ALICE_FILES.length - 2 + 1);
    expect(listed.items).toContainEqual(expect.objectContaining({ name: "compat-new.iso" }));
  });
});
