/**
 * Geometry of the weights chart, pure so it is unit-tested in node: one signed horizontal
 * bar per feature, sorted by |weight|, with an optional 90 % bootstrap whisker and an
 * optional top-K frequency in a column at the right. The scale holds bars and whiskers, and
 * never shrinks below a floor (a share of the model output's scale), so negligible weights
 * draw as slivers, not as full-length bars. Value texts share one number format and get a
 * column wide enough for the longest of them, so they never run into the labels or the %.
 * When labels beside the bars would leave the bars less than MIN_BAR_SHARE of the width (a
 * narrow cell), each label goes on its own line above its bar ("stacked" rows).
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
  /** Half the height of the end caps; 0 (no caps) when the interval is too narrow for them. */
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
  /** Middle of the bar line: bar, whisker, value and frequency. */
  centerY: number;
  /** Middle of the label: centerY beside the bar, a line above it when stacked. */
  labelY: number;
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
  /** x where right-aligned feature labels end (beside the bars) or start (stacked). */
  labelX: number;
  labelAnchor: "start" | "end";
  /** Width a label may take. */
  labelRoom: number;
  /** Labels on their own line above each bar (narrow cells). */
  stacked: boolean;
  /** Vertical extents of the zero line: whole height, or each bar line when stacked. */
  axis: [y1: number, y2: number][];
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
/** Value text after a whisker's end: a little more air, so caps never touch the digits. */
const WHISKER_VALUE_GAP = 6;
/** A generous width of one character of a value text ("−1.47e−19"), 12 px tabular digits. */
const VALUE_CHAR_WIDTH = 7.2;
const FREQUENCY_WIDTH = 42;
const CAP_HALF = 4;
/**
 * Narrower intervals get no end caps: two caps a few px apart, next to the value text, read
 * as the letter "H". A bare line across the bar's end reads as "tight".
 */
