/**
 * An error as one line for stderr: its message with line breaks collapsed. Only the message is used,
 * never the cause chain or the object itself: the VSS client and the config loader keep secrets out of
 * messages, but a cause (a Response, a request) could carry headers.
 */
export function oneLine(error: unknown): string {
  const text = error instanceof Error ? error.message || error.name : String(error);
  return text.replace(/\s*\n\s*/g, " ").trim();
}
