// What a user might write instead of this project: log in, follow `next_url` from page 1 to the end one
// request at a time (expand=1, 250 a page), then COPY everything into one table. It checks nothing and
// keeps no history; it is here as the yardstick for the mirror's own speed.
import pg from "pg";
import { from as copyFrom } from "pg-copy-streams";

interface WireItem {
  id: number;
  name: string;
  path: string;
  data_store: string;
  public: boolean;
  created_on: string;
  updated_on: string;
}

const escape = (value: string) =>
  value.replace(/[\\\t\n\r]/g, (c) => ({ "\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r" })[c]!);

export async function plainWalker(
  apiUrl: string,
  databaseUrl: string,
): Promise<{ wallMs: number; items: number }> {
  const began = performance.now();
  const login = await fetch(`${apiUrl}/auth/request-token`, {
    method: "POST",
    headers: { authorization: `Basic ${Buffer.from("alice:alice-password").toString("base64")}` },
  });
  const { token } = (await login.json()) as { token: string };
  const items: WireItem[] = [];
  let url: string | null = `${apiUrl}/v2/iso?expand=1&per_page=250`;
  while (url) {
    const response = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
    const body = (await response.json()) as {
      data: WireItem[];
      meta: { pages: { next_url: string | null } };
    };
    items.push(...body.data);
    url = body.meta.pages.next_url;
  }
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query(`create table plain_isos (id bigint primary key, name text, path text, data_store text,
      public boolean, created_on text, updated_on text)`);
    const text = items
      .map((i) =>
        [i.id, i.name, i.path, i.data_store, i.public, i.created_on, i.updated_on]
          .map((v) => escape(String(v)))
          .join("\t"),
      )
      .join("\n");
    await new Promise<void>((resolve, reject) => {
      const stream = client.query(copyFrom("copy plain_isos from stdin"));
      stream.on("error", reject).on("finish", () => resolve());
      stream.end(`${text}\n`);
    });
  } finally {
    await client.end();
  }
  return { wallMs: performance.now() - began, items: items.length };
}
