/**
 * Where to cut (after, end] into `parts` ranges: at `hints` that fall inside it (for a resync, quantiles
 * of the mirror's own ids: ranges then hold about as many items each), else evenly by id. Returns the
 * upper bounds of every range but the last: at most `parts - 1`, ascending, distinct, inside (after, end).
 */
export function splitPoints(after: number, end: number, parts: number, hints: readonly number[]): number[] {
  const inside = [...new Set(hints.filter((id) => id > after && id < end))].sort((a, b) => a - b);
  const points: number[] = [];
  for (let i = 1; i < parts; i++) {
    const point =
      inside.length > 0
        ? inside[Math.floor((inside.length * i) / parts)]
        : Math.floor(after + ((end - after) * i) / parts);
    if (point !== undefined && point > after && point < end && point > (points.at(-1) ?? -Infinity)) {
      points.push(point);
    }
  }
  return points;
}
