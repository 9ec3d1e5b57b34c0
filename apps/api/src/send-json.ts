import type { FastifyReply } from "fastify";

/** Every answer is JSON with this type, errors included (docs/upstream-api.md: pyvss crashes otherwise). */
export const JSON_TYPE = "application/json; charset=utf-8";

/** Sends an already serialised JSON body (text, or UTF-8 bytes as the response cache keeps them). */
export function sendJson(
  reply: FastifyReply,
  status: number,
  body: string | Buffer,
  headers: Readonly<Record<string, string>> = {},
): FastifyReply {
  return reply.code(status).headers(headers).type(JSON_TYPE).send(body);
}
