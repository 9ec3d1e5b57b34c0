// commander argument parsers: a bad value becomes commander's usage error (exit 2).
import { InvalidArgumentError } from "commander";

/** commander argument parser for a positive integer option. */
export function parsePositiveInt(value: string): number {
  if (!/^\d+$/.test(value) || Number(value) < 1)
    throw new InvalidArgumentError("expected a positive integer");
  return Number(value);
}

/** commander argument parser for a TCP port (0: any free one). */
export function parsePort(value: string): number {
  if (!/^\d+$/.test(value) || Number(value) > 65_535)
    throw new InvalidArgumentError("expected a port from 0 to 65535");
  return Number(value);
}
