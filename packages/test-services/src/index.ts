import "./provided.js";
export { createTestDatabase } from "./database.js";
export {
  discoverServices,
  MissingServicesError,
  missingServicesMessage,
  startContainers,
} from "../discover.mjs";
export { startTcpProxy, type TcpProxy } from "./tcp-proxy.js";
export {
  PRODUCTION_COMMANDS,
  type ProductionCommand,
  type ProductionCommandName,
  type ProductionProcess,
  REPO_ROOT,
  spawnProductionCommand,
} from "./production-commands.js";
export { freePort, type PrivateRedis, startPrivateRedis } from "./redis-server.js";
