import "./provided.js";
export { createTestDatabase } from "./database.js";
export { MISSING_SERVICES, startContainers } from "./containers.js";
export { startTcpProxy, type TcpProxy } from "./tcp-proxy.js";
export { freePort, type PrivateRedis, startPrivateRedis } from "./redis-server.js";
