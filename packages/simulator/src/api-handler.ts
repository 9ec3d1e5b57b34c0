// Route handlers return a plain result (or throw SimHttpError); this adapter sends it through `respond`,
// so truncation and the JSON error shape live in one place.
import type { FastifyReply, FastifyRequest } from "fastify";
import { SimHttpError } from "./http-error.js";
import { respond } from "./respond.js";

export interface ApiResult {
  /** Default 200. */
  status?: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export type ApiFunction = (request: FastifyRequest) => ApiResult | Promise<ApiResult>;

export function apiHandler(fn: ApiFunction) {
  return async (request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> => {
    try {
      const result = await fn(request);
      return respond(request, reply, result.status ?? 200, result.body, result.headers);
    } catch (error) {
      if (error instanceof SimHttpError)
        return respond(request, reply, error.statusCode, error.body, error.headers);
      throw error;
    }
  };
}
