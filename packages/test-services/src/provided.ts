// What the global setup hands to tests through vitest's provide()/inject().
import type {} from "vitest";

declare module "vitest" {
  export interface ProvidedContext {
    databaseUrl: string;
    redisUrl: string;
  }
}
