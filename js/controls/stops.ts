/**
 * A slider over a fixed list of values: the kernel widths and K values a page without a
 * kernel has saved fits for. Its positions are the list's indices, so the thumb can only
 * rest on a value whose fit can be shown — thumb, readout and chart always agree — and each
 * arrow key moves to the next saved value instead of snapping back to the one shown.
 */

export interface StopScale {
  /** Positions run over the integers 0..steps (the list's indices). */
  readonly steps: number;
  /** The position of the value nearest `value` (on a log scale when `log`). */
  toPosition(value: number): number;
  toValue(position: number): number;
}

/** `values`: ascending and non-empty; `log` measures nearness by ratio (kernel widths). */
export function stopScale(values: readonly number[], log: boolean): StopScale {
  if (values.length === 0) {
    throw new RangeError("A stop scale needs at least one value.");
  }
  const distance = log
    ? (a: number, b: number) => Math.abs(Math.log(a / b))
    : (a: number, b: number) => Math.abs(a - b);
  const steps = values.length - 1;
  return {
    steps,
    toPosition(value) {
      let best = 0;
      values.forEach((v, i) => {
        if (distance(v, value) < distance(values[best] ?? v, value)) {
          best = i;
        }
      });
      return best;
    },
    toValue(position) {
      const p = Math.min(steps, Math.max(0, Math.round(position)));
      return values[p] ?? Number.NaN;
    },
  };
}

/** "1–10, 12": a short list of integers, runs collapsed (for the K slider's tooltip). */
export function describeStops(values: readonly number[]): string {
  const runs: string[] = [];
  let start = 0;
  values.forEach((v, i) => {
    const next = values[i + 1];
    if (next === v + 1) {
      return;
    }
    const first = values[start] ?? v;
    runs.push(i - start >= 2 ? `${first}–${v}` : values.slice(start, i + 1).join(", "));
    start = i + 1;
  });
  return runs.join(", ");
}
