import http from "node:http";
import https from "node:https";
import type { HttpRequest } from "./attempt.js";

/** The status line and headers of an answer; its body is read separately (and may fail on its own). */
export interface HttpAnswer {
  status: number;
  /** The `Retry-After` header, when sent. */
  retryAfter: string | null;
  /** The whole body as UTF-8 text. */
  text(): Promise<string>;
}

/** Sends one request; rejects when no answer arrives (the error's `cause` says why, as fetch's does). */
export type HttpExchange = (request: HttpRequest, signal: AbortSignal) => Promise<HttpAnswer>;

/** Through a fetch implementation (one given in the options, for tests that script answers). */
export function fetchExchange(doFetch: typeof fetch): HttpExchange {
  return async (request, signal) => {
    const response = await doFetch(request.url, {
      method: request.method,
      headers: request.headers,
      body: request.body ?? null,
      signal,
    });
    return {
      status: response.status,
      retryAfter: response.headers.get("retry-after"),
      text: () => response.text(),
    };
  };
}

/**
 * Through node:http(s) with keep-alive agents of its own: a sync makes hundreds of requests, and Node's
 * global fetch (undici, web streams, a TextDecoder per body) cost several times the CPU per answer of
 * plain http.request reading Buffers. Idle sockets do not hold the process open.
 */
export function nodeExchange(): HttpExchange {
  const agents = {
    "http:": new http.Agent({ keepAlive: true }),
    "https:": new https.Agent({ keepAlive: true }),
  };
  return (request, signal) =>
    new Promise<HttpAnswer>((resolve, reject) => {
      const { url } = request;
      const send = url.protocol === "https:" ? https.request : http.request;
      const agent = url.protocol === "https:" ? agents["https:"] : agents["http:"];
      const headers: Record<string, string> = { ...request.headers };
      if (request.body !== undefined) headers["content-length"] = String(Buffer.byteLength(request.body));
      const outgoing = send(url, { method: request.method, headers, agent, signal });
      outgoing.on("error", (error) => reject(wrapped(error)));
      outgoing.on("response", (incoming) => {
        // Failures while reading the body go to text(), and must not surface as unhandled here.
        const body = new Promise<string>((done, fail) => {
          const chunks: Buffer[] = [];
          incoming.on("data", (chunk: Buffer) => chunks.push(chunk));
          incoming.on("end", () => done(Buffer.concat(chunks).toString("utf8")));
          incoming.on("error", (error) => fail(wrapped(error)));
          incoming.on("close", () => {
            if (!incoming.complete)
              fail(wrapped(Object.assign(new Error("aborted"), { code: "ECONNRESET" })));
          });
        });
        body.catch(() => {});
        const retryAfter = incoming.headers["retry-after"];
        resolve({
          status: incoming.statusCode ?? 0,
          retryAfter: typeof retryAfter === "string" ? retryAfter : null,
          text: () => body,
        });
      });
      outgoing.end(request.body);
    });
}

/** Like fetch's "fetch failed": the system error (with its `code`) as the cause. */
function wrapped(error: Error): Error {
  return new TypeError("request failed", { cause: error });
}
