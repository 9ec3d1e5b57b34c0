// SQL LIKE as the API's `like` operator: `%` any run, `_` exactly one character, and (assumed, as in
// most SQL dialects' ESCAPE '\') a backslash makes the next character literal. Case-sensitive (assumed).

/** Compiles a LIKE pattern to an anchored RegExp. */
export function likeToRegExp(pattern: string): RegExp {
  let source = "";
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i]!;
    if (ch === "\\" && i + 1 < pattern.length) {
      source += escapeRegExp(pattern[++i]!);
    } else if (ch === "%") source += "[\\s\\S]*";
    else if (ch === "_") source += "[\\s\\S]";
    else source += escapeRegExp(ch);
  }
  return new RegExp(`^${source}$`, "u");
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
}
