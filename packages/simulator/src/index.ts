// Public surface of @vss-mirror/simulator (simulator-contract, "Programmatic API").
export { startSimulator, type Simulator } from "./start-simulator.js";
export { SimulatorControl } from "./simulator-control.js";
export { DEFAULT_USERS } from "./default-users.js";
export { generateCatalogue } from "./generate-catalogue.js";
export { formatTorontoDate, parseWireDate } from "./toronto-date.js";
export type {
  ChurnChange,
  ChurnLog,
  ChurnOperation,
  ChurnOptions,
  FaultKind,
  FaultMatch,
  FaultRule,
  KeysetSupport,
  PersonalShape,
  SimCapabilities,
  SimIso,
  SimIsoInput,
  SimStats,
  SimUser,
  SimulatorOptions,
  SyncOutcome,
  SyncStatus,
} from "./types.js";
