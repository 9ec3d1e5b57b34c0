// Every answer goes through here so that each one, errors and faults included, is JSON with
// `Content-Type: application/json` (pyvss crashes otherwise), and so a `truncate` fault can cut any of them.
import type { FastifyReply, FastifyRequest } from "fastify";

export const JSON_TYPE = "application/json; charset=utf-8";

/** Requests whose answer must be cut in half, with a callback told the status (fastify's onResponse
 * hook does not run for hijacked replies). Keyed by the raw request, set by the fault hook. */
const truncated = new WeakMap<object, (status: number) => void>();

export function markTruncated(request: FastifyRequest, onSent: (status: number) => void): void {
  truncated.set(request.raw, onSent);
}

/** Sends `body` as JSON, or, for a request marked truncated, half of it before dropping the connection. */
export function respond(
  request: FastifyRequest,
  reply: FastifyReply,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): FastifyReply {
  const payload = body === undefined ? "" : JSON.stringify(body);
  const onTruncated = truncated.get(request.raw);
  if (status === 204 && !onTruncated) {
    // fastify drops Content-Type from 204 answers; the contract wants it on every response.
    reply.hijack();
    reply.raw.writeHead(204, { ...headers, "content-type": JSON_TYPE });
    reply.raw.end();
    return reply;
  }
  if (!onTruncated) return reply.code(status).headers(headers).type(JSON_TYPE).send(payload);
  // Bypass fastify: announce the full length, send half, then destroy the socket once that half is out.
  onTruncated(status);
  reply.hijack();
  const bytes = Buffer.from(payload);
  const res = reply.raw;
  res.writeHead(status, { ...headers, "content-type": JSON_TYPE, "content-length": String(bytes.length) });
  res.write(bytes.subarray(0, Math.floor(bytes.length / 2)), () => res.destroy());
  return reply;
}
