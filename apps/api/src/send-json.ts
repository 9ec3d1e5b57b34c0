import type { FastifyReply } from "fastify";

/** Every answer is JSON with this type, errors included (docs/upstream-api.md: pyvss crashes otherwise). */
export const JSON_TYPE = "application/json; charset=utf-8";

/** Sends an already serialised JSON body (cached bodies are kept as text). */
export function sendJson(
  reply: FastifyReply,
  status: number,
  body: string,
  headers: Record<string, string> = {},
): FastifyReply {
  return reply.code(status).headers(headers).type(JSON_TYPE).send(body);
}
