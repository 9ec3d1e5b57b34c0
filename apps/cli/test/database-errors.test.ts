// A database that cannot be used is said so in one line naming why (connection refused, no such
// database, login refused), by every command that reads it: never the first statement that failed.
import { describe, expect, inject, it } from "vitest";
import { runCli } from "./run-cli.js";

const server = new URL(inject("databaseUrl"));
const at = (change: (url: URL) => void) => {
  const url = new URL(server);
  change(url);
  return url.toString();
};

const CASES: [string, string, RegExp][] = [
  [
    "nothing listening",
    at((u) => (u.port = "1")),
    /cannot connect to the database at 127\.0\.0\.1:1: connection refused/,
  ],
  [
    "no such database",
    at((u) => (u.pathname = "/no_such_database_vss")),
    /the database does not exist \(database "no_such_database_vss" does not exist\): create it, or fix DATABASE_URL/,
  ],
  [
    "an unknown role",
    at((u) => (u.username = "no_such_role_vss")),
    /the database refused the login \(role "no_such_role_vss" does not exist\)/,
  ],
];

describe.each(["status", "report runs", "migrate"])("%s on a database it cannot use", (command) => {
  it.each(CASES)("%s: exit 1 and one line saying why", async (_what, url, why) => {
    const run = await runCli(command.split(" "), { DATABASE_URL: url });
    expect(run.code).toBe(1);
    expect(run.stdout).toBe("");
    expect(run.stderr.trimEnd().split("\n")).toHaveLength(1);
    expect(run.stderr).toMatch(why);
    expect(run.stderr).not.toMatch(/Failed query|select /);
  });
});
