// mulberry32: tiny, fast and good enough for test data and fault dice. Determinism is the point:
// the same seed always gives the same sequence, on every platform (pure 32-bit integer math).
export type Prng = () => number;

/** A PRNG returning floats in [0, 1), fully determined by `seed`. */
export function createPrng(seed: number): Prng {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
