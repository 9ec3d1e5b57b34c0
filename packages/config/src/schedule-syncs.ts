// The sync schedules, read from the config once for every service that runs them: a node-cron task for
// the public catalogue (SCHEDULE_PUBLIC) and, when there are accounts, one for the personal stores
// (SCHEDULE_PERSONAL), both in SCHEDULE_TIMEZONE. What a tick does is the caller's: the scheduler
// enqueues jobs, `vss-mirror serve` runs the syncs in its own process.
import { schedule, type ScheduledTask } from "node-cron";
import type { AppConfig } from "./app-config.js";
import { scopesFor } from "./scopes-for.js";

export interface ScheduledSyncs {
  /** The scopes each schedule syncs: "public", and every account's username. */
  scopes: { public: string[]; personal: string[] };
  /** Stops the cron tasks. Work a tick has started is the caller's to wait for. */
  stop(): Promise<void>;
}

/** Starts the schedules; `onTick` gets a schedule's scopes and the time node-cron fired it for. */
export function scheduleSyncs(
  config: Pick<AppConfig, "schedule" | "accounts">,
  onTick: (scopes: string[], tick: Date) => void,
): ScheduledSyncs {
  const { timezone } = config.schedule;
  const personal = scopesFor("personal", config.accounts);
  const tasks: ScheduledTask[] = [
    schedule(config.schedule.public, (context) => onTick(["public"], context.date), {
      name: "sync-public",
      timezone,
    }),
  ];
  if (personal.length > 0) {
    tasks.push(
      schedule(config.schedule.personal, (context) => onTick(personal, context.date), {
        name: "sync-personal",
        timezone,
      }),
    );
  }
  return {
    scopes: { public: ["public"], personal },
    stop: async () => {
      await Promise.all(tasks.map((task) => task.destroy()));
    },
  };
}
