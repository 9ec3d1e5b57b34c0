import { createServer, type Server, type Socket, connect } from "node:net";

/**
 * A TCP proxy to `target` on a port of its own, for tests that cut a service off for real: `cut()`
 * closes every connection through it and refuses new ones (as a server that went away), `restore()`
 * listens again on the same port. Point the code under test at `url(...)`.
 */
export interface TcpProxy {
  port: number;
  /** Closes every proxied connection at once and stops listening. */
  cut(): Promise<void>;
  /** Listens again, on the same port. */
  restore(): Promise<void>;
  close(): Promise<void>;
}

export async function startTcpProxy(target: { host: string; port: number }): Promise<TcpProxy> {
  const sockets = new Set<Socket>();
  const track = (socket: Socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
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
  let listening = true;
  const stop = async () => {
    if (!listening) return;
    listening = false;
    for (const socket of sockets) socket.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
  return {
    port,
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
