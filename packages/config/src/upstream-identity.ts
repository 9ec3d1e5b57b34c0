/**
 * The identity a mirror records for the VSS API it syncs from (vss.mirror_upstream): the URL's scheme,
 * host, port and path, without a trailing slash, query or credentials, so that `https://HOST/` and
 * `https://host` are one upstream and the record never holds a secret.
 */
export function upstreamIdentity(apiUrl: string): string {
  const url = new URL(apiUrl.trim());
  return `${url.protocol}//${url.host}${url.pathname.replace(/\/+$/, "")}`;
}
