// The report formatters on their own: CSV quoting (RFC 4180), table alignment, JSON shape.
import { describe, expect, it } from "vitest";
import { formatCsv } from "../src/reports/format-csv.js";
import { formatReport } from "../src/reports/format-report.js";
import { formatTable } from "../src/reports/format-table.js";
import { csvObjects, parseCsv } from "./csv-parse.js";

const COLUMNS = ["name", "images", "fields"];
const ROWS = [
  { name: 'Win10 "22H2", 100%_final.iso', images: 12, fields: ["name", "path"] },
  { name: "two\nlines", images: 3, fields: [] },
  { name: "plain", images: null, fields: ["deleted_at"] },
];

describe("formatCsv", () => {
  it("quotes fields with commas, quotes or line breaks, doubles quotes, ends every record with CRLF", () => {
    const csv = formatCsv(COLUMNS, ROWS);
    expect(csv).toBe(
      'name,images,fields\r\n"Win10 ""22H2"", 100%_final.iso",12,"name,path"\r\n"two\nlines",3,\r\nplain,,deleted_at\r\n',
    );
    expect(csvObjects(csv)).toEqual([
      { name: 'Win10 "22H2", 100%_final.iso', images: "12", fields: "name,path" },
      { name: "two\nlines", images: "3", fields: "" },
      { name: "plain", images: "", fields: "deleted_at" },
    ]);
  });

  it("is the header alone when there are no rows", () => {
    expect(parseCsv(formatCsv(COLUMNS, []))).toEqual([COLUMNS]);
  });
});

describe("formatTable", () => {
  it("aligns columns, right-aligns numbers, keeps one row per line, no trailing spaces", () => {
    expect(formatTable(COLUMNS, ROWS).split("\n")).toEqual([
      "name                          images  fields",
      'Win10 "22H2", 100%_final.iso      12  name,path',
      "two lines                          3",
      "plain                                 deleted_at",
    ]);
  });

  it("is the header alone when there are no rows", () => {
    expect(formatTable(COLUMNS, [])).toBe("name  images  fields");
  });
});

describe("formatReport json", () => {
  it("is an array of objects with the columns as keys, in column order, types kept", () => {
    const json = formatReport("json", COLUMNS, [{ fields: ["name"], images: 1, name: "a" }]);
    expect(json.endsWith("\n")).toBe(true);
    expect(Object.keys((JSON.parse(json) as object[])[0] ?? {})).toEqual(COLUMNS);
    expect(JSON.parse(json)).toEqual([{ name: "a", images: 1, fields: ["name"] }]);
    expect(JSON.parse(formatReport("json", COLUMNS, []))).toEqual([]);
  });
});
