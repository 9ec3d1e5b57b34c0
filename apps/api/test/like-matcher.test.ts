// The in-memory LIKE (like-matcher.ts) against a plain anchored RegExp of the pattern, and the trigram
// index (trigram-index.ts) as a superset of the matches, over generated patterns and texts with the
// awkward characters: wildcards, escapes, and code points beyond U+FFFF (two UTF-16 units, one `_`).
import { describe, expect, it } from "vitest";
import { parseLike } from "../src/like-matcher.js";
import { likePattern } from "../src/like-pattern.js";
import { TrigramIndex } from "../src/trigram-index.js";

const ALPHABET = ["a", "b", "c", "_", "%", "\\", ".", "é", "😀", "x"];

function generator(seed: number) {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state / 2_147_483_648;
  };
}

/** Postgres LIKE as one anchored RegExp over code points, the plain reading of the pattern. */
function reference(pattern: string): RegExp {
  const chars = Array.from(likePattern(pattern));
  const literal = (ch: string) => `\\u{${ch.codePointAt(0)!.toString(16)}}`;
  let source = "";
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i]!;
    if (ch === "\\" && i + 1 < chars.length) source += literal(chars[++i]!);
    else if (ch === "%") source += "[\\s\\S]*";
    else if (ch === "_") source += "[\\s\\S]";
    else source += literal(ch);
  }
  return new RegExp(`^${source}$`, "u");
}

describe("like in memory", () => {
  const random = generator(11);
  const word = (max: number) =>
    Array.from(
      { length: Math.floor(random() * max) },
      () => ALPHABET[Math.floor(random() * ALPHABET.length)],
    ).join("");
  const texts = Array.from({ length: 400 }, () => word(9).replace(/[%\\]/g, "a"));
  const patterns = Array.from({ length: 400 }, () => word(6));

  it("matches exactly what the anchored pattern matches", () => {
    for (const pattern of patterns) {
      const like = parseLike(pattern);
      const plain = reference(pattern);
      for (const text of texts)
        expect({ pattern, text, match: like.test(text) }).toEqual({ pattern, text, match: plain.test(text) });
    }
  });

  it("finds every match among the trigram candidates", () => {
    const index = new TrigramIndex(texts);
    for (const pattern of patterns) {
      const like = parseLike(pattern);
      const candidates = new Set(index.candidates(like.literals) ?? texts.map((_, p) => p));
      texts.forEach((text, p) => {
        if (like.test(text))
          expect({ pattern, text, candidate: candidates.has(p) }).toEqual({ pattern, text, candidate: true });
      });
    }
  });
});
