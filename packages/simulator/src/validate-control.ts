// Checks the bodies of control requests, so a typo in a test fails loudly (400 naming the field) instead
// of silently configuring nothing.
import { isTotpSecret } from "./totp.js";
import { SimHttpError } from "./http-error.js";
import type { FaultKind, FaultRule, SimIsoInput, SimUser, SyncOutcome } from "./types.js";

const FAULT_KINDS: FaultKind[] = [
  "latency",
  "status",
  "reset",
  "truncate",
  "invalid-json",
  "slow",
  "expire-token",
];
const OUTCOMES: SyncOutcome[] = ["PROCESSED", "ERROR", "CANCELLED", "ERROR_RETRY", "SCHEDULED"];

const invalid = (what: string) => new SimHttpError(400, `InvalidParameterValue: ${what}`);
const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);
const isCount = (value: unknown) => typeof value === "number" && Number.isInteger(value) && value >= 0;

export function objectBody(body: unknown, what: string): Record<string, unknown> {
  if (!isObject(body)) throw invalid(`${what} must be a JSON object`);
  return body;
}

export function itemInput(value: unknown, what: string): SimIsoInput {
  return objectBody(value, what) as SimIsoInput;
}

export function itemInputs(value: unknown, what: string): SimIsoInput[] {
  if (!Array.isArray(value)) throw invalid(`${what} must be an array of items`);
  return value.map((item, i) => itemInput(item, `${what}[${i}]`));
}

export function simUser(body: unknown): SimUser {
  const user = objectBody(body, "user");
  if (typeof user.username !== "string" || user.username === "")
    throw invalid("username must be a non-empty string");
  if (typeof user.password !== "string") throw invalid("password must be a string");
  if (user.otp !== undefined && (typeof user.otp !== "string" || !/^\d{6}$/.test(user.otp))) {
    throw invalid("otp must be a 6-digit string");
  }
  if (user.totpSecret !== undefined) {
    if (typeof user.totpSecret !== "string" || !isTotpSecret(user.totpSecret))
      throw invalid("totpSecret must be a base32 string");
    if (user.otp !== undefined) throw invalid("give otp or totpSecret, not both");
  }
  if (user.personal !== undefined) itemInputs(user.personal, "personal");
  if (user.files !== undefined) itemInputs(user.files, "files");
  return user as unknown as SimUser;
}

export function syncOutcome(body: unknown): SyncOutcome {
  const status = objectBody(body, "body").status;
  if (!OUTCOMES.includes(status as SyncOutcome))
    throw invalid(`status must be one of ${OUTCOMES.join(", ")}`);
  return status as SyncOutcome;
}

function faultRule(value: unknown, i: number): FaultRule {
  const rule = objectBody(value, `rules[${i}]`);
  const where = (field: string) => `rules[${i}].${field}`;
  if (!FAULT_KINDS.includes(rule.kind as FaultKind))
    throw invalid(`${where("kind")} must be one of ${FAULT_KINDS.join(", ")}`);
  if (rule.rate !== undefined && !(typeof rule.rate === "number" && rule.rate >= 0 && rule.rate <= 1)) {
    throw invalid(`${where("rate")} must be a number in [0, 1]`);
  }
  for (const field of ["after", "times", "delayMs"] as const) {
    if (rule[field] !== undefined && !isCount(rule[field]))
      throw invalid(`${where(field)} must be an integer >= 0`);
  }
  const status = rule.status;
  if (
    status !== undefined &&
    !(Number.isInteger(status) && (status as number) >= 100 && (status as number) <= 599)
  ) {
    throw invalid(`${where("status")} must be an HTTP status`);
  }
  if (
    rule.retryAfter !== undefined &&
    typeof rule.retryAfter !== "number" &&
    typeof rule.retryAfter !== "string"
  ) {
    throw invalid(`${where("retryAfter")} must be seconds or an HTTP date`);
  }
  if (rule.match !== undefined) {
    const match = objectBody(rule.match, where("match"));
    if (match.method !== undefined && typeof match.method !== "string")
      throw invalid(`${where("match.method")} must be a string`);
    if (match.path !== undefined && typeof match.path !== "string")
      throw invalid(`${where("match.path")} must be a string`);
    if (match.page !== undefined && !isCount(match.page))
      throw invalid(`${where("match.page")} must be an integer`);
  }
  return rule as unknown as FaultRule;
}

export function faultRules(body: unknown): { rules: FaultRule[]; seed?: number } {
  const { rules, seed } = objectBody(body, "body");
  if (!Array.isArray(rules)) throw invalid("rules must be an array");
  if (seed !== undefined && !Number.isInteger(seed)) throw invalid("seed must be an integer");
  return { rules: rules.map(faultRule), ...(seed === undefined ? {} : { seed: seed as number }) };
}
