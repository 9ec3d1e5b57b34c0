// `/_control/churn`: make the catalogue change while a sync walks it, stop that, read what changed.
import type { FastifyInstance } from "fastify";
import type { SimState } from "../sim-state.js";
import { churnSettings } from "../validate-churn.js";
import { controlRoute } from "./control-routes.js";

export function registerChurnRoutes(app: FastifyInstance, state: SimState): void {
  controlRoute(app, "PUT", "/churn", (request) => {
    const settings = churnSettings(request.body, (username) => state.users.has(username));
    state.churn.set(settings);
    const scope = settings.scope === "public" ? "public" : settings.scope.username;
    return { body: { data: { ...settings, scope, seed: settings.seed ?? state.options.seed } } };
  });
  controlRoute(app, "DELETE", "/churn", () => {
    state.churn.stop();
    return { body: { data: state.churn.log() } };
  });
  controlRoute(app, "GET", "/churn", () => ({ body: { data: state.churn.log() } }));
}