export const MIN_CAPPED_SPAN = 10;
/** Average glyph width of the 12 px UI font, for cutting labels to the label column. */
const CHAR_WIDTH = 6.9;
/** A generous glyph width, for shrinking the label column to short labels without clipping. */
const WIDE_CHAR_WIDTH = 7.2;
const MIN_LABEL_WIDTH = 60;
export const FALLBACK_WIDTH = 660;
/** Below this chart width the layout favours the labels. */
const NARROW_WIDTH = 420;
/** The bars' least share of the chart's width; below it labels go above the bars. */
export const MIN_BAR_SHARE = 0.4;
/** A stacked row: the label's middle, then the bar's top, below the row's top. */
const STACKED_LABEL_Y = 8;
const STACKED_BAR_TOP = 14.5;
/** What a stacked row adds to a row's height (its label line). */
const STACKED_EXTRA = 14;

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
  const names = sorted.map((f) => f.label ?? f.name);
  const sideLabels = names.map((name) => shortenLabel(name, options.maxLabelChars));
  // Short labels give their unused column to the bars.
  const longest = sideLabels.reduce((max, label) => Math.max(max, Array.from(label).length), 0);
  const sideLabelWidth = Math.min(
    options.labelWidth,
    Math.max(MIN_LABEL_WIDTH, Math.ceil(longest * WIDE_CHAR_WIDTH) + LABEL_GAP),
  );
  const domain = symmetricDomain(
    sorted.flatMap((f) => (f.interval == null ? [f.weight] : [f.weight, ...f.interval])),
    floor,
  );
  const format = signedFormatter(sorted.map((f) => f.weight));
  const valueTexts = sorted.map((f) => format(f.weight));
  const widestGap = sorted.some((f) => f.interval != null) ? WHISKER_VALUE_GAP : VALUE_GAP;
  const valueWidth = Math.max(
    options.valueWidth,
    Math.ceil(valueTexts.reduce((max, t) => Math.max(max, t.length), 0) * VALUE_CHAR_WIDTH) +
      widestGap +
      2,
  );
  const hasFrequency = options.frequencyWidth > 0 && sorted.some((f) => f.frequency != null);
  const frequencyWidth = hasFrequency ? options.frequencyWidth : 0;
  const plotRight = options.width - valueWidth - frequencyWidth;
  // Beside the bars the labels would squeeze them to a sliver: give each label a line.
  const stacked =
    sorted.length > 0 && plotRight - sideLabelWidth - valueWidth < MIN_BAR_SHARE * options.width;
  const labelWidth = stacked ? 0 : sideLabelWidth;
  const labelRoom = stacked ? options.width - 2 : labelWidth - LABEL_GAP;
  const labels = stacked
    ? names.map((name) => shortenLabel(name, Math.floor(labelRoom / CHAR_WIDTH)))
    : sideLabels;
  const rowHeight = options.rowHeight + (stacked ? STACKED_EXTRA : 0);
  const plotLeft = labelWidth + valueWidth;
  const x = linearScale(domain, [plotLeft, plotRight]);
  const zeroX = x(0);
  const barTop = stacked ? STACKED_BAR_TOP : (options.rowHeight - options.barHeight) / 2;

  const rows = sorted.map((feature, i): BarRow => {
    const end = x(feature.weight);
    const sign: Sign = feature.weight < 0 ? "negative" : "positive";
    const top = i * rowHeight;
    const centerY = top + barTop + options.barHeight / 2;
    const whisker = whiskerOf(feature.interval, x, centerY);
    // The value sits beyond the bar and its whisker, on the bar's side.
    const outer =
      sign === "negative" ? Math.min(end, whisker?.x1 ?? end) : Math.max(end, whisker?.x2 ?? end);
    const gap = outer === end ? VALUE_GAP : WHISKER_VALUE_GAP;
    const frequency = hasFrequency ? (feature.frequency ?? null) : null;
    return {
      id: feature.id ?? null,
      name: feature.name,
      label: labels[i] ?? "",
      weight: feature.weight,
      sign,
      hover: hoverText(feature),
      x: Math.min(zeroX, end),
      y: top + barTop,
      width: Math.abs(end - zeroX),
      height: options.barHeight,
      top,
      centerY,
      labelY: stacked ? top + STACKED_LABEL_Y : centerY,
      valueText: valueTexts[i] ?? "",
      valueX: sign === "negative" ? outer - gap : outer + gap,
      valueAnchor: sign === "negative" ? "end" : "start",
      whisker,
      frequency,
      frequencyText: frequency === null ? "" : formatPercent(frequency),
    };
  });
  const height = Math.max(1, rows.length) * rowHeight;

  return {
    width: options.width,
    height,
    zeroX,
    plotLeft,
    plotRight,
    domain,
    labelX: stacked ? 0 : labelWidth - LABEL_GAP,
    frequencyX: hasFrequency ? options.width - 2 : null,
    labelAnchor: stacked ? "start" : "end",
    labelRoom,
    stacked,
    // Stacked labels run across the middle: the zero line stops short of them.
    axis: stacked ? rows.map((r): [number, number] => [r.y, r.y + r.height + 2]) : [[0, height]],
    rowHeight,
    rows,
  };
}

/** The whisker of an interval at `y`; caps only when they stand clearly apart. */
function whiskerOf(
  interval: BarInput["interval"],
  x: (value: number) => number,
  y: number,
): Whisker | null {
  if (interval == null) {
    return null;
  }
  const [low, high] = interval;
  const x1 = x(low);
  const x2 = x(high);
  return { low, high, x1, x2, y, cap: x2 - x1 >= MIN_CAPPED_SPAN ? CAP_HALF : 0 };
}

/** SVG path of a whisker: the interval line, with an end cap at each side when it has caps. */
export function whiskerPath(w: Whisker): string {
  const r = (v: number): number => Math.round(v * 10) / 10;
  const line = `M${r(w.x1)} ${r(w.y)}H${r(w.x2)}`;
  if (w.cap <= 0) {
    return line;
  }
  const top = r(w.y - w.cap);
  const bottom = r(w.y + w.cap);
  return `${line}M${r(w.x1)} ${top}V${bottom}M${r(w.x2)} ${top}V${bottom}`;
}
