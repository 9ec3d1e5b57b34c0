import { hash } from "node:crypto";
import type { IsoImage } from "@vss-mirror/vss-client";

/**
 * What a mirrored row holds of an item, hashed (SHA-1, base64): a resync sends the upstream's (vss_id,
 * hash) pairs and compares them with the stored ones, and only an item whose hash differs goes through
 * the full column-by-column merge. The hash only ever skips work: two equal hashes of different items
 * would need a SHA-1 collision, and a hash that differs for equal content (the upstream reordering the
 * keys of an extra field, say) costs a merge that finds nothing to change.
 */
export function contentHash(item: IsoImage): string {
  const parts = [
    item.name,
    item.path,
    item.dataStore,
    item.isPublic ? "t" : "f",
    item.createdOnText,
    item.updatedOnText,
    JSON.stringify(item.extra),
  ];
  // U+001F (unit separator) never occurs in these texts' JSON or in VSS names and paths.
  return hash("sha1", parts.join("\u001f"), "base64");
}
