/**
 * Geometry of the weights chart, pure so it is unit-tested in node: one signed horizontal
 * bar per feature, sorted by |weight|, with an optional 90 % bootstrap whisker and an
 * optional top-K frequency in a column at the right. The scale holds bars and whiskers, and
 * never shrinks below a floor (a share of the model output's scale), so negligible weights
 * draw as slivers, not as full-length bars. Value texts share one number format and get a
 * column wide enough for the longest of them, so they never run into the labels or the %.
 */

import type { FeatureWeight } from "../contract/explanation";
import { formatPercent, formatSigned, shortenLabel, signedFormatter } from "../util/format";

export type Sign = "positive" | "negative";

/** A feature to draw, with what the diagnostics know about it. */
export interface BarInput extends Pick<FeatureWeight, "name" | "value" | "weight"> {
  /** The name as the page shows it, when it differs from `name` (positional text). */
  label?: string;
  /** The feature's id, carried to its row (hover and focus link it to other views). */
  id?: number;
  /** 90 % bootstrap interval of the weight. */
  interval?: readonly [low: number, high: number] | null;
  /** Share of bootstrap refits with this feature in the top K. */
  frequency?: number | null;
}

export interface Whisker {
  low: number;
  high: number;
  x1: number;
  x2: number;
  y: number;
  /** Half the height of the end caps. */
  cap: number;
}

export interface BarRow {
  /** The feature's id; null when the input had none. */
  id: number | null;
  name: string;
  /** Name shortened to fit the label column. */
  label: string;
  weight: number;
  sign: Sign;
  /** Tooltip: full condition, instance value, exact weight, interval and frequency. */
  hover: string;
  /** Bar rectangle, in SVG user units (= CSS px). */
  x: number;
  y: number;
  width: number;
  height: number;
  top: number;
  centerY: number;
  valueText: string;
  valueX: number;
  valueAnchor: "start" | "end";
  whisker: Whisker | null;
  frequency: number | null;
  frequencyText: string;
}

export interface ChartLayout {
  width: number;
  height: number;
  zeroX: number;
  /** Where bars and whiskers may start and end (value text sits outside). */
  plotLeft: number;
  plotRight: number;
  domain: readonly [number, number];
  /** x where right-aligned feature labels end. */
  labelX: number;
  /** x where the right-aligned frequency column ends; null when no row has one. */
  frequencyX: number | null;
  rowHeight: number;
  rows: BarRow[];
}

export interface LayoutOptions {
  width: number;
  labelWidth: number;
  /** Room kept on each side of the bars for value text. */
  valueWidth: number;
  /** Room for the frequency column at the right; 0 without one. */
  frequencyWidth: number;
  rowHeight: number;
  barHeight: number;
  maxLabelChars: number;
}

const LABEL_GAP = 8;
const VALUE_GAP = 4;
/** A generous width of one character of a value text ("−1.47e−19"), 12 px tabular digits. */
const VALUE_CHAR_WIDTH = 7.2;
const FREQUENCY_WIDTH = 42;
const CAP_HALF = 4;
/** Average glyph width of the 12 px UI font, for cutting labels to the label column. */
const CHAR_WIDTH = 6.9;
/** A generous glyph width, for shrinking the label column to short labels without clipping. */
const WIDE_CHAR_WIDTH = 7.2;
const MIN_LABEL_WIDTH = 60;
export const FALLBACK_WIDTH = 660;
/** Below this chart width the layout favours the labels. */
const NARROW_WIDTH = 420;

/** Layout options for a chart `width` px wide: the label column takes about a third. */
export function layoutOptions(width: number, frequencyColumn = false): LayoutOptions {
  // Past ~820 px, longer bars add nothing but eye travel.
  const w = Math.round(Math.min(820, Math.max(320, width)));
  // Narrow cells give the labels a larger share, and the values only the room they need
  // (layoutBars widens it for long values): names stay legible, bars get shorter.
  const narrow = w < NARROW_WIDTH;
  const labelWidth = Math.round(Math.min(280, Math.max(110, w * (narrow ? 0.42 : 0.36))));
  return {
    width: w,
    labelWidth,
    valueWidth: narrow ? 48 : 58,
    frequencyWidth: frequencyColumn ? FREQUENCY_WIDTH : 0,
    rowHeight: 22,
    barHeight: 15,
    maxLabelChars: Math.floor((labelWidth - LABEL_GAP) / CHAR_WIDTH),
  };
}

/** Features by descending |weight|; ties keep their input order. Does not mutate the input. */
export function sortByMagnitude<T extends { weight: number }>(features: readonly T[]): T[] {
  return [...features].sort((a, b) => Math.abs(b.weight) - Math.abs(a.weight));
}

/**
 * A domain symmetric around 0 that holds every value, so zero sits mid-chart, and is at
 * least `floor` either side (weights of 1e−19 must not fill the chart).
 */
export function symmetricDomain(values: readonly number[], floor = 0): [number, number] {
  const extent = values.reduce((max, w) => Math.max(max, Math.abs(w)), 0);
  // All-zero or empty input still needs a non-degenerate scale.
  const half = Math.max(extent, floor) > 0 ? Math.max(extent, floor) : 1;
  return [-half, half];
}

