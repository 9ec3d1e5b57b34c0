// Why the database could not be used, in words an operator can act on. node-postgres, PGlite and
// Drizzle (which wraps a failed statement as "Failed query: <sql>", the driver's error as its cause)
// each report it their own way; this reads the chain once, in one place.

/** SQLSTATEs (https://www.postgresql.org/docs/current/errcodes-appendix.html) and socket codes. */
const PROBLEMS: Record<string, (detail: Detail) => string> = {
  ECONNREFUSED: (d) =>
    `cannot connect to the database${d.at}: connection refused (is PostgreSQL running there?)`,
  ENOTFOUND: (d) => `cannot connect to the database${d.at}: no such host`,
  EAI_AGAIN: (d) => `cannot connect to the database${d.at}: the host name does not resolve right now`,
  ETIMEDOUT: (d) => `cannot connect to the database${d.at}: the connection timed out`,
  EHOSTUNREACH: (d) => `cannot connect to the database${d.at}: host unreachable`,
  ECONNRESET: () => "the database connection was reset",
  "3D000": (d) => `the database does not exist (${d.message}): create it, or fix DATABASE_URL`,
  "28P01": (d) =>
    `the database refused the login (${d.message}): check the user and password in DATABASE_URL`,
  "28000": (d) => `the database refused the login (${d.message}): check DATABASE_URL and pg_hba.conf`,
  "57P01": () => "the database connection was lost (the server terminated it)",
  "57P02": () => "the database connection was lost (the server crashed)",
  "57P03": () => "the database is starting up or shutting down: try again in a moment",
  "53300": () => "the database has no connection slot left (too many clients)",
};
const LOST = /Connection terminated|connection (?:ended|closed)|Client has encountered a connection error/i;

interface Detail {
  message: string;
  /** " at host:port" when the error says where, else "". */
  at: string;
}

/** The chain of an error and its causes, outermost first. */
function chain(error: unknown): unknown[] {
  const errors: unknown[] = [];
  for (let current = error; current !== undefined && errors.length < 8;) {
    errors.push(current);
    current = current instanceof Error ? current.cause : undefined;
  }
  return errors;
}

/**
 * One line saying why the database could not be reached or refused us (connection refused, no such
 * database, wrong password, the connection lost), or undefined when the failure was something else (a
 * bug in a statement, a constraint): callers then report the error itself. Never quotes a URL.
 */
export function databaseProblem(error: unknown): string | undefined {
  for (const link of chain(error)) {
    if (!(link instanceof Error)) continue;
    const { code, address, port } = link as Error & { code?: unknown; address?: unknown; port?: unknown };
    const at =
      typeof address === "string" ? ` at ${address}${typeof port === "number" ? `:${port}` : ""}` : "";
    const problem = typeof code === "string" ? PROBLEMS[code] : undefined;
    if (problem) return problem({ message: link.message, at });
    if (LOST.test(link.message)) return "the database connection was lost";
  }
  return undefined;
}

/** True when `error` means the connection is gone (or never came): a retry later may succeed. */
export function isDatabaseUnavailable(error: unknown): boolean {
  return databaseProblem(error) !== undefined;
}
