// A small RFC 4180 reader for tests: what a spreadsheet or Python's csv module would make of our output.

/** Records of fields; quoted fields may hold commas, doubled quotes and line breaks. */
export function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') {
      if (field !== "") throw new Error(`a quote inside an unquoted field at ${i}`);
      quoted = true;
    } else if (ch === ",") {
      record.push(field);
      field = "";
    } else if (ch === "\r" && text[i + 1] === "\n") {
      record.push(field);
      records.push(record);
      record = [];
      field = "";
      i++;
    } else if (ch === "\n" || ch === "\r") {
      throw new Error(`a bare line break outside quotes at ${i}: records must end with CRLF`);
    } else field += ch;
  }
  if (quoted) throw new Error("unterminated quoted field");
  if (field !== "" || record.length > 0) throw new Error("the last record does not end with CRLF");
  return records;
}

/** Header plus records as objects keyed by the header. */
export function csvObjects(text: string): Record<string, string>[] {
  const [header, ...rows] = parseCsv(text);
  if (!header) throw new Error("no header line");
  return rows.map((row) => {
    if (row.length !== header.length)
      throw new Error(`a record of ${row.length} fields, header has ${header.length}`);
    return Object.fromEntries(header.map((name, i) => [name, row[i] ?? ""]));
  });
}
