/** Where a command writes: stdout for results, stderr for failures and logs. Tests pass collectors. */
export interface CliIo {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
}

export function println(stream: CliIo["stdout"], line = ""): void {
  stream.write(`${line}\n`);
}
