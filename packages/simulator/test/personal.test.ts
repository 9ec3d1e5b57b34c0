import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startSimulator, type SimIso, type Simulator } from "../src/index.js";
import { get, json, sleep, tokenFor, type Envelope } from "./helpers.js";

const STEP = 150;
let sim: Simulator;
let token: string;
beforeEach(async () => {
  sim = await startSimulator({ syncStepMs: STEP, tokenRateLimit: false });
  token = await tokenFor(sim);
});
afterEach(() => sim.close());

interface SyncRequest {
  id: number;
  status: string;
  added: number;
  deleted: number;
  task_id: string;
  type: string;
  created_on: string;
  updated_on: string;
  user: { username: string };
  message: { warnings: string[]; errors: string[] };
}

async function listing(): Promise<Envelope<SimIso>> {
  return json(await get(sim, "/v2/user/image/iso?expand=1", token));
}
interface Accepted {
  data: {
    _links: { request: string };
    message: string;
    request: { id: number; status: string; task_id: string };
    status: number;
  };
}
async function patch(): Promise<Accepted> {
  const response = await get(sim, "/v2/user/image/iso", token, { method: "PATCH" });
  expect(response.status).toBe(202);
  return json(response);
}
async function requestState(url: string, bearer = token): Promise<SyncRequest> {
  return (await json<{ data: SyncRequest }>(await get(sim, url, bearer))).data;
}

describe("personal store", () => {
  it("lists the caller's personal ISOs on vssUser-xfers with _links.user", async () => {
    const body = await listing();
    expect(body._links?.user).toBe(`${sim.url}/v2/user/image`);
    expect(body.meta.user).toBe("alice");
    expect(body.data.map((item) => item.path)).toEqual([
      "[vssUser-xfers] alice/alice-tools.iso",
      "[vssUser-xfers] alice/ubuntu-22.04-custom.iso",
    ]);
    for (const item of body.data) {
      expect(item).toMatchObject({ data_store: "vssUser-xfers", public: false });
      expect(item.id).toBeGreaterThanOrEqual(10_000_000);
    }
  });

  it("PATCH answers 202 with the documented body, and the listing changes only when PROCESSED", async () => {
    const before = await listing();
    await sim.control.setFiles("alice", [{ name: "alice-tools.iso" }, { name: "new one.iso" }]);
    const accepted = await patch();
    expect(accepted.data.message).toBe("Request has been accepted for processing");
    expect(accepted.data.status).toBe(202);
    expect(accepted.data.request.status).toBe("SUBMITTED");
    expect(accepted.data.request.task_id).toMatch(/^[0-9a-f-]{36}$/);
    expect(accepted.data._links.request).toBe(`${sim.url}/v2/request/image_sync/${accepted.data.request.id}`);

    const seen: string[] = [];
    const url = accepted.data._links.request;
    let state = await requestState(url);
    const started = Date.now();
    while (!["PROCESSED", "ERROR"].includes(state.status) && Date.now() - started < 5000) {
      if (seen.at(-1) !== state.status) {
        seen.push(state.status);
        // Until the request is PROCESSED the listing is what it was.
        expect((await listing()).data).toEqual(before.data);
      }
      await sleep(20);
      state = await requestState(url);
    }
    seen.push(state.status);
    expect(seen).toEqual(["SUBMITTED", "IN_PROGRESS", "PROCESSED"]);
    expect(state).toMatchObject({
      added: 1,
      deleted: 1,
      user: { username: "alice" },
      message: { warnings: [], errors: [] },
    });
    expect(state.task_id).toBe(accepted.data.request.task_id);

    const after = (await listing()).data;
    expect(after.map((item) => item.name)).toEqual(["alice-tools.iso", "new one.iso"]);
    // The file that stayed keeps its id; the new one gets a fresh id above every earlier one.
    expect(after[0]!.id).toBe(before.data[0]!.id);
    expect(after[1]!.id).toBeGreaterThan(Math.max(...before.data.map((item) => item.id)));
  });

  it("an ERROR outcome leaves the listing alone and reports an error", async () => {
    const before = await listing();
    await sim.control.setFiles("alice", []);
    await sim.control.setSyncOutcome("alice", "ERROR");
    const { data } = await patch();
    await sleep(STEP * 2 + 200);
    const state = await requestState(data._links.request);
    expect(state.status).toBe("ERROR");
    expect(state.message.errors.length).toBe(1);
    expect((await listing()).data).toEqual(before.data);
  });

  it("a user cannot see another user's sync request", async () => {
    const { data } = await patch();
    await sim.control.addUser({ username: "carol", password: "pw" });
    const carol = await tokenFor(sim, { username: "carol", password: "pw" });
    const response = await get(sim, data._links.request, carol);
    expect(response.status).toBe(404);
    expect((await json<{ status: number }>(response)).status).toBe(404);
    expect((await get(sim, data._links.request, token)).status).toBe(200);
  });
});
