// Checks the body of `PUT /_control/churn`; each problem is a 400 naming the field, and unknown fields
// are rejected too, so a typo in a test cannot silently leave the catalogue still.
import type { ChurnSettings } from "./churn-engine.js";
import type { Scope } from "./complete-item.js";
import { badParameter } from "./http-error.js";
import type { ChurnOperation } from "./types.js";
import { objectBody } from "./validate-control.js";

const OPERATIONS: ChurnOperation[] = ["delete", "add", "rename"];
const FIELDS = ["scope", "everyRequests", "intervalMs", "seed", "operations", "perChange"];

function positive(value: unknown, field: string): number | undefined {
  if (value === undefined) return undefined;
  if (!(typeof value === "number" && Number.isInteger(value) && value >= 1))
    throw badParameter(`${field} must be an integer >= 1`);
  return value;
}

function operations(value: unknown): ChurnOperation[] {
  if (value === undefined) return [...OPERATIONS];
  if (!Array.isArray(value) || value.length === 0)
    throw badParameter(`operations must be a non-empty array of ${OPERATIONS.join(", ")}`);
  value.forEach((op: unknown, i) => {
    if (!OPERATIONS.includes(op as ChurnOperation))
      throw badParameter(`operations[${i}] must be one of ${OPERATIONS.join(", ")}`);
  });
  return value as ChurnOperation[];
}

/** `isUser` says whether a username exists, for the `scope` field. */
export function churnSettings(body: unknown, isUser: (username: string) => boolean): ChurnSettings {
  const fields = objectBody(body, "body");
  for (const key of Object.keys(fields))
    if (!FIELDS.includes(key)) throw badParameter(`unknown field "${key}"; expected ${FIELDS.join(", ")}`);
  const { scope: rawScope, seed } = fields;
  let scope: Scope = "public";
  if (rawScope !== undefined && rawScope !== "public") {
    if (typeof rawScope !== "string" || !isUser(rawScope))
      throw badParameter(`scope must be "public" or a known username, got ${JSON.stringify(rawScope)}`);
    scope = { username: rawScope };
  }
  const everyRequests = positive(fields.everyRequests, "everyRequests");
  const intervalMs = positive(fields.intervalMs, "intervalMs");
  if ((everyRequests === undefined) === (intervalMs === undefined))
    throw badParameter("give exactly one of everyRequests and intervalMs");
  if (seed !== undefined && !Number.isInteger(seed)) throw badParameter("seed must be an integer");
  return {
    scope,
    ...(everyRequests === undefined ? {} : { everyRequests }),
    ...(intervalMs === undefined ? {} : { intervalMs }),
    ...(seed === undefined ? {} : { seed: seed as number }),
    operations: operations(fields.operations),
    perChange: positive(fields.perChange, "perChange") ?? 1,
  };
}
