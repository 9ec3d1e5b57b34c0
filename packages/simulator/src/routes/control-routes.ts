// The control API under /_control (simulator-contract, "Control API"): no auth, never delayed or faulted,
// not counted in the stats. Tests use it to shape the catalogue, the users and the faults; churn and
// capabilities have their own files.
import type { FastifyInstance, FastifyRequest } from "fastify";
import { apiHandler, type ApiFunction } from "../api-handler.js";
import type { Scope } from "../complete-item.js";
import { badParameter, SimHttpError } from "../http-error.js";
import type { ItemCollection } from "../item-collection.js";
import type { SimState, UserState } from "../sim-state.js";
import type { SimIso } from "../types.js";
import { faultRules, itemInput, itemInputs, objectBody, simUser, syncOutcome } from "../validate-control.js";

export const CONTROL_PREFIX = "/_control";

/** Registers one control route at `/_control<url>`. */
export function controlRoute(
  app: FastifyInstance,
  method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE",
  url: string,
  fn: ApiFunction,
): void {
  app.route({ method, url: `${CONTROL_PREFIX}${url}`, handler: apiHandler(fn) });
}

function scopeOf(state: SimState, value: unknown): Scope {
  if (value === undefined || value === "public") return "public";
  if (typeof value !== "string" || !state.users.has(value))
    throw new SimHttpError(404, `NotFound: no user "${String(value)}"`);
  return { username: value };
}

function itemId(request: FastifyRequest): number {
  const raw = (request.params as { id: string }).id;
  if (!/^\d+$/.test(raw)) throw badParameter(`id must be a positive integer, got "${raw}"`);
  return Number(raw);
}

function located(state: SimState, id: number): [ItemCollection, SimIso] {
  const collection = state.locate(id);
  const item = collection?.get(id);
  if (!collection || !item) throw new SimHttpError(404, `NotFound: no item with id ${id}`);
  return [collection, item];
}

export function registerControlRoutes(app: FastifyInstance, state: SimState): void {
  const user = (request: FastifyRequest): UserState => {
    const { username } = request.params as { username: string };
    const found = state.users.get(username);
    if (!found) throw new SimHttpError(404, `NotFound: no user "${username}"`);
    return found;
  };
  const route = (method: Parameters<typeof controlRoute>[1], url: string, fn: ApiFunction) =>
    controlRoute(app, method, url, fn);

  route("GET", "/items", (request) => {
    const scope = scopeOf(state, (request.query as { scope?: string }).scope);
    return {
      body: {
        data:
          state
            .collection(scope)
            ?.all()
            .map((entry) => entry.item) ?? [],
      },
    };
  });
  route("POST", "/items", (request) => {
    const body = objectBody(request.body, "body");
    const scope = scopeOf(state, body.scope);
    const input = itemInput(body.item ?? {}, "item");
    if (typeof input.id === "number" && state.locate(input.id))
      throw new SimHttpError(409, `Conflict: id ${input.id} is taken`);
    const item = state.newItem(input, scope);
    state.collection(scope)?.put(item);
    return { status: 201, body: { data: item } };
  });
  route("PATCH", "/items/:id", (request) => {
    const id = itemId(request);
    const [collection, current] = located(state, id);
    const patched: SimIso = { ...current };
    for (const [key, value] of Object.entries(objectBody(request.body, "body"))) {
      if (key === "id" && value !== id) throw badParameter("id cannot be changed");
      // null removes a field, so tests can build items that miss a required one.
      if (value === null) delete patched[key];
      else patched[key] = value;
    }
    collection.put(patched);
    return { body: { data: patched } };
  });
  route("DELETE", "/items/:id", (request) => {
    const id = itemId(request);
    located(state, id)[0].remove(id);
    return { status: 204 };
  });
  route("PUT", "/users/:username/files", (request) => {
    const target = user(request);
    target.files = itemInputs(objectBody(request.body, "body").files, "files");
    return { body: { data: { username: target.user.username, files: target.files.length } } };
  });
  route("PUT", "/users/:username/sync-outcome", (request) => {
    const target = user(request);
    target.outcome = syncOutcome(request.body);
    return { body: { data: { username: target.user.username, status: target.outcome } } };
  });
  route("POST", "/users", (request) => {
    const added = simUser(request.body);
    state.addUser(added);
    return { status: 201, body: { data: { username: added.username } } };
  });
  route("POST", "/tokens/revoke", () => {
    state.tokens.revokeAll();
    return { body: { data: { revoked: true } } };
  });
  route("PUT", "/faults", (request) => {
    const { rules, seed } = faultRules(request.body);
    state.faults.setRules(rules, seed);
    return { body: { data: { rules: rules.length } } };
  });
  route("DELETE", "/faults", () => {
    state.faults.clear();
    return { body: { data: { rules: 0 } } };
  });
  route("GET", "/stats", () => ({ body: state.stats.snapshot() }));
  route("POST", "/reset", () => {
    state.reset();
    return { body: { data: { reset: true } } };
  });
}
