// The versioned SQL in drizzle/ is what databases get; src/schema.ts is what the code believes. They must
// agree, and applying them must be safe to repeat and to race.
import { spawnSync } from "node:child_process";
import { cp, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { createTestDatabase } from "@vss-mirror/test-services";
import { sql } from "drizzle-orm";
import { afterAll, afterEach, describe, expect, inject, it } from "vitest";
import {
  connectDatabase,
  type DatabaseHandle,
  migrateDatabase,
  MIGRATIONS_FOLDER,
  openEmbeddedDatabase,
} from "../src/index.js";

const PACKAGE_DIR = fileURLToPath(new URL("..", import.meta.url));
const DRIZZLE_KIT = join(PACKAGE_DIR, "node_modules", "drizzle-kit", "bin.cjs");

interface Journal {
  entries: Array<{ idx: number; when: number; tag: string }>;
}
const journal = async (folder: string): Promise<Journal> =>
  JSON.parse(await readFile(join(folder, "meta", "_journal.json"), "utf8")) as Journal;

/**
 * Runs `drizzle-kit generate` for `schema` into a copy of drizzle/, never touching the real one.
 * drizzle-kit prefixes `out` with "./" (an absolute path breaks) and exits 0 even when it fails, so the
 * copy's path is given relative to the package and callers check what it printed and wrote.
 */
async function generateInto(dir: string, schema: string): Promise<{ output: string; files: string[] }> {
  const out = join(dir, "drizzle");
  await cp(MIGRATIONS_FOLDER, out, { recursive: true });
  const config = join(dir, "drizzle.config.json");
  await writeFile(
    config,
    JSON.stringify({ dialect: "postgresql", schema, out: relative(PACKAGE_DIR, out), schemaFilter: ["vss"] }),
  );
  const run = spawnSync(process.execPath, [DRIZZLE_KIT, "generate", `--config=${config}`], {
    cwd: PACKAGE_DIR,
    encoding: "utf8",
    timeout: 60_000,
  });
  return { output: `${run.stdout}\n${run.stderr}`, files: (await readdir(out)).sort() };
}

/** Applied migrations, oldest first: drizzle records each one's journal timestamp. */
async function applied(handle: DatabaseHandle): Promise<number[]> {
  const rows = await handle.query<{ created_at: string }>(
    "select created_at from drizzle.__drizzle_migrations order by id",
  );
  return rows.map((row) => Number(row.created_at));
}

const expected = async () => (await journal(MIGRATIONS_FOLDER)).entries.map((entry) => entry.when);

const VSS_TABLES = [
  "iso_image_changes",
  "iso_image_rows",
  "iso_images",
  "mirror_upstream",
  "sync_runs",
  "webhook_cursors",
];
async function vssTables(handle: DatabaseHandle): Promise<string[]> {
  const rows = await handle.query<{ table_name: string }>(
    "select table_name from information_schema.tables where table_schema = 'vss' order by table_name",
  );
  return rows.map((row) => row.table_name);
}

describe("schema and migrations agree", () => {
  const dirs: string[] = [];
  afterAll(() => Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true }))));
  const tempDir = async () => {
    const dir = await mkdtemp(join(tmpdir(), "vss-drift-"));
    dirs.push(dir);
    return dir;
  };

  it("drizzle-kit generate finds nothing in src/schema.ts that drizzle/ lacks", async () => {
    const dir = await tempDir();
    const { output, files } = await generateInto(dir, join(PACKAGE_DIR, "src", "schema.ts"));
    expect(output).toContain("No schema changes, nothing to migrate");
    expect(files).toEqual((await readdir(MIGRATIONS_FOLDER)).sort());
    expect(await journal(join(dir, "drizzle"))).toEqual(await journal(MIGRATIONS_FOLDER));
  });

  it("the check would catch drift: a column added to the schema makes generate write a migration", async () => {
    const dir = await tempDir();
    // The copy lives outside the package, so point its imports at the package's own drizzle-orm.
    const require = createRequire(join(PACKAGE_DIR, "package.json"));
    const drifted = (await readFile(join(PACKAGE_DIR, "src", "schema.ts"), "utf8"))
      .replace(`from "drizzle-orm/pg-core"`, `from ${JSON.stringify(require.resolve("drizzle-orm/pg-core"))}`)
      .replace(`from "drizzle-orm"`, `from ${JSON.stringify(require.resolve("drizzle-orm"))}`)
      .replace(`jobId: text("job_id"),`, `jobId: text("job_id"),\n    driftProbe: text("drift_probe"),`);
    expect(drifted).toContain("drift_probe");
    await writeFile(join(dir, "schema.ts"), drifted);
    const { files } = await generateInto(dir, join(dir, "schema.ts"));
    const added = files
      .filter((file) => file.endsWith(".sql"))
      .slice((await journal(MIGRATIONS_FOLDER)).entries.length);
    expect(added).toHaveLength(1);
    expect(await readFile(join(dir, "drizzle", added[0]!), "utf8")).toMatch(
      /ALTER TABLE "vss"\."sync_runs" ADD COLUMN "drift_probe" text/,
    );
  });
});

