/** The run that is writing, as the statements that write need it. */
export interface RunContext {
  scope: string;
  runId: number;
  /** When this run saw the items (its start): first_seen_at / last_seen_at of what it writes. */
  seenAt: Date;
}
