import { VssInvalidResponseError } from "./errors.js";
import type { IsoPage } from "./list-options.js";

/**
 * Checks the `next_url` of `page` (fetched from `current`) before following it: absolute, on baseUrl's
 * origin (the bearer token must never go anywhere else), the same listing path, the very next page
 * number, and not offered on the last page. Anything else would leak the token or loop for ever.
 */
export function checkNextUrl(baseUrl: URL, current: URL, nextUrl: string, page: IsoPage): URL {
  const path = current.pathname + current.search;
  const invalid = (why: string, cause?: unknown) =>
    new VssInvalidResponseError(`GET ${path}: ${why}`, "shape", "GET", path, { cause });
  let next: URL;
  try {
    next = new URL(nextUrl);
  } catch (error) {
    throw invalid("next_url is not an absolute URL", error);
  }
  if (next.origin !== baseUrl.origin || next.pathname !== current.pathname) {
    throw invalid(`next_url points outside ${current.origin}${current.pathname}`);
  }
  if (next.searchParams.get("page") !== String(page.page + 1)) {
    throw invalid(`next_url does not go to page ${page.page + 1}`);
  }
  if (page.page >= page.pages) throw invalid(`next_url given on last page ${page.page} of ${page.pages}`);
  return next;
}