describe("migrateDatabase", () => {
  const open: Array<{ handles: DatabaseHandle[]; drop: () => Promise<void> }> = [];
  afterEach(async () => {
    for (const { handles, drop } of open.splice(0)) {
      await Promise.all(handles.map((handle) => handle.close()));
      await drop();
    }
  });

  /** A fresh, empty database and `count` separate pools on it (separate pools stand for processes). */
  async function freshDatabase(count: number, max = 4): Promise<DatabaseHandle[]> {
    const testDb = await createTestDatabase(inject("databaseUrl"));
    const handles = Array.from({ length: count }, () => connectDatabase({ url: testDb.url, max }));
    open.push({ handles, drop: testDb.drop });
    return handles;
  }

  it("applies every migration once, and a second call applies nothing", async () => {
    const [handle] = await freshDatabase(1);
    await migrateDatabase(handle!);
    await migrateDatabase(handle!);
    expect(await applied(handle!)).toEqual(await expected());
    expect(await vssTables(handle!)).toEqual(VSS_TABLES);
  });

  it("three processes migrating at once apply each migration exactly once", async () => {
    const handles = await freshDatabase(3);
    await Promise.all(handles.map((handle) => migrateDatabase(handle)));
    expect(await applied(handles[0]!)).toEqual(await expected());
  });

  it("works on a pool of one connection, and gives the connection back", async () => {
    const [handle] = await freshDatabase(1, 1);
    const hang = new Promise<never>((_, reject) =>
      setTimeout(() => reject(new Error("migrateDatabase hung on a pool of one connection")), 15_000).unref(),
    );
    await Promise.race([
      Promise.all([migrateDatabase(handle!), migrateDatabase(handle!)]).then(() => migrateDatabase(handle!)),
      hang,
    ]);
    expect(await applied(handle!)).toEqual(await expected());
    // Nothing is left holding the only connection, nor the migration lock.
    const rows = await handle!.query<{ locks: string }>(
      `select count(*) as locks from pg_locks
        where locktype = 'advisory' and database = (select oid from pg_database where datname = current_database())`,
    );
    expect(Number(rows[0]!.locks)).toBe(0);
  });
});

