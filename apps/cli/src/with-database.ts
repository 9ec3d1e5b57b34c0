import { connectDatabase, type DatabaseHandle } from "@vss-mirror/db";

/** Runs `work` with a small pool, closed afterwards whatever happens (an open pool keeps Node alive). */
export async function withDatabase<T>(
  url: string,
  work: (database: DatabaseHandle) => Promise<T>,
): Promise<T> {
  const database = connectDatabase({ url, max: 4, applicationName: "vss-mirror-cli" });
  try {
    return await work(database);
  } finally {
    await database.close();
  }
}
