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
  // A sync converts hundreds of thousands of items: the common, valid item takes a path of plain type
  // checks that accepts exactly what wireIsoSchema accepts (a test holds the two to that); anything
  // else goes through the schema, which says what is wrong.
  if (wellTyped(raw)) {
    let createdOn: Date | undefined;
    let updatedOn: Date | undefined;
    try {
      createdOn = parseVssDate(raw.created_on);
      // Often the same text: one parse, two Dates (a Date is mutable, so never shared).
      updatedOn =
        raw.updated_on === raw.created_on ? new Date(createdOn.getTime()) : parseVssDate(raw.updated_on);
    } catch {
      // The schema's path below names the bad date.
    }
    if (createdOn && updatedOn) return converted(raw, createdOn, updatedOn);
  }
  return checkedBySchema(raw, index);
}

type WireIso = z.infer<typeof wireIsoSchema>;

function wellTyped(raw: unknown): raw is WireIso {
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) return false;
  const item = raw as Record<string, unknown>;
  return (
    typeof item.id === "number" &&
    Number.isInteger(item.id) &&
    item.id >= 0 &&
    typeof item.name === "string" &&
    typeof item.path === "string" &&
    typeof item.data_store === "string" &&
    typeof item.public === "boolean" &&
    typeof item.created_on === "string" &&
    typeof item.updated_on === "string"
  );
}

function converted(item: WireIso, createdOn: Date, updatedOn: Date): IsoImage {
  const extra: Record<string, unknown> = {};
  for (const key of Object.keys(item)) if (!KNOWN.has(key)) extra[key] = item[key];
  return {
    id: item.id,
    name: item.name,
    path: item.path,
    dataStore: item.data_store,
    isPublic: item.public,
    createdOn,
    updatedOn,
    createdOnText: item.created_on,
    updatedOnText: item.updated_on,
    extra,
  };
}

function checkedBySchema(raw: unknown, index: number | undefined): IsoImage {
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
  return converted(item, dates.created_on, dates.updated_on);
}
