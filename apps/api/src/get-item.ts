// One live item of a scope in `{_links, data, meta}`, as upstream answers `GET /v2/iso/<id>`.
import type { DatabaseHandle } from "@vss-mirror/db";
import { ApiError, badParameter } from "./api-error.js";
import { ISO_COLUMNS, type IsoRow, toWireIso } from "./iso-row.js";
import { elapsed } from "./list-envelope.js";
import { quoted } from "./list-query.js";

export async function getItem(input: {
  database: DatabaseHandle;
  scope: string;
  rawId: string;
  selfUrl: string;
  user: string;
}) {
  const startedAt = performance.now();
  const { rawId } = input;
  if (!/^\d+$/.test(rawId)) throw badParameter(`id must be a positive integer, got ${quoted(rawId)}`);
  const notFound = new ApiError(404, `NotFound: no ISO image with id ${rawId.slice(0, 64)}`);
  // Past bigint no item can exist; binding such an id would fail the statement instead.
  if (!Number.isSafeInteger(Number(rawId))) throw notFound;
  const [row] = await input.database.query<IsoRow>(
    `select ${ISO_COLUMNS} from vss.iso_images where scope = $1 and vss_id = $2 and deleted_at is null`,
    [input.scope, rawId],
  );
  if (!row) throw notFound;
  return {
    _links: { self: input.selfUrl },
    data: toWireIso(row),
    meta: { time: elapsed(startedAt), user: input.user },
  };
}
