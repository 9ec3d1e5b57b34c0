// The three changes churn makes to a listing: delete a live item, add one with a fresh id, rename one
// (new name and path, updated_on now). Targets and names come from the churn's PRNG, so one seed and one
// request sequence give the same changes. Items are replaced, never mutated: answers already built may
// still hold the old objects.
import { CATALOGUE_TEMPLATES } from "./catalogue-templates.js";
import { PERSONAL_DATA_STORE, type Scope } from "./complete-item.js";
import { PUBLIC_DATA_STORE } from "./generate-catalogue.js";
import type { ItemCollection } from "./item-collection.js";
import type { Prng } from "./prng.js";
import { formatTorontoDate } from "./toronto-date.js";
import type { ChurnOperation, SimIso, SimIsoInput } from "./types.js";

export interface ChurnContext {
  collection: ItemCollection;
  scope: Scope;
  prng: Prng;
  /** An item with a fresh id from the simulator's counter (ids are never reused). */
  newItem(input: SimIsoInput, scope: Scope): SimIso;
  /** 1-based number of this operation in the churn, to keep renamed names apart. */
  sequence: number;
}

/** A plausible image name and path for the scope, made unique by `tag`. */
function churnFile(prng: Prng, scope: Scope, tag: string): { name: string; path: string } {
  const template = CATALOGUE_TEMPLATES[Math.floor(prng() * CATALOGUE_TEMPLATES.length)]!;
  const dot = template.file.lastIndexOf(".");
  const name = `${template.file.slice(0, dot)}_${tag}${template.file.slice(dot)}`;
  const path =
    scope === "public"
      ? `[${PUBLIC_DATA_STORE}] ${template.family}/${template.sub}/${name}`
      : `[${PERSONAL_DATA_STORE}] ${scope.username}/${name}`;
  return { name, path };
}

/** Applies `op`; the id it touched, or undefined when there was no live item to delete or rename. */
export function applyChurnOperation(op: ChurnOperation, context: ChurnContext): number | undefined {
  const { collection, scope, prng } = context;
  if (op === "add") {
    const fresh = context.newItem({}, scope);
    collection.put({ ...fresh, ...churnFile(prng, scope, String(fresh.id)) });
    return fresh.id;
  }
  const live = collection.all();
  if (live.length === 0) return undefined;
  const target = live[Math.floor(prng() * live.length)]!.item;
  if (op === "delete") collection.remove(target.id);
  else {
    const file = churnFile(prng, scope, `${target.id}-r${context.sequence}`);
    collection.put({ ...target, ...file, updated_on: formatTorontoDate(Date.now()) });
  }
  return target.id;
}
