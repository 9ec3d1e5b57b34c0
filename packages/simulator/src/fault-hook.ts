// onRequest hook for every non-control request: global latency, then the configured faults
// (simulator-contract, "FaultRule"). Answering faults end the request here; `truncate` only marks it,
// because it needs the real answer to cut.
import { setTimeout as sleep } from "node:timers/promises";
import type { FastifyReply, FastifyRequest } from "fastify";
import { errorBody } from "./http-error.js";
import { JSON_TYPE, markTruncated, respond } from "./respond.js";
import { CONTROL_PREFIX } from "./routes/control-routes.js";
import type { SimState } from "./sim-state.js";

export function isControl(request: FastifyRequest): boolean {
  return request.url === CONTROL_PREFIX || request.url.startsWith(`${CONTROL_PREFIX}/`);
}

function pageOf(request: FastifyRequest): number {
  const page = (request.query as Record<string, unknown> | undefined)?.page;
  return typeof page === "string" && /^\d+$/.test(page) ? Number(page) : 1;
}

/** Builds the hook; `closing` aborts pending waits so close() never waits out a `slow` fault. */
export function faultHook(state: SimState, closing: AbortSignal) {
  return async (request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply | undefined> => {
    if (isControl(request)) return undefined;
    state.stats.request(`${request.method} ${request.routeOptions.url ?? "(no route)"}`);
    const decision = state.faults.decide({
      method: request.method,
      path: request.url.split("?")[0] ?? "",
      page: pageOf(request),
    });
    for (const kind of decision.applied) state.stats.fault(kind);
    const delay = state.options.latencyMs + decision.delayMs;
    if (delay > 0) await sleep(delay, undefined, { signal: closing }).catch(() => undefined);
    if (decision.expireToken) state.tokens.revokeAll();
    const fault = decision.answer;
    switch (fault?.kind) {
      case "status": {
        const status = fault.status ?? 503;
        const headers: Record<string, string> =
          fault.retryAfter === undefined ? {} : { "retry-after": String(fault.retryAfter) };
        return respond(
          request,
          reply,
          status,
          errorBody(status, `SimulatedFault: injected ${status}`),
          headers,
        );
      }
      case "reset":
        // No answer at all: the client sees the connection drop.
        state.stats.status("reset");
        reply.hijack();
        request.raw.socket.destroy();
        return reply;
      case "invalid-json":
        return reply.code(200).type(JSON_TYPE).send('{"_links": {"self": "not json');
      case "truncate":
        markTruncated(request, (status) => state.stats.status(status));
        return undefined;
      default:
        return undefined;
    }
  };
}
