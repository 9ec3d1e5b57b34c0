// Shared test helpers: every test talks to a real simulator over a real socket with fetch.
import { expect } from "vitest";
import type { Simulator } from "../src/index.js";

export const ALICE = { username: "alice", password: "alice-password" };

export function basic(username: string, password: string): string {
  return `Basic ${Buffer.from(`${username}:${password}`).toString("base64")}`;
}

export async function requestToken(sim: Simulator, user = ALICE, body?: unknown): Promise<Response> {
  return fetch(`${sim.url}/auth/request-token`, {
    method: "POST",
    headers: {
      authorization: basic(user.username, user.password),
      ...(body === undefined ? {} : { "content-type": "application/json" }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

export async function tokenFor(sim: Simulator, user = ALICE): Promise<string> {
  const response = await requestToken(sim, user);
  if (response.status !== 200) throw new Error(`token request failed: ${response.status}`);
  return ((await response.json()) as { token: string }).token;
}

export async function get(
  sim: Simulator,
  path: string,
  token: string,
  init: RequestInit = {},
): Promise<Response> {
  return fetch(path.startsWith("http") ? path : `${sim.url}${path}`, {
    ...init,
    headers: { authorization: `Bearer ${token}`, ...(init.headers as Record<string, string> | undefined) },
  });
}

export interface Envelope<T = unknown> {
  _links?: Record<string, string>;
  data: T[];
  meta: {
    _link?: { self: string };
    count: number;
    pages: {
      first_url: string;
      last_url: string;
      next_url: string | null;
      prev_url: string | null;
      page: number;
      pages: number;
      per_page: number;
      total: number;
    };
    time: string;
    user: string;
  };
}

export async function json<T>(response: Response): Promise<T> {
  expect(response.headers.get("content-type")).toMatch(/^application\/json/);
  return (await response.json()) as T;
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
