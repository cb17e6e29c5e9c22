/** Short, sign-aware number formatting for the values the widget prints. */

// U+2212 lines up with "+" in proportional fonts; a hyphen does not.
const MINUS = "\u2212";

// A fixed locale so the widget reads the same everywhere and tests are deterministic.
const INTEGER = new Intl.NumberFormat("en-US", { maximumFractionDigits: 0 });

/**
 * Format `value` with about `digits` significant digits. Magnitudes outside
 * [1e-3, 1e4) switch to exponent notation so labels stay short.
 */
export function formatNumber(value: number, digits = 3): string {
  if (Number.isNaN(value)) {
    return "NaN";
  }
  if (!Number.isFinite(value)) {
    return value > 0 ? "∞" : `${MINUS}∞`;
  }
  if (value === 0) {
    return "0";
  }
  const sign = value < 0 ? MINUS : "";
  return sign + formatMagnitude(Math.abs(value), digits);
}

/** Like {@link formatNumber}, but positive values get an explicit "+". */
export function formatSigned(value: number, digits = 3): string {
  const text = formatNumber(value, digits);
  return value > 0 ? `+${text}` : text;
}

/** A count with thousands separators: 1500 -> "1,500". */
export function formatCount(value: number): string {
  return INTEGER.format(value).replace("-", MINUS);
}

/**
 * Two decimals for values of ordinary size (probabilities, R², most predictions),
 * significant digits otherwise, so 0.0004 does not print as "0.00". `null` prints "n/a".
 */
export function formatShort(value: number | null): string {
  if (value === null) {
    return "n/a";
  }
  const abs = Math.abs(value);
  if (abs === 0 || (abs >= 0.01 && abs < 1e6)) {
    const text = abs.toFixed(2);
    // -0.001 rounds to "0.00": no sign on a printed zero.
    return value < 0 && Number(text) !== 0 ? `${MINUS}${text}` : text;
  }
  return formatNumber(value);
}

/** {@link formatShort} with an explicit "+" on positive values: "+0.03". */
export function formatSignedShort(value: number | null): string {
  const text = formatShort(value);
  return value !== null && value > 0 && Number(text) !== 0 ? `+${text}` : text;
}

/**
 * A share in [0, 1] as a whole percentage: 0.94 -> "94 %". The no-break space keeps number
 * and sign on one line. Shares that are not quite 0 or 1 never print as "0 %" or "100 %".
 */
export function formatPercent(share: number): string {
  const rounded = Math.round(share * 100);
  const percent = share > 0 && share < 1 ? Math.min(99, Math.max(1, rounded)) : rounded;
  return `${percent}\u00a0%`;
}

/** Round to `digits` significant digits (as a number, for values sent to the kernel). */
export function roundSignificant(value: number, digits: number): number {
  if (value === 0 || !Number.isFinite(value)) {
    return value;
  }
  return Number(value.toPrecision(digits));
}

/** Cut `text` to at most `maxChars` characters (code points), marking the cut with "…". */
export function truncate(text: string, maxChars: number): string {
  const chars = Array.from(text);
  if (chars.length <= maxChars) {
    return text;
  }
  return `${chars.slice(0, Math.max(0, maxChars - 1)).join("")}…`;
}

function formatMagnitude(abs: number, digits: number): string {
  if (abs >= 1e-3 && abs < 1e4) {
    const decimals = Math.max(0, digits - 1 - Math.floor(Math.log10(abs)));
    return abs.toFixed(decimals);
  }
  return abs
    .toExponential(digits - 1)
    .replace("e+", "e")
    .replace("e-", `e${MINUS}`);
}
