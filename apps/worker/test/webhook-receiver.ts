// A real HTTP webhook receiver for tests (node:http on a random or given port). It verifies every
// delivery as a receiver would, with the Standard Webhooks library's own `verify` (which also refuses
// timestamps more than five minutes off), records it, and answers 401 when it does not verify, else
// what the test says: 200, or 500 while `failing`.
import { randomBytes } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { Webhook } from "standardwebhooks";
import type { WebhookPayload } from "../src/webhooks/index.js";

/** A fresh Standard Webhooks secret, as an operator would make one. */
export const newSecret = () => `whsec_${randomBytes(32).toString("base64")}`;

export interface Delivery {
  /** The `webhook-id` header. */
  headerId: string | undefined;
  /** The `webhook-timestamp` header, in seconds. */
  timestamp: number;
  /** Whether `Webhook.verify` accepted the raw body with the headers. */
  signatureValid: boolean;
  payload: WebhookPayload;
  status: number;
}

export interface Receiver {
  url: string;
  port: number;
  /** Every request, in arrival order, answered or not. */
  deliveries: Delivery[];
  /** While true, answers 500. */
  failing: boolean;
  /** Added before answering. */
  delayMs: number;
  /** Deliveries answered 2xx, first of each id only, in arrival order: what a deduplicating receiver processes. */
  processed(): WebhookPayload[];
  close(): Promise<void>;
}

export async function startReceiver(secret: string, port = 0): Promise<Receiver> {
  const receiver: Receiver = {
    url: "",
    port: 0,
    deliveries: [],
    failing: false,
    delayMs: 0,
    processed() {
      const seen = new Set<string>();
      return this.deliveries
        .filter((d) => d.status === 200 && !seen.has(d.payload.deliveryId) && seen.add(d.payload.deliveryId))
        .map((d) => d.payload);
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const body = Buffer.concat(chunks);
      let signatureValid = true;
      try {
        new Webhook(secret).verify(body, request.headers as Record<string, string>);
      } catch {
        signatureValid = false;
      }
      // What a real receiver does with a delivery it cannot verify: refuse it.
      const status = !signatureValid ? 401 : receiver.failing ? 500 : 200;
      receiver.deliveries.push({
        headerId: request.headers["webhook-id"] as string | undefined,
        timestamp: Number(request.headers["webhook-timestamp"]),
        signatureValid,
        payload: JSON.parse(body.toString("utf8")) as WebhookPayload,
        status,
      });
      setTimeout(
        () => response.writeHead(status, { "content-type": "text/plain" }).end("ok"),
        receiver.delayMs,
      );
    });
  });
  server.keepAliveTimeout = 100;
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  receiver.port = (server.address() as AddressInfo).port;
  receiver.url = `http://127.0.0.1:${receiver.port}/hook`;
  return receiver;
}

/** A port nothing listens on (taken, then released). */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}
