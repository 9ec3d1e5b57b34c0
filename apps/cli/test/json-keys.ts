import { expect } from "vitest";

/** Every key at any depth of a CLI JSON output, for the one-casing rule (camelCase). */
export function jsonKeys(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(jsonKeys);
  if (value === null || typeof value !== "object") return [];
  return Object.entries(value).flatMap(([key, inner]) => [key, ...jsonKeys(inner)]);
}

export function expectCamelCaseKeys(value: unknown): void {
  const keys = jsonKeys(value);
  expect(keys.length).toBeGreaterThan(0);
  expect(keys.filter((key) => !/^[a-z][a-zA-Z0-9]*$/.test(key))).toEqual([]);
}
