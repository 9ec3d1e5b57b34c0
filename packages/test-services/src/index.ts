import "./provided.js";
export { createTestDatabase } from "./database.js";
export { MISSING_SERVICES, startContainers } from "./containers.js";
export { startTcpProxy, type TcpProxy } from "./tcp-proxy.js";
export {
  PRODUCTION_COMMANDS,
  type ProductionCommand,
  type ProductionCommandName,
  type ProductionProcess,
  REPO_ROOT,
  spawnProductionCommand,
} from "./production-commands.js";
