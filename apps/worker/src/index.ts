export { startWorker, type RunningWorker, type StartWorkerOptions } from "./start-worker.js";
export { PermanentSyncError } from "./permanent-failure.js";
export { checkHealth, type HealthReport } from "./health.js";
