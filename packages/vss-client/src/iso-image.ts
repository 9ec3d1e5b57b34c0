import { z } from "zod";
import { parseVssDate } from "./vss-date.js";
import { VssValidationError, type VssValidationIssue } from "./validation-error.js";

/** One ISO image, public or personal, with dates as exact instants. */
export interface IsoImage {
  id: number;
  name: string;
  /** `[<data_store>] <relative path>`. */
  path: string;
  dataStore: string;
  isPublic: boolean;
  /** Exact UTC instant of `created_on`. */
  createdOn: Date;
  /** Exact UTC instant of `updated_on`. */
  updatedOn: Date;
  /** `created_on` exactly as sent upstream. */
  createdOnText: string;
  /** `updated_on` exactly as sent upstream. */
  updatedOnText: string;
  /** Upstream fields this client does not know, kept verbatim. */
  extra: Record<string, unknown>;
}

/** The documented item; `looseObject` keeps unknown fields so they can land in `extra`. */
export const wireIsoSchema = z.looseObject({
  // Non-negative: a walk by id starts at `id,ge,0` (a negative id could never be walked).
  id: z.number().int().nonnegative(),
  name: z.string(),
  path: z.string(),
  data_store: z.string(),
  public: z.boolean(),
  created_on: z.string(),
  updated_on: z.string(),
});

const KNOWN = new Set(Object.keys(wireIsoSchema.shape));

function idOf(raw: unknown): number | undefined {
  if (typeof raw !== "object" || raw === null) return undefined;
  const id = (raw as Record<string, unknown>).id;
  return typeof id === "number" && Number.isInteger(id) ? id : undefined;
}

/**
 * Validates one wire item and converts it. Throws VssValidationError naming the item id (or `index` on
 * the page when it has no usable id) and every bad field, including an unparseable date.
 */
export function toIsoImage(raw: unknown, index?: number): IsoImage {
  const parsed = wireIsoSchema.safeParse(raw);
  if (!parsed.success) {
    const issues: VssValidationIssue[] = parsed.error.issues.map((issue) => ({
      field: issue.path.length > 0 ? issue.path.map(String).join(".") : "(item)",
      message: issue.message,
    }));
    throw new VssValidationError(idOf(raw), index, issues, { cause: parsed.error });
  }
  const item = parsed.data;
  const dates: Partial<Record<"created_on" | "updated_on", Date>> = {};
  const issues: VssValidationIssue[] = [];
  for (const key of ["created_on", "updated_on"] as const) {
    try {
      dates[key] = parseVssDate(item[key]);
    } catch (error) {
      issues.push({ field: key, message: (error as Error).message });
    }
  }
  if (!dates.created_on || !dates.updated_on || issues.length > 0) {
    throw new VssValidationError(item.id, index, issues);
  }
  const extra: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(item)) if (!KNOWN.has(key)) extra[key] = value;
  return {
    id: item.id,
    name: item.name,
    path: item.path,
    dataStore: item.data_store,
    isPublic: item.public,
    createdOn: dates.created_on,
    updatedOn: dates.updated_on,
    createdOnText: item.created_on,
    updatedOnText: item.updated_on,
    extra,
  };
}
