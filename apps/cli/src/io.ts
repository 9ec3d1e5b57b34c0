/** Where a command writes: stdout for results, stderr for failures and logs. Tests pass collectors. */
export interface CliIo {
  stdout: { write(text: string): unknown };
  /** `isTTY` as on process.stderr: progress is drawn for a terminal, JSON lines otherwise. */
  stderr: { write(text: string): unknown; isTTY?: boolean };
}

export function println(stream: CliIo["stdout"], line = ""): void {
  stream.write(`${line}\n`);
}
