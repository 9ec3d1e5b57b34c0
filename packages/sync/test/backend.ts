// Which database the sync tests run against: vitest.config.ts runs every test file once per backend.
import type {} from "vitest";

export type Backend = "postgres" | "pglite";

declare module "vitest" {
  export interface ProvidedContext {
    backend: Backend;
  }
}