/** Closes and drops what databaseBefore made, after the file's tests. */
const cleanups: Array<() => Promise<void>> = [];
afterAll(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

/**
 * A fresh database with only the migrations before `idx` applied, from a copy of drizzle/ with a
 * shortened journal: a mirror as it was before migration `idx`, for a test of what that migration does.
 */
async function databaseBefore(idx: number): Promise<DatabaseHandle> {
  const dir = await mkdtemp(join(tmpdir(), `vss-before-${idx}-`));
  const testDb = await createTestDatabase(inject("databaseUrl"));
  const handle = connectDatabase({ url: testDb.url, max: 2 });
  cleanups.push(async () => {
    await handle.close();
    await testDb.drop();
    await rm(dir, { recursive: true, force: true });
  });
  await cp(MIGRATIONS_FOLDER, dir, { recursive: true });
  const shortened = await journal(dir);
  shortened.entries = shortened.entries.filter((entry) => entry.idx < idx);
  await writeFile(join(dir, "meta", "_journal.json"), JSON.stringify(shortened));
  const { migrate } = await import("drizzle-orm/node-postgres/migrator");
  await handle.withConnection(({ db }) => migrate(db as never, { migrationsFolder: dir }));
  return handle;
}

describe("migration 0005: iso_image_rows partitioned by scope", () => {
  it("moves a mirror's rows into one partition per scope, keeping every row, id and the view", async () => {
    const handle = await databaseBefore(5);
    await handle.query(`insert into vss.iso_image_rows (scope, vss_id, name, path, data_store, is_public,
        created_on, updated_on, first_seen_at, last_seen_at, deleted_at)
      select scope, n, 'n' || n, 'p' || n, 'ds', scope = 'public', now(), now(), now(), now(),
             case when n = 3 then now() end
        from unnest(array['public', 'alice', 'O''Brien']) as scope, generate_series(1, 5) as n`);
    const before = await handle.query("select * from vss.iso_images order by id");

    await migrateDatabase(handle);
    expect(await applied(handle)).toEqual(await expected());
    // Later migrations add columns (0007: the dates' text); every column there was keeps its values.
    const after = await handle.query<Record<string, unknown>>("select * from vss.iso_images order by id");
    expect(after.map(({ created_on_text: _c, updated_on_text: _u, ...row }) => row)).toEqual(before);
    const partitions = await handle.query<{ scope: string; n: number }>(
      `select vss.iso_rows_partition(scope) as part, scope, count(*)::int as n from vss.iso_image_rows
        group by scope order by scope collate "C"`,
    );
    expect(partitions.map((row) => [row.scope, row.n])).toEqual([
      ["O'Brien", 5],
      ["alice", 5],
      ["public", 5],
    ]);
    const attached = await handle.query<{ relname: string }>(
      `select c.relname from pg_inherits i join pg_class c on c.oid = i.inhrelid
        where i.inhparent = 'vss.iso_image_rows'::regclass order by 1`,
    );
    expect(attached.map((row) => row.relname).sort()).toEqual(
      partitions.map((row) => (row as unknown as { part: string }).part).sort(),
    );
    // (scope, vss_id) is the key now, in every partition.
    await expect(
      handle.query(`insert into vss.iso_image_rows (scope, vss_id, name, path, data_store, is_public,
        created_on, updated_on, first_seen_at, last_seen_at, created_on_text, updated_on_text)
        values ('alice', 1, 'x', 'x', 'x', false, now(), now(), now(), now(), 'x', 'x')`),
    ).rejects.toThrow(/duplicate key/);
  });
});

describe("migration 0007: the dates' text as sent", () => {
  it("fills existing rows' text from the instants in the upstream's form and clears their hash", async () => {
    const handle = await databaseBefore(7);
    await handle.query(
      "create table vss.iso_image_rows_pub partition of vss.iso_image_rows for values in ('public')",
    );
    // Summer (EDT) and winter (EST) instants, and the repeated hour of a fall-back night, once each way.
    await handle.query(`insert into vss.iso_image_rows (scope, vss_id, name, path, data_store, is_public,
        created_on, updated_on, first_seen_at, last_seen_at, content_hash)
      values ('public', 1, 'a', 'a', 'ds', true, '2016-01-27 23:01:46-05', '2024-07-02 09:15:00-04', now(), now(), 'h1'),
             ('public', 2, 'b', 'b', 'ds', true, '2024-11-03 01:30:00-04', '2024-11-03 01:30:00-05', now(), now(), 'h2')`);
    await handle.query(
      "create view vss.my_report as select vss_id, name from vss.iso_images where deleted_at is null",
    );
    await migrateDatabase(handle);
    expect(await applied(handle)).toEqual(await expected());
    const rows = await handle.query(
      "select vss_id, created_on_text, updated_on_text from vss.iso_images order by vss_id",
    );
    expect(rows).toEqual([
      {
        vss_id: "1",
        created_on_text: "2016-01-27 23:01:46 EST",
        updated_on_text: "2024-07-02 09:15:00 EDT",
      },
      {
        vss_id: "2",
        created_on_text: "2024-11-03 01:30:00 EDT",
        updated_on_text: "2024-11-03 01:30:00 EST",
      },
    ]);
    // The hash is cleared so that the next sync re-reads every item (the view does not show it).
    const hashes = await handle.query<{ content_hash: string }>(
      "select content_hash from vss.iso_image_rows order by vss_id",
    );
    expect(hashes.map((row) => row.content_hash)).toEqual(["", ""]);
    // A user's view over vss.iso_images survives: the columns were added at the view's end.
    expect(await handle.query("select * from vss.my_report order by vss_id")).toHaveLength(2);
    await expect(
      handle.query(`insert into vss.iso_image_rows (scope, vss_id, name, path, data_store, is_public,
        created_on, updated_on, first_seen_at, last_seen_at) values ('public', 3, 'x', 'x', 'x', true, now(), now(), now(), now())`),
    ).rejects.toThrow(/created_on_text/);
  });
});

// The embedded path (PGlite in a data folder) gets the same migrations through drizzle's PGlite migrator.
describe("migrateDatabase on PGlite", () => {
  let dir: string;
  let handle: DatabaseHandle | undefined;
  afterAll(async () => {
    await handle?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it("creates the data folder, applies every migration once, and the folder reopens migrated", async () => {
    dir = join(await mkdtemp(join(tmpdir(), "vss-pglite-")), "nested", "data");
    handle = await openEmbeddedDatabase({ dataDir: dir });
    expect(handle.kind).toBe("pglite");
    await Promise.all([migrateDatabase(handle), migrateDatabase(handle)]);
    expect(await applied(handle)).toEqual(await expected());
    await handle.close();
    handle = await openEmbeddedDatabase({ dataDir: dir });
    await migrateDatabase(handle);
    expect(await applied(handle)).toEqual(await expected());
    expect(await vssTables(handle)).toEqual(VSS_TABLES);
  });

  it("withConnection gives PGlite's one session to one caller at a time, even after a failure", async () => {
    const events: string[] = [];
    const turn = (name: string, fail = false) =>
      handle!.withConnection(async ({ db }) => {
        events.push(`${name} start`);
        await db.execute(sql`select pg_advisory_lock(42)`);
        await new Promise((resolve) => setTimeout(resolve, 20));
        events.push(`${name} end`);
        if (fail) throw new Error(`${name} failed holding the lock`);
        await db.execute(sql`select pg_advisory_unlock(42)`);
      });
    const results = await Promise.allSettled([turn("a"), turn("b", true), turn("c")]);
    expect(results.map((result) => result.status)).toEqual(["fulfilled", "rejected", "fulfilled"]);
    expect(events).toEqual(["a start", "a end", "b start", "b end", "c start", "c end"]);
    // The failed caller's lock did not outlive its turn.
    const rows = await handle!.query<{ locks: string }>(
      "select count(*) as locks from pg_locks where locktype = 'advisory'",
    );
    expect(rows).toEqual([{ locks: "0" }]);
  });
});
