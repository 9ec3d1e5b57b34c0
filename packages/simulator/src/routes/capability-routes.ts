// `/_control/capabilities`: what the simulated upstream can do, changeable while it runs (reset goes
// back to the options).
import type { FastifyInstance } from "fastify";
import type { SimState } from "../sim-state.js";
import { capabilitiesPatch } from "../validate-capabilities.js";
import { controlRoute } from "./control-routes.js";

export function registerCapabilityRoutes(app: FastifyInstance, state: SimState): void {
  controlRoute(app, "PUT", "/capabilities", (request) => {
    state.capabilities = { ...state.capabilities, ...capabilitiesPatch(request.body) };
    return { body: { data: state.capabilities } };
  });
  controlRoute(app, "GET", "/capabilities", () => ({ body: { data: state.capabilities } }));
}
