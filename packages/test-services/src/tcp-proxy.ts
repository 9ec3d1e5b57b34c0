import { createServer, type Server, type Socket, connect } from "node:net";

/**
 * A TCP proxy in front of a service (Postgres, Redis), for tests that cut it off for real: `cut()`
 * closes every connection through it and refuses new ones (as a server that went away: connects are
 * refused, sessions die mid-query), `restore()` listens again on the same port (it is back). Point the
 * code under test at `url`.
 */
export interface TcpProxy {
  port: number;
  /** The target URL with its host and port replaced by the proxy's. */
  url: string;
  /** Closes every proxied connection at once and stops listening. */
  cut(): Promise<void>;
  /** Listens again, on the same port. */
  restore(): Promise<void>;
  close(): Promise<void>;
}

export async function startTcpProxy(targetUrl: string): Promise<TcpProxy> {
  const parsed = new URL(targetUrl);
  const target = { host: parsed.hostname, port: Number(parsed.port || 5432) };
  const sockets = new Set<Socket>();
  const track = (socket: Socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    // A reset while cut is the point of the exercise, not a test failure.
    socket.on("error", () => socket.destroy());
  };
  const serve = (): Server =>
    createServer((client) => {
      const upstream = connect(target);
      track(client);
      track(upstream);
      client.pipe(upstream);
      upstream.pipe(client);
      client.on("close", () => upstream.destroy());
      upstream.on("close", () => client.destroy());
    });
  let server = serve();
  const listen = (port: number) =>
    new Promise<number>((resolve, reject) => {
      server.once("error", reject);
      server.listen(port, "127.0.0.1", () => {
        const address = server.address();
        resolve(typeof address === "object" && address !== null ? address.port : port);
      });
    });
  const port = await listen(0);
  const url = new URL(targetUrl);
  url.host = `127.0.0.1:${port}`;
  let listening = true;
  const stop = async () => {
    if (!listening) return;
    listening = false;
    for (const socket of sockets) socket.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
  return {
    port,
    url: url.toString(),
    cut: stop,
    async restore() {
      if (listening) return;
      server = serve();
      await listen(port);
      listening = true;
    },
    close: stop,
  };
}
