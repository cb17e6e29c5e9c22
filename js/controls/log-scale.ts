/**
 * Mapping between integer slider positions and a value on a logarithmic scale, for the
 * kernel-width slider: equal drags change the width by equal ratios, which is how the
 * kernel's locality behaves. Pure, so it is unit-tested in node.
 */

import { roundSignificant } from "../util/format";

export interface LogScale {
  readonly min: number;
  readonly max: number;
  /** Positions run over the integers 0..steps. */
  readonly steps: number;
  /** Slider position whose value is exactly the anchor (the default width). */
  readonly anchorPosition: number | null;
  toPosition(value: number): number;
  toValue(position: number): number;
}

/**
 * A log scale over [min, max] with `steps` integer positions. Position 0 is exactly `min`,
 * position `steps` exactly `max`, and the position nearest `anchor` is exactly `anchor`;
 * other values are rounded to a few significant digits (enough that value -> position
 * round-trips) so the kernel receives readable numbers such as 0.752, not 0.75198...
 */
export function logScale(min: number, max: number, steps = 200, anchor?: number): LogScale {
  if (!(min > 0 && max > min && Number.isFinite(max))) {
    throw new RangeError(`A log scale needs 0 < min < max; got min=${min}, max=${max}.`);
  }
  const span = Math.log(max / min);
  // Rounding error must stay well below half a step for positions to round-trip.
  const digits = Math.max(3, Math.ceil(2 - Math.log10(span / steps)));

  const toPosition = (value: number): number => {
    if (!(value > min)) {
      return 0;
    }
    if (value >= max) {
      return steps;
    }
    return Math.round((steps * Math.log(value / min)) / span);
  };

  const anchorPosition =
    anchor !== undefined && anchor >= min && anchor <= max ? toPosition(anchor) : null;

  const toValue = (position: number): number => {
    const p = Math.min(steps, Math.max(0, Math.round(position)));
    if (p === 0) {
      return min;
    }
    if (p === steps) {
      return max;
    }
    if (p === anchorPosition && anchor !== undefined) {
      return anchor;
    }
    return roundSignificant(min * Math.exp((span * p) / steps), digits);
  };

  return { min, max, steps, anchorPosition, toPosition, toValue };
}
