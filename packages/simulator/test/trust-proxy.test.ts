// Behind a TLS proxy the urls a client follows must be the proxy's: with trustProxy the simulator builds
// them from X-Forwarded-Proto and -Host, as the cache API does with TRUST_PROXY; without it, never.
import { afterEach, expect, it } from "vitest";
import { type Simulator, startSimulator } from "../src/index.js";
import { type Envelope, get, json, tokenFor } from "./helpers.js";

let sim: Simulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

const forwarded = { "x-forwarded-proto": "https", "x-forwarded-host": "vss.example.org" };

it.each([
  [true, "https://vss.example.org"],
  [false, undefined],
] as const)(
  "trustProxy %s: urls from the forwarded headers, or from the socket",
  async (trustProxy, origin) => {
    sim = await startSimulator({ trustProxy, tokenRateLimit: false });
    const token = await tokenFor(sim);
    const body = await json<Envelope>(await get(sim, "/v2/iso?per_page=5", token, { headers: forwarded }));
    expect(body.meta.pages.next_url).toBe(`${origin ?? sim.url}/v2/iso?per_page=5&page=2`);
  },
);
