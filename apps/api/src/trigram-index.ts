// Which items' text contains a given run of three UTF-16 code units, for `like` patterns that cannot
// use a sorted order (`%abc%`, `%abc`): every match of such a pattern contains each literal run of it,
// so it contains each of their trigrams, and intersecting those posting lists leaves few candidates to
// test with the exact matcher (which alone decides, so the semantics are the matcher's). Code units
// rather than code points: a literal's units appear contiguously in every text that holds it, whatever
// `_` matched next to it. Case-sensitive, as LIKE is.

const EMPTY = new Uint32Array(0);

/**
 * A number per trigram: units below 1024 (most text) pack into 30 bits, a small integer that Map hashes
 * fast; others get the 48-bit form, moved above 2^31 so that the two never meet.
 */
function key(text: string, at: number): number {
  const a = text.charCodeAt(at);
  const b = text.charCodeAt(at + 1);
  const c = text.charCodeAt(at + 2);
  if ((a | b | c) < 1024) return (a << 20) | (b << 10) | c;
  return 0x8000_0000 + a * 0x1_0000_0000 + b * 0x1_0000 + c;
}

export class TrigramIndex {
  /** Trigram -> its slot; a slot's positions are postings[starts[slot]..starts[slot + 1]], ascending. */
  readonly #slots = new Map<number, number>();
  readonly #starts: Uint32Array;
  readonly #postings: Uint32Array;

  /** `texts[p]` is item p's text. */
  constructor(texts: readonly string[]) {
    // Pass 1: a slot per trigram, and (slot, position) once per trigram an item holds.
    const counts: number[] = [];
    const lastSeen: number[] = [];
    let pairs = new Uint32Array(1 << 16);
    let used = 0;
    for (let position = 0; position < texts.length; position++) {
      const text = texts[position]!;
      for (let at = 0; at + 3 <= text.length; at++) {
        const trigram = key(text, at);
        let slot = this.#slots.get(trigram);
        if (slot === undefined) {
          slot = counts.length;
          this.#slots.set(trigram, slot);
          counts.push(0);
          lastSeen.push(-1);
        }
        if (lastSeen[slot] === position) continue;
        lastSeen[slot] = position;
        counts[slot]!++;
        if (used + 2 > pairs.length) {
          const grown = new Uint32Array(pairs.length * 2);
          grown.set(pairs);
          pairs = grown;
        }
        pairs[used++] = slot;
        pairs[used++] = position;
      }
    }
    // Pass 2: lay each slot's positions out in one array, in the ascending order they were met.
    const starts = new Uint32Array(counts.length + 1);
    for (let slot = 0; slot < counts.length; slot++) starts[slot + 1] = starts[slot]! + counts[slot]!;
    const postings = new Uint32Array(used / 2);
    const cursor = starts.slice(0, counts.length);
    for (let i = 0; i < used; i += 2) postings[cursor[pairs[i]!]!++] = pairs[i + 1]!;
    this.#starts = starts;
    this.#postings = postings;
  }

  /** Ascending positions of the items whose text holds this trigram (`text.slice(at, at + 3)`). */
  #positions(text: string, at: number): Uint32Array {
    const slot = this.#slots.get(key(text, at));
    if (slot === undefined) return EMPTY;
    return this.#postings.subarray(this.#starts[slot], this.#starts[slot + 1]);
  }

  /**
   * Ascending positions of the items whose text may hold every one of `literals` (a superset of those
   * that do), or undefined when no literal is three units long: then every item is a candidate.
   */
  candidates(literals: readonly string[]): Uint32Array | undefined {
    const lists: Uint32Array[] = [];
    for (const literal of literals) {
      for (let at = 0; at + 3 <= literal.length; at++) lists.push(this.#positions(literal, at));
    }
    if (lists.length === 0) return undefined;
    lists.sort((a, b) => a.length - b.length);
    // The shortest lists narrow the most; past a few, intersecting costs more than the exact test saves.
    let result = lists[0]!;
    for (let i = 1; i < Math.min(lists.length, 4) && result.length > 0; i++) {
      result = intersect(result, lists[i]!);
    }
    return result;
  }
}

/** Positions in both ascending lists; `small` is walked, `large` searched by galloping. */
function intersect(small: Uint32Array, large: Uint32Array): Uint32Array {
  const out = new Uint32Array(small.length);
  let count = 0;
  let low = 0;
  for (let i = 0; i < small.length && low < large.length; i++) {
    const wanted = small[i]!;
    if (large[low]! < wanted) {
      // Gallop to a bound past `wanted`, then binary search within it.
      let step = 1;
      let high = low + 1;
      while (high < large.length && large[high]! < wanted) {
        low = high;
        step *= 2;
        high = low + step;
      }
      if (high > large.length) high = large.length;
      while (low < high) {
        const middle = (low + high) >>> 1;
        if (large[middle]! < wanted) low = middle + 1;
        else high = middle;
      }
    }
    if (low < large.length && large[low] === wanted) out[count++] = wanted;
  }
  return out.subarray(0, count);
}
