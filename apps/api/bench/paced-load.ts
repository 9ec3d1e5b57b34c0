// An open-loop load at an even rate, beside autocannon's: autocannon's `overallRate` lets each
// connection send its share of a second's requests back to back at the start of each second and then
// wait (lib/httpClient.js, `reqsMadeThisSecond`), so "200 requests/s over 50 connections" is a burst of
// 50 concurrent requests each second; and it then adds coordinated-omission samples with an expected
// interval of 1 ms, so each slow answer counts many times. Here request i is due at start + i / rate
// whatever came before, and its latency runs from when it was due (so a queue behind a slow answer
// counts in full, once per request that waited). api.ts runs it in a process of its own
// (paced-load-process.ts), so that the bench's own heap and event loop do not delay the requests.
import { Agent, request } from "node:http";

export interface PacedResult {
  p50: number;
  p99: number;
  max: number;
  /** Requests answered per second over the run. */
  achieved: number;
  non2xx: number;
  errors: number;
}

/** The nearest-rank `p`th percentile of ascending `sorted` (0 for none). */
export const percentile = (sorted: readonly number[], p: number): number =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;

export async function pacedLoad(options: {
  url: string;
  headers: Record<string, string>;
  rate: number;
  durationSeconds: number;
  /** The path of each request (called once per request, in order). */
  next: () => string;
  /** Most requests in flight (sockets kept open), as autocannon's connections. */
  connections?: number;
}): Promise<PacedResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: options.connections ?? 50 });
  const total = Math.round(options.rate * options.durationSeconds);
  const latencies: number[] = [];
  let non2xx = 0;
  let errors = 0;
  const started = performance.now();
  const inFlight: Promise<void>[] = [];
  for (let i = 0; i < total; i++) {
    const due = started + (i * 1000) / options.rate;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
    const path = options.next();
    // Timers fire to the millisecond, so a request may leave a little before it is due: its latency then
    // runs from when it left, never from earlier.
    const from = Math.max(due, performance.now());
    inFlight.push(
      new Promise<void>((resolve) => {
        const req = request(`${options.url}${path}`, { agent, headers: options.headers }, (res) => {
          res.on("data", () => {});
          res.on("end", () => {
            latencies.push(performance.now() - from);
            if (res.statusCode === undefined || res.statusCode < 200 || res.statusCode >= 300) non2xx++;
            resolve();
          });
        });
        req.on("error", () => {
          errors++;
          resolve();
        });
        req.end();
      }),
    );
  }
  await Promise.all(inFlight);
  const elapsed = (performance.now() - started) / 1000;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  return {
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    max: latencies.at(-1) ?? 0,
    achieved: latencies.length / elapsed,
    non2xx,
    errors,
  };
}
