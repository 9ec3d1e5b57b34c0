import type { VssAccount } from "@vss-mirror/config";
import {
  DEFAULT_USERS,
  formatTorontoDate,
  type Simulator,
  type SimulatorControl,
  startSimulator,
} from "@vss-mirror/simulator";

/** Ids of the images the demo adds: past the default catalogue's, below the simulator's own counter. */
const DEMO_ID_BASE = 100_000;

/** The built-in upstream of `mirror` when no VSS credentials are configured. */
export interface DemoUpstream {
  sim: Simulator;
  /** The simulator's demo accounts (alice, bob), whose personal stores are mirrored too. */
  accounts: VssAccount[];
  close(): Promise<void>;
}

/**
 * Starts the simulator in this process with its default realistic catalogue (224 items, seed 1), then
 * moves it `generation` steps forward (evolveDemo), so that each run of `mirror` finds something new.
 */
export async function startDemoUpstream(generation: number): Promise<DemoUpstream> {
  // A personal store's upstream sync takes two steps; the real API takes seconds, a demo need not.
  const sim = await startSimulator({ syncStepMs: 10 });
  try {
    await evolveDemo(sim.control, generation);
  } catch (error) {
    await sim.close();
    throw error;
  }
  return {
    sim,
    accounts: DEFAULT_USERS.map(({ username, password, otp }) =>
      otp === undefined ? { username, password } : { username, password, otp },
    ),
    close: () => sim.close(),
  };
}

/**
 * Applies demo changes 1..generation to the public catalogue, each one adding an image, renaming one and
 * deleting one. The simulator starts from the same catalogue every time and every choice depends only on
 * the change's number and the catalogue, so generation k is always the same upstream: a mirror holding
 * generation k-1 sees exactly change k (`mirror` uses its count of earlier successful public runs).
 */
export async function evolveDemo(control: SimulatorControl, generation: number): Promise<void> {
  for (let step = 1; step <= generation; step++) {
    const live = (await control.items("public")).filter((item) => !item.name.startsWith("vss-demo-"));
    const renamed = live[(step * 53) % live.length];
    const deleted = live[(step * 97 + 11) % live.length];
    // Dates of changes move forward with the step, from a fixed day, so they never depend on the clock.
    const when = formatTorontoDate(Date.UTC(2026, 0, 1) + step * 86_400_000);
    // An explicit id: the simulator's id counter also numbers the personal stores' new files, which must
    // keep their ids from run to run.
    await control.addItem({
      id: DEMO_ID_BASE + step,
      name: `vss-demo-${step}.iso`,
      created_on: when,
      updated_on: when,
    });
    if (renamed) {
      await control.updateItem(renamed.id, {
        name: renamed.name.replace(/(\.iso)?$/i, `-r${step}$1`),
        updated_on: when,
      });
    }
    if (deleted && deleted.id !== renamed?.id) await control.deleteItem(deleted.id);
  }
}
