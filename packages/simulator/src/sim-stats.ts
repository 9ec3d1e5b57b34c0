// Counters behind `GET /_control/stats`. Control requests are not counted: tests read the stats to see
// what the client under test did, and their own control calls would blur that.
import type { SimStats } from "./types.js";

export class SimStatsRecorder {
  private stats: SimStats = SimStatsRecorder.empty();

  private static empty(): SimStats {
    return { requests: 0, byRoute: {}, byStatus: {}, faultsApplied: {}, tokensIssued: 0 };
  }

  request(route: string): void {
    this.stats.requests++;
    this.stats.byRoute[route] = (this.stats.byRoute[route] ?? 0) + 1;
  }

  status(status: number | string): void {
    this.stats.byStatus[status] = (this.stats.byStatus[status] ?? 0) + 1;
  }

  fault(kind: string): void {
    this.stats.faultsApplied[kind] = (this.stats.faultsApplied[kind] ?? 0) + 1;
  }

  tokenIssued(): void {
    this.stats.tokensIssued++;
  }

  snapshot(): SimStats {
    return structuredClone(this.stats);
  }

  reset(): void {
    this.stats = SimStatsRecorder.empty();
  }
}
