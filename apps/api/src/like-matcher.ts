// Postgres LIKE (escape `\`, as likePattern rewrites it) in memory, for the scope index: the exact test,
// and what a pattern tells an index before testing (the literal text every match starts with, and the
// literal runs every match contains).
import { likePattern } from "./like-pattern.js";

export interface LikePattern {
  /** The exact test, over code points as Postgres matches. */
  test: (text: string) => boolean;
  /** The literal text every match starts with ("" when the pattern starts with a wildcard). */
  prefix: string;
  /** Whether `prefix` followed by `%` is the whole pattern: every text starting with it matches. */
  prefixOnly: boolean;
  /** The literal runs between wildcards: every match contains each of them. */
  literals: string[];
}

export function parseLike(pattern: string): LikePattern {
  const sql = likePattern(pattern);
  let source = "";
  let literal = "";
  let wild = false;
  let prefix: string | undefined;
  const parts: string[] = [];
  for (let i = 0; i < sql.length; i++) {
    const ch = sql[i]!;
    if (ch === "\\" && i + 1 < sql.length) {
      const next = sql[++i]!;
      source += escapeRegExp(next);
      literal += next;
    } else if (ch === "%") {
      prefix ??= literal;
      source += "[\\s\\S]*";
      parts.push(literal);
      literal = "";
    } else if (ch === "_") {
      prefix ??= literal;
      source += "[\\s\\S]";
      wild = true;
      parts.push(literal);
      literal = "";
    } else {
      source += escapeRegExp(ch);
      literal += ch;
    }
  }
  parts.push(literal);
  const literals = parts.filter((part) => part !== "");
  // No wildcard at all: the pattern is its own prefix, and matches that text alone.
  prefix ??= literal;
  const prefixOnly = !wild && parts.length === 2 && parts[1] === "";
  return { test: matcher(source, parts, wild), prefix, prefixOnly, literals };
}

/** The common shapes (`abc%`, `%abc%`, `%abc`, `abc`) are string searches; anything else an anchored RegExp. */
function matcher(source: string, parts: readonly string[], wild: boolean): (text: string) => boolean {
  if (!wild) {
    const [first = "", second = "", third = ""] = parts;
    if (parts.length === 1) return (text) => text === first;
    if (parts.length === 2 && second === "") return (text) => text.startsWith(first);
    if (parts.length === 2 && first === "") return (text) => text.endsWith(second);
    if (parts.length === 3 && first === "" && third === "") return (text) => text.includes(second);
  }
  // `^[\s\S]*R` holds exactly when R matches somewhere, and `R[\s\S]*$` when R matches with anything
  // after it: unanchored, the engine searches for R's literal text instead of backtracking from each
  // start. (A literal `*` is escaped, so a trailing `[\s\S]*` always comes from a `%`.)
  const any = "[\\s\\S]*";
  let body = source;
  const anchors = ["^", "$"];
  if (body.startsWith(any)) {
    body = body.slice(any.length);
    anchors[0] = "";
  }
  if (body.endsWith(any)) {
    body = body.slice(0, -any.length);
    anchors[1] = "";
  }
  const regExp = new RegExp(`${anchors[0]}${body}${anchors[1]}`, "u");
  return (text) => regExp.test(text);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/gu, "\\$&");
}
