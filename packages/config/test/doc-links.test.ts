// A clone must stand alone: every link in the repository's Markdown resolves to a file (and heading)
// inside it, or goes to one of a few well-known external references. No tracked file points at
// material outside the repository (a sibling folder, an absolute path on some machine).
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const ROOT = fileURLToPath(new URL("../../..", import.meta.url));

/** External sites a doc may link to: standards and the manuals of tools we use. Nothing else. */
const EXTERNAL_HOSTS = new Set([
  "keepachangelog.com",
  "semver.org",
  "www.postgresql.org",
  "prometheus.io",
  "www.rfc-editor.org",
  "getpino.io",
  "docs.bullmq.io",
  "github.com",
  "www.standardwebhooks.com",
  "fastify.dev",
]);

const tracked = execFileSync("git", ["ls-files", "-z"], { cwd: ROOT, encoding: "utf8" })
  .split("\0")
  .filter((file) => file !== "" && existsSync(join(ROOT, file)));
const markdown = tracked.filter((file) => file.endsWith(".md"));

/** The file's text without fenced code blocks and inline code, where a "link" is only an example. */
function prose(text: string): string {
  return text.replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, "").replace(/`[^`\n]*`/g, "");
}

/** Link targets: inline `[text](target)`, reference definitions `[x]: target`, and `<https://…>`. */
function linksOf(text: string): string[] {
  const body = prose(text);
  return [
    ...[...body.matchAll(/\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)].map((m) => m[1]!),
    ...[...body.matchAll(/^\s*\[[^\]]+\]:\s*(\S+)/gm)].map((m) => m[1]!),
    ...[...body.matchAll(/<(https?:\/\/[^>\s]+)>/g)].map((m) => m[1]!),
  ];
}

/** GitHub's heading anchors: lower case, punctuation dropped, spaces to dashes, repeats numbered. */
function anchorsOf(text: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  for (const match of prose(text).matchAll(/^#{1,6}\s+(.+?)\s*#*\s*$/gm)) {
    const base = match[1]!
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\s_-]/gu, "")
      .replace(/\s/g, "-");
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    anchors.add(n === 0 ? base : `${base}-${n}`);
  }
  return anchors;
}

/** What is wrong with `target` linked from `file`, or undefined when it is fine. */
function problemOf(file: string, target: string): string | undefined {
  if (/^mailto:/i.test(target)) return undefined;
  if (/^[a-z][a-z0-9+.-]*:/i.test(target)) {
    let url: URL;
    try {
      url = new URL(target);
    } catch {
      return "not a valid URL";
    }
    if (url.protocol !== "https:") return "external links must be https";
    return EXTERNAL_HOSTS.has(url.hostname) ? undefined : `external host ${url.hostname} is not allowed`;
  }
  const [path = "", anchor] = target.split("#", 2);
  const absolute = path === "" ? join(ROOT, file) : resolve(ROOT, dirname(file), decodeURI(path));
  const inside = relative(ROOT, absolute);
  if (inside.startsWith("..") || resolve(ROOT, inside) !== absolute) return "leaves the repository";
  if (!existsSync(absolute)) return "no such file";
  if (anchor && absolute.endsWith(".md") && !anchorsOf(readFileSync(absolute, "utf8")).has(anchor)) {
    return `no heading #${anchor}`;
  }
  return undefined;
}

describe("links", () => {
  it("finds the repository's Markdown", () => {
    expect(markdown).toEqual(expect.arrayContaining(["README.md", "docs/operations.md", "CHANGELOG.md"]));
  });

  it("every Markdown link resolves inside the repository or to an allowed reference", () => {
    const broken = markdown.flatMap((file) =>
      linksOf(readFileSync(join(ROOT, file), "utf8")).flatMap((target) => {
        const problem = problemOf(file, target);
        return problem === undefined ? [] : [`${file}: ${target}: ${problem}`];
      }),
    );
    expect(broken).toEqual([]);
  });

  it("no tracked file points at material outside the repository", () => {
    const outside = /(\.\.\/shared\/|\/work\/|vss-api\.md)/;
    const offenders = tracked
      .filter((file) => !/\.(png|jpe?g|gif|ico|woff2?)$/.test(file) && file !== "pnpm-lock.yaml")
      .flatMap((file) =>
        readFileSync(join(ROOT, file), "utf8")
          .split("\n")
          .flatMap((line, index) => (outside.test(line) ? [`${file}:${index + 1}: ${line.trim()}`] : [])),
      );
    expect(offenders).toEqual([]);
  });

  it("the checker itself catches what it is for", () => {
    expect(problemOf("README.md", "../outside/notes.md")).toBe("leaves the repository");
    expect(problemOf("README.md", "docs/nothing-here.md")).toBe("no such file");
    expect(problemOf("README.md", "#no-such-section")).toBe("no heading #no-such-section");
    expect(problemOf("README.md", "#tests")).toBeUndefined();
    expect(problemOf("README.md", "https://example.com/x")).toBe("external host example.com is not allowed");
    expect(problemOf("docs/upstream-api.md", "../README.md#quick-start")).toBeUndefined();
    expect(linksOf("see `[a](../x)` and\n```\n[b](../y)\n```\n[c](z.md)")).toEqual(["z.md"]);
  });
});
