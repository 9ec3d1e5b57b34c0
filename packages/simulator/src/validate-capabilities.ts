// Checks the body of `PUT /_control/capabilities`: a 400 naming the field for a bad value or an unknown
// field. Fields left out keep their current value.
import { badParameter } from "./http-error.js";
import type { KeysetSupport, SimCapabilities } from "./types.js";
import { objectBody } from "./validate-control.js";

const KEYSET: KeysetSupport[] = ["supported", "refuse"];

export function capabilitiesPatch(body: unknown): Partial<SimCapabilities> {
  const fields = objectBody(body, "body");
  for (const key of Object.keys(fields))
    if (key !== "keyset") throw badParameter(`unknown field "${key}"; expected keyset`);
  if (fields.keyset === undefined) return {};
  if (!KEYSET.includes(fields.keyset as KeysetSupport))
    throw badParameter(`keyset must be one of ${KEYSET.join(", ")}`);
  return { keyset: fields.keyset as KeysetSupport };
}
