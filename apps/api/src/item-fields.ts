// The item fields a client may filter and sort on, and the `vss.iso_images` column behind each. This map
// is the whitelist: a field name never reaches SQL text except through it (undocumented fields are read
// from `extra` with the name bound as a parameter). Kinds compare as in the simulator's item-fields.ts:
// id numerically, public as a boolean, dates as instants (and `like` on their text as sent), strings
// byte-wise.

export type FieldKind = "number" | "boolean" | "date" | "string";

export interface DocumentedField {
  kind: FieldKind;
  column: string;
  /** Dates only: the column holding the text as the upstream sent it (what `like` matches). */
  textColumn?: string;
}

const DOCUMENTED: Record<string, DocumentedField> = {
  id: { kind: "number", column: "vss_id" },
  name: { kind: "string", column: "name" },
  path: { kind: "string", column: "path" },
  data_store: { kind: "string", column: "data_store" },
  public: { kind: "boolean", column: "is_public" },
  created_on: { kind: "date", column: "created_on", textColumn: "created_on_text" },
  updated_on: { kind: "date", column: "updated_on", textColumn: "updated_on_text" },
};

/** The documented field's kind and column, or undefined for anything else (an `extra` key, or junk). */
export function documentedField(field: string): DocumentedField | undefined {
  return Object.hasOwn(DOCUMENTED, field) ? DOCUMENTED[field] : undefined;
}

export const DOCUMENTED_FIELDS: readonly string[] = Object.keys(DOCUMENTED);
