/**
 * The weights chart's words: the legend's meaning of the two bar colours, and the note the
 * chart shows when every weight is negligible ("no signal at this width"), so a degenerate
 * fit reads as one instead of as a chart of confident bars.
 */

import type { Meta } from "../contract/meta";
import { directionWords, outputName } from "../view-model/words";

export { outputName };

import { formatNumber, formatPrediction } from "../util/format";
import { NEGLIGIBLE_SHARE, type Signal } from "../view-model/trust";

export const NO_SIGNAL = "no signal at this width";

/** The legend's words for the two bar colours. */
export const legendWords = directionWords;

/**
 * "no signal at this width: no weight reaches 0.001 (0.1 % of the probability scale; the
 * largest is 1.5e−19)"; null when some weight counts.
 */
export function noSignalText(meta: Meta, signal: Signal): string | null {
  if (!signal.none) {
    return null;
  }
  const of = meta.mode === "regression" ? "the prediction" : "the probability scale";
  return (
    `${NO_SIGNAL}: no weight reaches ${formatPrediction(signal.negligible)} ` +
    `(${NEGLIGIBLE_SHARE * 100} % of ${of}; the largest is ${formatNumber(signal.largest, 2)})`
  );
}
