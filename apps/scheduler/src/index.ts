export { startScheduler, type RunningScheduler, type StartSchedulerOptions } from "./start-scheduler.js";
export { enqueueTick, type TickEnqueued } from "./enqueue-tick.js";
