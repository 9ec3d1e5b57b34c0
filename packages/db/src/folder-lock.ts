import { readFileSync } from "node:fs";
import { open, readFile, rename, unlink, writeFile } from "node:fs/promises";
import { hostname } from "node:os";
import { join } from "node:path";

/** Who holds a data folder: written into its lock file by the process that took it. */
export interface FolderHolder {
  pid: number;
  host: string;
  /** The holder's start time as the kernel counts it (/proc/<pid>/stat), to tell a reused pid. */
  started?: string;
  command: string;
  since: string;
  /** Where the holder serves the folder over the PostgreSQL protocol (`serve-sql`, `serve --sql-port`). */
  sql?: { host: string; port: number };
}

/** Another live process holds the data folder. */
export class FolderBusyError extends Error {
  override name = "FolderBusyError";
  constructor(
    readonly folder: string,
    readonly holder: FolderHolder,
  ) {
    super(
      `the data folder ${folder} is in use by another vss-mirror process (pid ${holder.pid}` +
        `${holder.host === hostname() ? "" : ` on ${holder.host}`}, "${holder.command}", since ${holder.since}): ` +
        "one process at a time may open it; " +
        (holder.sql
          ? // A server that will not finish soon, but answers SQL: go through it instead of waiting.
            `it serves the folder over SQL: connect with psql -h ${holder.sql.host} -p ${holder.sql.port} -U postgres, ` +
            `or run this command with DATABASE_URL=${sqlSocketUrl(holder.sql)}`
          : "wait for it to finish, or pass --wait"),
    );
  }
}

/** The postgres:// URL of a folder's SQL socket (user postgres, database postgres, no password). */
export function sqlSocketUrl({ host, port }: { host: string; port: number }): string {
  return `postgres://postgres@${host.includes(":") ? `[${host}]` : host}:${port}/postgres`;
}

export interface FolderLockOptions {
  /** Wait for the holder to let go instead of failing at once. Default false. */
  wait?: boolean;
  /** Called once when waiting starts (to say so). */
  onWait?: (holder: FolderHolder) => void;
  /** What this process is, for the holder's record. Default: its argv. */
  command?: string;
  signal?: AbortSignal;
}

export interface FolderLock {
  /** Records (or clears) where this process serves the folder over SQL, once its socket listens. */
  setSql(sql: { host: string; port: number } | undefined): Promise<void>;
  release(): Promise<void>;
}

const LOCK_FILE = "vss-mirror.lock";
const POLL_MS = 250;

/** The kernel's start time of `pid` (field 22 of /proc/<pid>/stat), or undefined off Linux. */
function startTimeOf(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // The command name (field 2) is in parentheses and may hold spaces: count from after it.
    return stat.slice(stat.lastIndexOf(")") + 2).split(" ")[19];
  } catch {
    return undefined;
  }
}

/** Whether the holder is a live process: same host, pid alive, and the same process (start time). */
function alive(holder: FolderHolder): boolean {
  if (holder.host !== hostname()) return true; // cannot tell from here: assume it is
  try {
    process.kill(holder.pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ESRCH") return false;
  }
  const started = startTimeOf(holder.pid);
  return holder.started === undefined || started === undefined || started === holder.started;
}

async function readHolder(file: string): Promise<FolderHolder | undefined> {
  try {
    return JSON.parse(await readFile(file, "utf8")) as FolderHolder;
  } catch {
    return undefined; // gone, or half written by a process that died writing it
  }
}

/**
 * Takes the data folder for this process: PGlite is one database engine per folder, and two
 * processes on one folder corrupt it or hang. The lock is a file created exclusively (O_EXCL) holding
 * the holder's pid; a lock whose process is gone (killed, crashed) is detected and taken over.
 */
export async function lockFolder(folder: string, options: FolderLockOptions = {}): Promise<FolderLock> {
  const file = join(folder, LOCK_FILE);
  const started = startTimeOf(process.pid);
  const me: FolderHolder = {
    pid: process.pid,
    host: hostname(),
    ...(started === undefined ? {} : { started }),
    command: options.command ?? ["vss-mirror", ...process.argv.slice(2)].join(" "),
    since: new Date().toISOString(),
  };
  let waiting = false;
  for (;;) {
    options.signal?.throwIfAborted();
    try {
      const handle = await open(file, "wx");
      await handle.writeFile(JSON.stringify(me));
      await handle.close();
      return {
        async setSql(sql) {
          if (sql === undefined) delete me.sql;
          else me.sql = sql;
          // Written whole to a temporary file and renamed over the lock: a reader never sees half of it.
          const temporary = `${file}.${process.pid}.tmp`;
          await writeFile(temporary, JSON.stringify(me));
          await rename(temporary, file);
        },
        async release() {
          const holder = await readHolder(file);
          if (holder?.pid === me.pid && holder.host === me.host) await unlink(file).catch(() => {});
        },
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
    const holder = await readHolder(file);
    if (!holder || !alive(holder)) {
      // Stale: its process is gone. Remove it and try again (another process may win the race).
      await unlink(file).catch(() => {});
      continue;
    }
    if (!options.wait) throw new FolderBusyError(folder, holder);
    if (!waiting) {
      waiting = true;
      options.onWait?.(holder);
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}
