// Why the database could not be used, in words an operator can act on, decided once, here, for every
// app: the CLI says it, the API answers 503 for it (not 500), a sync run fails with it. node-postgres,
// PGlite and Drizzle (which wraps a failed statement as "Failed query: <sql>", the driver's error as
// its cause) each report it their own way:
// - SQLSTATE codes (https://www.postgresql.org/docs/current/errcodes-appendix.html): class 08
//   (connection exception), 57P01-57P03 (terminated, crashed, starting up or shutting down), 53300 (no
//   connection slot), 3D000 (no such database), 28000/28P01 (login refused);
// - Node's socket errors while connecting or talking to it (refused, reset, unreachable, timed out),
//   several of them at once as an AggregateError when a host name has several addresses;
// - the few errors pg raises itself when the socket closes under a client. They carry no code, so
//   their fixed messages are matched: the one place this project reads an error's text.

interface Detail {
  message: string;
  /** " at host:port" when the error says where, else "". */
  at: string;
}

const unreachable = (why: string) => (d: Detail) => `cannot connect to the database${d.at}: ${why}`;
const lost = (why: string) => () => `the database connection was lost (${why})`;

const BY_CODE: Record<string, (detail: Detail) => string> = {
  ECONNREFUSED: unreachable("connection refused (is PostgreSQL running there?)"),
  ENOTFOUND: unreachable("no such host"),
  EAI_AGAIN: unreachable("the host name does not resolve right now"),
  ETIMEDOUT: unreachable("the connection timed out"),
  EHOSTUNREACH: unreachable("host unreachable"),
  EHOSTDOWN: unreachable("host down"),
  ENETUNREACH: unreachable("network unreachable"),
  ENETDOWN: unreachable("network down"),
  ECONNRESET: lost("reset by the other end"),
  ECONNABORTED: lost("aborted"),
  EPIPE: lost("the socket closed"),
  "3D000": (d) => `the database does not exist (${d.message}): create it, or fix DATABASE_URL`,
  "28P01": (d) =>
    `the database refused the login (${d.message}): check the user and password in DATABASE_URL`,
  "28000": (d) => `the database refused the login (${d.message}): check DATABASE_URL and pg_hba.conf`,
  "57P01": lost("the server terminated it"),
  "57P02": lost("the server crashed"),
  "57P03": () => "the database is starting up or shutting down: try again in a moment",
  "53300": () => "the database has no connection slot left (too many clients)",
};

const DRIVER_MESSAGES = new Set([
  "Connection terminated",
  "Connection terminated unexpectedly",
  "Connection terminated due to connection timeout",
  "Client has encountered a connection error and is not queryable",
  "timeout expired",
]);

function problemOf(error: Error): string | undefined {
  const { code, address, port } = error as Error & { code?: unknown; address?: unknown; port?: unknown };
  const at = typeof address === "string" ? ` at ${address}${typeof port === "number" ? `:${port}` : ""}` : "";
  if (typeof code === "string") {
    const known = BY_CODE[code];
    if (known) return known({ message: error.message, at });
    if (code.startsWith("08")) return `the database connection failed (${error.message})`;
  }
  // Several addresses tried at once (localhost as ::1 and 127.0.0.1) fail as one AggregateError.
  if (error instanceof AggregateError && error.errors.length > 0) {
    const problems = error.errors.map((inner) => (inner instanceof Error ? problemOf(inner) : undefined));
    if (problems.every((problem) => problem !== undefined)) return problems[0];
  }
  if (code === undefined && DRIVER_MESSAGES.has(error.message)) return lost("the connection closed")();
  return undefined;
}

/**
 * One line saying why the database could not be reached or refused us (connection refused, no such
 * database, login refused, the connection lost), or undefined when the failure was something else (a
 * bug in a statement, a constraint): callers then report the error itself. Never quotes a URL.
 */
export function databaseProblem(error: unknown): string | undefined {
  // A bounded walk: `cause` chains are short, and a cycle must not hang anyone.
  let current: unknown = error;
  for (let depth = 0; depth < 8 && current instanceof Error; depth++) {
    const problem = problemOf(current);
    if (problem !== undefined) return problem;
    current = current.cause;
  }
  return undefined;
}

/** True when `error` means the database cannot be used right now: a retry later may succeed. */
export function isDatabaseUnavailable(error: unknown): boolean {
  return databaseProblem(error) !== undefined;
}
