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

/**
 * A share of the samples (the effective-sample share), the one format for it everywhere:
 * one decimal below 10 % ("0.1 %", "2.4 %"), whole percentages above ("25 %"). A share that
 * is not quite 0 or 1 never prints as "0 %" or "100 %".
 */
export function formatShare(share: number): string {
  const percent = share * 100;
  if (!(percent > 0) || percent >= 100) {
    return `${percent >= 100 ? 100 : 0}\u00a0%`;
  }
  if (percent < 0.05) {
    return "<\u00a00.1\u00a0%";
  }
  if (percent < 9.95) {
    return `${percent.toFixed(1)}\u00a0%`;
  }
  return `${Math.min(99, Math.round(percent))}\u00a0%`;
}

/** What a negative R² means: the surrogate predicts worse than its own mean would. */
export const WORSE_THAN_CONSTANT = "worse than a constant";

/**
 * An R² for the page: two decimals in [0, 1]; a negative one says it is worse than a
 * constant (alone below −1, where the figure only measures how far off the fit is, e.g.
 * −2e18 for a fit on one effective sample); "—" when there is none.
 */
export function formatR2(value: number | null): string {
  if (value === null || Number.isNaN(value)) {
    return "—";
  }
  if (value < -1) {
    return WORSE_THAN_CONSTANT;
  }
  const text = Math.min(1, Math.abs(value)).toFixed(2);
  if (value < 0 && Number(text) !== 0) {
    return `${MINUS}${text} (${WORSE_THAN_CONSTANT})`;
  }
  return text;
}

/**
 * One signed format for values shown side by side (the bar values, the instance table's
 * weights): the decimals follow the largest magnitude, so "+9.09e−4" never sits next to
 * "+0.00104" — it reads "+0.00091". Exponents only when even the largest needs one.
 */
export function signedFormatter(values: readonly number[], digits = 3): (value: number) => string {
  const largest = values.reduce(
    (max, v) => (Number.isFinite(v) ? Math.max(max, Math.abs(v)) : max),
    0,
  );
  if (!(largest >= 1e-3 && largest < 1e4)) {
    return (value) => {
      if (value === 0 || !Number.isFinite(value)) {
        return formatSigned(value, digits);
      }
      const text = exponent(Math.abs(value), digits);
      return `${value < 0 ? MINUS : "+"}${text}`;
    };
  }
  const decimals = Math.max(0, digits - 1 - Math.floor(Math.log10(largest)));
  return (value) => {
    if (!Number.isFinite(value)) {
      return formatSigned(value, digits);
    }
    const text = Math.abs(value).toFixed(decimals);
    if (Number(text) === 0) {
      return text;
    }
    return `${value < 0 ? MINUS : "+"}${text}`;
  };
}

const PREDICTION = new Intl.NumberFormat("en-US", { maximumSignificantDigits: 4 });

/** A model output in a sentence: four significant digits, no trailing zeros ("252.1"). */
export function formatPrediction(value: number): string {
  const abs = Math.abs(value);
  if (abs === 0 || (abs >= 1e-3 && abs < 1e6)) {
    return PREDICTION.format(value).replace("-", MINUS);
  }
  return formatNumber(value, 4);
}

/** "1 effective sample", "21 effective samples". */
export function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
  return count === 1 ? singular : pluralForm;
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

/**
 * Shorten a feature label to at most `maxChars` characters, keeping the end of its
 * condition: "worst concave points > 0.16" becomes "worst conc… > 0.16", since the
 * threshold is what tells two bars of one feature apart. Labels without a condition are
 * cut at the end, like {@link truncate}.
 */
export function shortenLabel(text: string, maxChars: number): string {
  const chars = Array.from(text);
  if (chars.length <= maxChars) {
    return text;
  }
  const condition = /\s*(?:<=|>=|<|>|=|\u2264|\u2265)\s*[^<>=\u2264\u2265]*$/u.exec(text);
  const tail = condition === null ? [] : Array.from(condition[0]);
  const head = chars.length - tail.length;
  // Keep the condition when at least two characters of the name still fit before it.
  if (tail.length === 0 || head < 1 || tail.length + 3 > maxChars) {
    return truncate(text, maxChars);
  }
  const kept = chars
    .slice(0, maxChars - tail.length - 1)
    .join("")
    .replace(/[\s…]+$/u, "");
  return `${kept}…${tail.join("")}`;
}

/**
 * A feature condition in three parts, so a narrow box can cut the name and keep both
 * thresholds: "0.23 < radius error <= 0.32" is ["0.23 < ", "radius error", " <= 0.32"],
 * "colour=red" is ["", "colour", "=red"]. Text without a condition is all name.
 */
export function conditionParts(text: string): [lead: string, name: string, tail: string] {
  const tail = /\s*(?:<=|>=|<|>|=|\u2264|\u2265)\s*[^<>=\u2264\u2265]*$/u.exec(text)?.[0] ?? "";
  const rest = text.slice(0, text.length - tail.length);
  const lead = /^[^<>=\u2264\u2265]*?\s*(?:<=|>=|<|>|\u2264|\u2265)\s*/u.exec(rest)?.[0] ?? "";
  const name = rest.slice(lead.length);
  // An operator at the start or a name made of operators: nothing to keep apart.
  return name.trim() === "" || /[<>=\u2264\u2265]/u.test(name)
    ? ["", text, ""]
    : [lead, name, tail];
}

function exponent(abs: number, digits: number): string {
  return abs
    .toExponential(digits - 1)
    .replace("e+", "e")
    .replace("e-", `e${MINUS}`);
}

function formatMagnitude(abs: number, digits: number): string {
  if (abs >= 1e-3 && abs < 1e4) {
    const decimals = Math.max(0, digits - 1 - Math.floor(Math.log10(abs)));
    return abs.toFixed(decimals);
  }
  return exponent(abs, digits);
}
