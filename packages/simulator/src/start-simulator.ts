// Starts one simulator instance on a real socket (simulator-contract, "Programmatic API").
import { createServer } from "./create-server.js";
import { resolveOptions, SimState } from "./sim-state.js";
import { SimulatorControl } from "./simulator-control.js";
import type { SimulatorOptions } from "./types.js";

export interface Simulator {
  /** Base url without a trailing slash, e.g. "http://127.0.0.1:41234". */
  url: string;
  control: SimulatorControl;
  close(): Promise<void>;
}

export async function startSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
  const state = new SimState(resolveOptions(options));
  const closing = new AbortController();
  const app = createServer(state, closing.signal);
  await app.listen({ host: state.options.host, port: state.options.port });
  const address = app.server.address();
  if (address === null || typeof address === "string")
    throw new Error("simulator: server has no TCP address");
  // A wildcard address is not something a client can connect to; name the loopback instead.
  const host = ["0.0.0.0", "::"].includes(address.address)
    ? "127.0.0.1"
    : address.family === "IPv6"
      ? `[${address.address}]`
      : address.address;
  const url = `http://${host}:${address.port}`;
  return {
    url,
    control: new SimulatorControl(url),
    async close() {
      closing.abort();
      state.syncs.clear();
      state.churn.stop();
      await app.close();
    },
  };
}
