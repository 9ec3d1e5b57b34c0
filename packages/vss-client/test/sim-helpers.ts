// Helpers for the tests that talk to the simulator over a real socket.
import type { Simulator } from "@vss-mirror/simulator";
import { type IsoList, VssClient, type VssClientOptions, type VssLogger } from "../src/index.js";

export const ALICE = { username: "alice", password: "alice-password" };
export const BOB = { username: "bob", password: "bob-password", otp: "123456" };

/** A client for `sim` with fast retries (1-5 ms) so fault tests stay quick. */
export function clientFor(sim: Simulator, options: Partial<VssClientOptions> = {}): VssClient {
  return new VssClient({
    baseUrl: sim.url,
    ...ALICE,
    retries: 3,
    minRetryDelayMs: 1,
    maxRetryDelayMs: 5,
    timeoutMs: 5_000,
    ...options,
  });
}

/** A logger that keeps every call, serialized, for assertions. */
export function captureLogger(): { logger: VssLogger; lines: string[] } {
  const lines: string[] = [];
  const keep = (level: string) => (obj: object, msg?: string) =>
    void lines.push(JSON.stringify({ level, obj, msg }));
  return {
    logger: { debug: keep("debug"), info: keep("info"), warn: keep("warn"), error: keep("error") },
    lines,
  };
}

/** Ids of every item, walking the listing page by page (sequentially or concurrently). */
export async function walkIds(list: IsoList, concurrency?: number): Promise<number[]> {
  const ids: number[] = [];
  const pages = concurrency === undefined ? list.pages() : list.pagesConcurrently({ concurrency });
  for await (const page of pages) for (const item of page.items) ids.push(item.id);
  return ids;
}

/** The error a promise (or an awaitable IsoList) rejects with; throws if it resolves. */
export async function failure(promise: PromiseLike<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error("expected the call to fail");
}

/** 1..n */
export const range = (n: number) => Array.from({ length: n }, (_, i) => i + 1);
