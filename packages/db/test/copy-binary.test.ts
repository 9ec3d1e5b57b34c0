// BinaryCopy's rows must read back exactly as the values written, on a server and in PGlite: the first
// sync of every scope stores its rows this way, so an off-by-one in a date or a mangled text would be
// a wrong mirror, not a failed run.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createTestDatabase } from "@vss-mirror/test-services";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import {
  BinaryCopy,
  connectDatabase,
  type DatabaseHandle,
  openEmbeddedDatabase,
  textArray,
} from "../src/index.js";

const TABLE = `create table copied (
  id bigint, name text, flag boolean, at timestamptz, doc jsonb, tags text[])`;

interface Row {
  id: number;
  name: string;
  flag: boolean;
  at: number;
  doc: unknown;
  tags: string[];
}

const ROWS: Row[] = [
  { id: 1, name: "debian-12.iso", flag: true, at: Date.UTC(2016, 0, 27, 4, 1, 46), doc: {}, tags: ["a"] },
  // Before PostgreSQL's epoch (a negative count), the largest safe id, and the Unix epoch itself.
  {
    id: Number.MAX_SAFE_INTEGER,
    name: "",
    flag: false,
    at: Date.UTC(1999, 11, 31, 23, 59, 59, 999),
    doc: [],
    tags: [],
  },
  { id: 0, name: "tab\tnew\nline\\back", flag: true, at: 0, doc: { k: 'v"q' }, tags: ["x y", "é"] },
  // Text that spans the writer's 1 MiB chunks, and non-ASCII of every UTF-8 width.
  {
    id: 42,
    name: "Ω€😀".repeat(200_000),
    flag: false,
    at: Date.UTC(2026, 11, 2, 3, 4, 5, 678),
    doc: { n: 1.5 },
    tags: ["z"],
  },
];

function encode(rows: Row[]): Buffer[] {
  const copy = new BinaryCopy();
  for (const row of rows) {
    copy.row(6);
    copy.int8(row.id);
    copy.text(row.name);
    copy.bool(row.flag);
    copy.timestamptz(row.at);
    copy.jsonb(JSON.stringify(row.doc));
    copy.encoded(textArray(row.tags));
  }
  return copy.chunks();
}

async function readBack(database: DatabaseHandle): Promise<Row[]> {
  await database.withConnection(async (connection) => {
    await connection.query(TABLE);
    await connection.copyInto("copied", ["id", "name", "flag", "at", "doc", "tags"], encode(ROWS), "binary");
  });
  const rows = await database.query<{
    id: string;
    name: string;
    flag: boolean;
    at: string;
    doc: unknown;
    tags: string[];
  }>(
    `select id::text, name, flag, (extract(epoch from at) * 1000)::bigint::text as at, doc, tags
       from copied order by id`,
  );
  return rows.map((row) => ({ ...row, id: Number(row.id), at: Number(row.at) }));
}

const expected = [...ROWS].sort((a, b) => a.id - b.id);

describe("BinaryCopy", () => {
  let server: Awaited<ReturnType<typeof createTestDatabase>>;
  let database: DatabaseHandle;
  let folder: string;
  let embedded: DatabaseHandle;
  beforeAll(async () => {
    server = await createTestDatabase(inject("databaseUrl"));
    database = connectDatabase({ url: server.url, max: 1 });
    folder = await mkdtemp(join(tmpdir(), "copy-binary-"));
    embedded = await openEmbeddedDatabase({ dataDir: folder });
  });
  afterAll(async () => {
    await database?.close();
    await server?.drop();
    await embedded?.close();
    if (folder) await rm(folder, { recursive: true, force: true });
  });

  it("round-trips every kind of value through a server's COPY", async () => {
    expect(await readBack(database)).toEqual(expected);
  });

  it("round-trips the same through PGlite's COPY", async () => {
    expect(await readBack(embedded)).toEqual(expected);
  });

  it("refuses an integer it cannot write exactly", () => {
    const copy = new BinaryCopy();
    copy.row(1);
    expect(() => copy.int8(2 ** 53)).toThrow(/not a safe integer/);
  });
});
