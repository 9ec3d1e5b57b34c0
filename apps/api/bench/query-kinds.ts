// The kinds of look-up the API bench measures, each a generator of ever new queries drawn from a
// sample of the mirrored items (so that prefixes, substrings, ids and dates find things).

export interface SampleItem {
  id: number;
  name: string;
  updated_on: Date;
}

const WEEKDAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];

export function queryKinds(sample: readonly SampleItem[], items: number): Record<string, () => string> {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(Math.random() * list.length)]!;
  const int = (below: number) => Math.floor(Math.random() * below);
  const pages = Math.max(1, Math.ceil(items / 250));
  const q = (params: Record<string, string>) =>
    `/v2/iso?${new URLSearchParams({ expand: "1", ...params }).toString()}`;
  // Pages of 200 to 250 items: a realistic size, and it multiplies each kind's distinct queries by 51,
  // so that no kind runs out of queries the response cache has never seen.
  const perPage = () => String(200 + int(51));
  return {
    // Any page of the whole catalogue, by id.
    page: () => q({ per_page: perPage(), page: String(1 + int(pages)) }),
    "prefix like": () =>
      q({ filter: `name,like,${pick(sample).name.slice(0, 4 + int(5))}%`, per_page: perPage() }),
    "infix like": () => {
      const name = pick(sample).name;
      const at = int(Math.max(1, name.length - 5));
      return q({ filter: `name,like,%${name.slice(at, at + 3 + int(3))}%`, per_page: perPage() });
    },
    "id in": () =>
      q({
        filter: `id,in,${Array.from({ length: 20 }, () => pick(sample).id).join(",")}`,
        per_page: perPage(),
      }),
    "id range": () => {
      const from = 1 + int(items);
      return q({ filter: `id,ge,${from};id,lt,${from + 1 + int(250)}`, per_page: perPage() });
    },
    "date range": () => {
      const from = pick(sample).updated_on.getTime();
      const to = from + (1 + int(30)) * 86_400_000;
      return q({
        filter: `updated_on,ge,${new Date(from).toISOString()};updated_on,lt,${new Date(to).toISOString()}`,
        per_page: perPage(),
      });
    },
    // A filter matching most of the catalogue, sorted by a date, at any of its pages.
    "sorted deep page": () =>
      q({
        filter: pick(["public,eq,true", "data_store,eq,vss-ISOs", "name,like,%.iso"]),
        sort: `${pick(["updated_on", "created_on"])},${pick(["asc", "desc"])}`,
        per_page: perPage(),
        page: String(1 + int(pages)),
      }),
    "date text like": () =>
      q({ filter: `created_on,like,% ${pick(WEEKDAYS)} %`, per_page: perPage(), page: String(1 + int(20)) }),
  };
}
