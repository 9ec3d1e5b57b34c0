// Fills in what a test left out of an item, so control calls can be terse: public items land on
// vss-ISOs, personal ones on vssUser-xfers under `<username>/` (docs/upstream-api.md, "An ISO image").
import { PUBLIC_DATA_STORE } from "./generate-catalogue.js";
import { formatTorontoDate } from "./toronto-date.js";
import type { SimIso, SimIsoInput } from "./types.js";

export const PERSONAL_DATA_STORE = "vssUser-xfers";

/** "public", or the username whose personal store the item belongs to. */
export type Scope = "public" | { username: string };

/** The path an input will get in `scope` (used as the identity of a file across syncs). */
export function itemPath(input: SimIsoInput, scope: Scope, id: number): string {
  if (typeof input.path === "string") return input.path;
  const name = typeof input.name === "string" ? input.name : `upload-${id}.iso`;
  return scope === "public"
    ? `[${PUBLIC_DATA_STORE}] Uploads/${name}`
    : `[${PERSONAL_DATA_STORE}] ${scope.username}/${name}`;
}

export function completeItem(input: SimIsoInput, scope: Scope, id: number, nowMs = Date.now()): SimIso {
  const path = itemPath(input, scope, id);
  const now = formatTorontoDate(nowMs);
  const {
    id: _id,
    name,
    path: _path,
    data_store,
    public: isPublic,
    created_on,
    updated_on,
    ...extra
  } = input;
  const created = typeof created_on === "string" ? created_on : now;
  const item: SimIso = {
    id,
    name: typeof name === "string" ? name : path.slice(path.lastIndexOf("/") + 1),
    path,
    data_store:
      typeof data_store === "string"
        ? data_store
        : scope === "public"
          ? PUBLIC_DATA_STORE
          : PERSONAL_DATA_STORE,
    public: typeof isPublic === "boolean" ? isPublic : scope === "public",
    created_on: created,
    updated_on: typeof updated_on === "string" ? updated_on : created,
  };
  // Undocumented fields go last, as the real API would append them; null/undefined mean "absent".
  for (const [key, value] of Object.entries(extra))
    if (value !== undefined && value !== null) item[key] = value;
  return item;
}
