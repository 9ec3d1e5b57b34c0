/** Item fields as named on the wire (`data_store`, not `dataStore`): filters and sorts use these. */
export type IsoWireField = "id" | "name" | "path" | "data_store" | "public" | "created_on" | "updated_on";

/** A wire field name; any other string is accepted for fields upstream adds later. */
// `string & {}` keeps editor completion for the known names while allowing any string.
export type QueryField = IsoWireField | (string & {});

/** Throws unless `field` can be written into `field,op,value` / `field,dir` without breaking the syntax. */
export function checkField(field: string): void {
  if (field === "" || /[,;\s]/.test(field)) {
    throw new RangeError(
      `invalid field name ${JSON.stringify(field)}: must be non-empty, without , ; or spaces`,
    );
  }
}
