// Chooses the faults for one request from the configured rules (simulator-contract "FaultRule").
// Rules are tried in order; `latency`, `slow` and `expire-token` add up, and the first answering fault
// (`status`, `reset`, `truncate`, `invalid-json`) that fires ends the search. Dice come from a seeded
// PRNG so a run with the same seed and the same request sequence fails the same way every time.
import { createPrng, type Prng } from "./prng.js";
import type { FaultKind, FaultRule } from "./types.js";

export type AnsweringFault = Extract<FaultKind, "status" | "reset" | "truncate" | "invalid-json">;

export interface FaultDecision {
  delayMs: number;
  expireToken: boolean;
  /** Kinds of every rule that fired, for the stats. */
  applied: FaultKind[];
  answer?: FaultRule & { kind: AnsweringFault };
}

/** Default wait of a `slow` fault: meant to exceed any sane client timeout. */
export const DEFAULT_SLOW_MS = 10_000;

interface RuleState {
  rule: FaultRule;
  matched: number;
  applied: number;
}

export interface FaultRequest {
  method: string;
  path: string;
  page: number;
}

function matches(rule: FaultRule, request: FaultRequest): boolean {
  const { method, path, page } = rule.match ?? {};
  if (method !== undefined && method.toUpperCase() !== request.method.toUpperCase()) return false;
  if (page !== undefined && page !== request.page) return false;
  if (path === undefined) return true;
  return path.endsWith("*") ? request.path.startsWith(path.slice(0, -1)) : request.path === path;
}

export class FaultEngine {
  private rules: RuleState[] = [];
  private prng: Prng;

  constructor(private readonly defaultSeed: number) {
    this.prng = createPrng(defaultSeed);
  }

  setRules(rules: FaultRule[], seed = this.defaultSeed): void {
    this.rules = rules.map((rule) => ({ rule, matched: 0, applied: 0 }));
    this.prng = createPrng(seed);
  }

  clear(): void {
    this.setRules([]);
  }

  decide(request: FaultRequest): FaultDecision {
    const decision: FaultDecision = { delayMs: 0, expireToken: false, applied: [] };
    for (const state of this.rules) {
      const { rule } = state;
      if (!matches(rule, request)) continue;
      state.matched++;
      if (state.matched <= (rule.after ?? 0)) continue;
      if (rule.times !== undefined && state.applied >= rule.times) continue;
      // Roll only for fractional rates, so adding a rate-1 rule does not shift other rules' dice.
      const rate = rule.rate ?? 1;
      if (rate < 1 && this.prng() >= rate) continue;
      state.applied++;
      decision.applied.push(rule.kind);
      if (rule.kind === "latency") decision.delayMs += rule.delayMs ?? 0;
      else if (rule.kind === "slow") decision.delayMs += rule.delayMs ?? DEFAULT_SLOW_MS;
      else if (rule.kind === "expire-token") decision.expireToken = true;
      else {
        decision.answer = { ...rule, kind: rule.kind };
        break;
      }
    }
    return decision;
  }
}
