// Types of discover.mjs (plain JavaScript so that `pnpm test` can run it before any build).
export declare const DEFAULT_POSTGRES_ADDRESS: string;
export declare const DEFAULT_REDIS_ADDRESS: string;
export declare class MissingServicesError extends Error {}
export declare function missingServicesMessage(
  missing: ("PostgreSQL" | "Redis")[],
  addresses: { postgres: string; redis: string },
): string;
export type ServiceSource = "env" | "local" | "container";
export interface DiscoveredServices {
  databaseUrl: string;
  redisUrl: string;
  sources: { postgres: ServiceSource; redis: ServiceSource };
  stop: () => Promise<void>;
}
export declare function discoverServices(env: NodeJS.ProcessEnv): Promise<DiscoveredServices>;
export declare function postgresAnswers(url: string): Promise<boolean>;
export declare function redisAnswers(address: string): Promise<boolean>;
export declare function startContainers(which?: { postgres: boolean; redis: boolean }): Promise<{
  databaseUrl: string | undefined;
  redisUrl: string | undefined;
  stop: () => Promise<void>;
}>;