/** Linear map from `domain` onto `range`. */
export function linearScale(
  domain: readonly [number, number],
  range: readonly [number, number],
): (value: number) => number {
  const [d0, d1] = domain;
  const [r0, r1] = range;
  const factor = (r1 - r0) / (d1 - d0);
  return (value) => r0 + (value - d0) * factor;
}

/**
 * "worst radius > 16.80 (value 17.99): +0.3920 (90 % interval +0.370 … +0.410);
 * in the top K in 94 % of bootstrap refits"
 */
export function hoverText(feature: BarInput): string {
  const value = feature.value === "" ? "" : ` (value ${feature.value})`;
  let text = `${feature.label ?? feature.name}${value}: ${formatSigned(feature.weight, 4)}`;
  if (feature.interval != null) {
    const [low, high] = feature.interval;
    text += ` (90 % interval ${formatSigned(low)} … ${formatSigned(high)})`;
  }
  if (feature.frequency != null) {
    text += `; in the top K in ${formatPercent(feature.frequency)} of bootstrap refits`;
  }
  return text;
}

/**
 * Geometry for every bar, sorted by |weight| descending, top to bottom. `floor` is the least
 * half-width of the weight axis (see view-model/trust.ts `signalOf`).
 */
export function layoutBars(
  features: readonly BarInput[],
  options: LayoutOptions = layoutOptions(FALLBACK_WIDTH),
  floor = 0,
): ChartLayout {
  const sorted = sortByMagnitude(features);
  const labels = sorted.map((f) => shortenLabel(f.label ?? f.name, options.maxLabelChars));
  // Short labels give their unused column to the bars.
  const longest = labels.reduce((max, label) => Math.max(max, Array.from(label).length), 0);
  const labelWidth = Math.min(
    options.labelWidth,
    Math.max(MIN_LABEL_WIDTH, Math.ceil(longest * WIDE_CHAR_WIDTH) + LABEL_GAP),
  );
  const domain = symmetricDomain(
    sorted.flatMap((f) => (f.interval == null ? [f.weight] : [f.weight, ...f.interval])),
    floor,
  );
  const format = signedFormatter(sorted.map((f) => f.weight));
  const valueTexts = sorted.map((f) => format(f.weight));
  const valueWidth = Math.max(
    options.valueWidth,
    Math.ceil(valueTexts.reduce((max, t) => Math.max(max, t.length), 0) * VALUE_CHAR_WIDTH) +
      VALUE_GAP +
      2,
  );
  const hasFrequency = options.frequencyWidth > 0 && sorted.some((f) => f.frequency != null);
  const frequencyWidth = hasFrequency ? options.frequencyWidth : 0;
  const plotLeft = labelWidth + valueWidth;
  const plotRight = options.width - valueWidth - frequencyWidth;
  const x = linearScale(domain, [plotLeft, plotRight]);
  const zeroX = x(0);
  const inset = (options.rowHeight - options.barHeight) / 2;

  const rows = sorted.map((feature, i): BarRow => {
    const end = x(feature.weight);
    const sign: Sign = feature.weight < 0 ? "negative" : "positive";
    const top = i * options.rowHeight;
    const centerY = top + options.rowHeight / 2;
    const whisker =
      feature.interval == null
        ? null
        : {
            low: feature.interval[0],
            high: feature.interval[1],
            x1: x(feature.interval[0]),
            x2: x(feature.interval[1]),
            y: centerY,
            cap: CAP_HALF,
          };
    // The value sits beyond the bar and its whisker, on the bar's side.
    const outer =
      sign === "negative" ? Math.min(end, whisker?.x1 ?? end) : Math.max(end, whisker?.x2 ?? end);
    const frequency = hasFrequency ? (feature.frequency ?? null) : null;
    return {
      id: feature.id ?? null,
      name: feature.name,
      label: labels[i] ?? "",
      weight: feature.weight,
      sign,
      hover: hoverText(feature),
      x: Math.min(zeroX, end),
      y: top + inset,
      width: Math.abs(end - zeroX),
      height: options.barHeight,
      top,
      centerY,
      valueText: valueTexts[i] ?? "",
      valueX: sign === "negative" ? outer - VALUE_GAP : outer + VALUE_GAP,
      valueAnchor: sign === "negative" ? "end" : "start",
      whisker,
      frequency,
      frequencyText: frequency === null ? "" : formatPercent(frequency),
    };
  });

  return {
    width: options.width,
    height: Math.max(1, rows.length) * options.rowHeight,
    zeroX,
    plotLeft,
    plotRight,
    domain,
    labelX: labelWidth - LABEL_GAP,
    frequencyX: hasFrequency ? options.width - 2 : null,
    rowHeight: options.rowHeight,
    rows,
  };
}

/** SVG path of a whisker: the interval line with an end cap at each side. */
export function whiskerPath(w: Whisker): string {
  const r = (v: number): number => Math.round(v * 10) / 10;
  const top = r(w.y - w.cap);
  const bottom = r(w.y + w.cap);
  return (
    `M${r(w.x1)} ${r(w.y)}H${r(w.x2)}` + `M${r(w.x1)} ${top}V${bottom}M${r(w.x2)} ${top}V${bottom}`
  );
}
