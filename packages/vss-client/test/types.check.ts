// Type-only checks, compiled by `tsc` (typecheck), never run: the public types compose as documented.
import type { IsoImage, IsoList, IsoPage, VssClient } from "../src/index.js";

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
const assert = <T extends true>(): T | undefined => undefined;

declare const client: VssClient;
declare const list: IsoList;

export async function checks(): Promise<void> {
  // Awaiting a list gives one page; iterating gives items; both page walks give pages.
  const _first = await client.listIsos();
  assert<Equal<typeof _first, IsoPage>>();
  for await (const _item of list) assert<Equal<typeof _item, IsoImage>>();
  for await (const _page of list.pages()) assert<Equal<typeof _page, IsoPage>>();
  for await (const _page of list.pagesConcurrently({ concurrency: 2 }))
    assert<Equal<typeof _page, IsoPage>>();
  // @ts-expect-error stats are read-only counters, not a method
  client.stats();
}
