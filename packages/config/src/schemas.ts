import { validate as isCronExpression } from "node-cron";
import { z } from "zod";

// Digits only: `Number("1e3")`, `Number("0x10")` and `Number(" ")` would otherwise pass as numbers.
const integer = z
  .string()
  .regex(/^\d+$/)
  .transform(Number)
  .pipe(z.number().int().max(Number.MAX_SAFE_INTEGER));

export const positiveInt = integer.pipe(z.number().positive());
export const nonNegativeInt = integer;
export const port = integer.pipe(z.number().max(65_535));
export const positiveNumber = z
  .string()
  .regex(/^\d+(\.\d+)?$/)
  .transform(Number)
  .pipe(z.number().positive());

export const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;
export const logLevel = z.enum(LOG_LEVELS);

export const cronExpression = z.string().refine((value) => isCronExpression(value));

export const timeZone = z.string().refine((value) => {
  try {
    new Intl.DateTimeFormat("en-CA", { timeZone: value });
    return true;
  } catch {
    return false;
  }
});

export const nonEmpty = z.string().min(1);

/** A URL whose scheme is one of `protocols` (each with the trailing colon, e.g. `"https:"`). */
export function urlWithProtocol(protocols: string[]): z.ZodType<string, string> {
  return z.string().refine((value) => {
    try {
      return protocols.includes(new URL(value).protocol);
    } catch {
      return false;
    }
  });
}
