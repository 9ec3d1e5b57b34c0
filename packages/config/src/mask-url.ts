/**
 * The one masking function: every URL a message or a log line shows goes through it. The URL with its
 * password (userinfo or a `password` query parameter, as libpq accepts) replaced by `***`, for messages
 * and logs. Returns `undefined` when `value` is not a URL: a string that does not
 * parse may still hold a password, so callers must not echo it at all.
 */
export function maskUrl(value: string): string | undefined {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return undefined;
  }
  let masked = false;
  if (url.password) {
    url.password = "***";
    masked = true;
  }
  for (const key of [...url.searchParams.keys()]) {
    if (key.toLowerCase() === "password") {
      url.searchParams.set(key, "***");
      masked = true;
    }
  }
  // Unchanged when there is nothing to hide, so the message shows what the user wrote.
  return masked ? url.toString() : value;
}
