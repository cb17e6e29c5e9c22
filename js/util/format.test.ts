import { describe, expect, it } from "vitest";
import {
  conditionParts,
  formatCount,
  formatNumber,
  formatPercent,
  formatPrediction,
  formatR2,
  formatShare,
  formatShort,
  formatSigned,
  formatSignedShort,
  plural,
  roundSignificant,
  shortenLabel,
  signedFormatter,
  truncate,
} from "./format";

describe("formatNumber", () => {
  it("keeps three significant digits in the fixed range", () => {
    expect(formatNumber(0.12345)).toBe("0.123");
    expect(formatNumber(12.345)).toBe("12.3");
    expect(formatNumber(0.0012345)).toBe("0.00123");
    expect(formatNumber(1234.4)).toBe("1234");
  });

  it("uses a true minus sign and exponents outside the fixed range", () => {
    expect(formatNumber(-0.5)).toBe("\u22120.500");
    expect(formatNumber(0.000012345)).toBe("1.23e\u22125");
    expect(formatNumber(-123456)).toBe("\u22121.23e5");
  });

  it("handles zero and non-finite values", () => {
    expect(formatNumber(0)).toBe("0");
    expect(formatNumber(-0)).toBe("0");
    expect(formatNumber(Number.NaN)).toBe("NaN");
    expect(formatNumber(Number.NEGATIVE_INFINITY)).toBe("\u2212∞");
  });

  it("marks positive values with + only in signed mode", () => {
    expect(formatSigned(0.25)).toBe("+0.250");
    expect(formatSigned(0.1234, 4)).toBe("+0.1234");
    expect(formatSigned(-0.25)).toBe("\u22120.250");
    expect(formatSigned(0)).toBe("0");
  });
});

describe("formatCount", () => {
  it("groups thousands with commas, whatever the machine's locale", () => {
    expect(formatCount(1500)).toBe("1,500");
    expect(formatCount(3000)).toBe("3,000");
    expect(formatCount(1234567)).toBe("1,234,567");
    expect(formatCount(0)).toBe("0");
  });
});

describe("formatShort", () => {
  it("prints probabilities and R² with two decimals", () => {
    expect(formatShort(0.93)).toBe("0.93");
    expect(formatShort(0.7149)).toBe("0.71");
    expect(formatShort(1)).toBe("1.00");
    expect(formatShort(-0.25)).toBe("\u22120.25");
    expect(formatShort(0)).toBe("0.00");
  });

  it("keeps tiny and huge values informative and says n/a for null", () => {
    expect(formatShort(0.0004)).toBe("4.00e\u22124");
    expect(formatShort(2.5e7)).toBe("2.50e7");
    expect(formatShort(null)).toBe("n/a");
  });
});

describe("roundSignificant", () => {
  it("rounds to significant digits and leaves zero alone", () => {
    expect(roundSignificant(0.75198, 3)).toBe(0.752);
    expect(roundSignificant(12345, 2)).toBe(12000);
    expect(roundSignificant(0, 3)).toBe(0);
  });
});

describe("truncate", () => {
  it("leaves short text alone and cuts long text to the limit", () => {
    expect(truncate("age", 5)).toBe("age");
    expect(truncate("abcdefgh", 5)).toBe("abcd…");
    expect(truncate("😀😀😀😀", 3)).toBe("😀😀…");
  });
});

describe("formatPercent and formatSignedShort", () => {
  it("prints shares as whole percentages that never round to a false 0 or 100", () => {
    expect(formatPercent(0.94)).toBe("94\u00a0%");
    expect(formatPercent(1)).toBe("100\u00a0%");
    expect(formatPercent(0)).toBe("0\u00a0%");
    expect(formatPercent(0.998)).toBe("99\u00a0%");
    expect(formatPercent(0.002)).toBe("1\u00a0%");
  });

  it("signs short numbers, but not a printed zero", () => {
    expect(formatSignedShort(0.03)).toBe("+0.03");
    expect(formatSignedShort(-0.05)).toBe("\u22120.05");
    expect(formatSignedShort(0.001)).toBe("+0.00100");
    expect(formatSignedShort(0)).toBe("0.00");
    expect(formatSignedShort(null)).toBe("n/a");
  });
});

describe("formatShare (the effective-sample share, one format everywhere)", () => {
  it("keeps one decimal below 10 % and whole percentages above", () => {
    expect(formatShare(0.001)).toBe("0.1\u00a0%");
    expect(formatShare(0.0242)).toBe("2.4\u00a0%");
    expect(formatShare(0.2469)).toBe("25\u00a0%");
    expect(formatShare(0.0996)).toBe("10\u00a0%");
  });

  it("never prints a share that is not 0 or 1 as 0 % or 100 %", () => {
    expect(formatShare(0.0001)).toBe("<\u00a00.1\u00a0%");
    expect(formatShare(0.998)).toBe("99\u00a0%");
    expect(formatShare(0)).toBe("0\u00a0%");
    expect(formatShare(1)).toBe("100\u00a0%");
  });
});

describe("formatR2", () => {
  it("prints R² in [0, 1] with two decimals and says what a negative one means", () => {
    expect(formatR2(0.714)).toBe("0.71");
    expect(formatR2(-0.35)).toBe("\u22120.35 (worse than a constant)");
    expect(formatR2(-2.11e18)).toBe("worse than a constant");
    expect(formatR2(-0.001)).toBe("0.00");
    expect(formatR2(null)).toBe("—");
  });
});

describe("signedFormatter", () => {
  it("gives values shown together the decimals of the largest", () => {
    const format = signedFormatter([0.00104, -0.000909, 0.0000004]);
    expect(format(0.00104)).toBe("+0.00104");
    expect(format(-0.000909)).toBe("\u22120.00091");
    expect(format(0.0000004)).toBe("0.00000");
    const wide = signedFormatter([0.39, -0.05]);
    expect([wide(0.39), wide(-0.05)]).toEqual(["+0.390", "\u22120.050"]);
  });

  it("uses exponents for all of them only when the largest needs one", () => {
    const tiny = signedFormatter([-1.47e-19, 9.7e-20]);
    expect([tiny(-1.47e-19), tiny(9.7e-20)]).toEqual(["\u22121.47e\u221219", "+9.70e\u221220"]);
    expect(signedFormatter([])(0)).toBe("0");
  });
});

describe("formatPrediction and plural", () => {
  it("prints a model output with four significant digits and no trailing zeros", () => {
    expect(formatPrediction(252.13)).toBe("252.1");
    expect(formatPrediction(0.5)).toBe("0.5");
    expect(formatPrediction(-1.23456)).toBe("\u22121.235");
    expect(formatPrediction(123456)).toBe("123,500");
  });

  it("says 1 sample, 2 samples", () => {
    expect(plural(1, "sample")).toBe("sample");
    expect(plural(21, "sample")).toBe("samples");
  });
});

describe("shortenLabel", () => {
  it("keeps the condition's threshold when it cuts a label", () => {
    expect(shortenLabel("worst concave points > 0.16", 14)).toBe("worst… > 0.16");
    expect(shortenLabel("0.83 < texture error <= 1.11", 20)).toBe("0.83 < text… <= 1.11");
    expect(shortenLabel("short <= 1", 20)).toBe("short <= 1");
    // Shortening a shortened label again (the browser measures, then cuts more).
    expect(shortenLabel("worst co… > 0.16", 12)).toBe("wors… > 0.16");
  });

  it("cuts labels without a condition at the end", () => {
    expect(shortenLabel("a very long word list", 8)).toBe("a very …");
    expect(shortenLabel(`${"x".repeat(10)} > 123456789012`, 12)).toBe("xxxxxxxxxx …");
  });
});

describe("conditionParts", () => {
  it("keeps both thresholds of a two-sided condition apart from the name", () => {
    expect(conditionParts("0.23 < radius error <= 0.32")).toEqual([
      "0.23 < ",
      "radius error",
      " <= 0.32",
    ]);
    expect(conditionParts("worst concave points > 0.16")).toEqual([
      "",
      "worst concave points",
      " > 0.16",
    ]);
    expect(conditionParts("colour=red")).toEqual(["", "colour", "=red"]);
    expect(conditionParts("1 \u2264 x \u2264 2")).toEqual(["1 \u2264 ", "x", " \u2264 2"]);
  });

  it("leaves text without a condition, or with nothing but operators, whole", () => {
    expect(conditionParts("boring (word 3)")).toEqual(["", "boring (word 3)", ""]);
    expect(conditionParts("<= 5")).toEqual(["", "<= 5", ""]);
    expect(conditionParts("")).toEqual(["", "", ""]);
    // The parts always put the text back together.
    for (const text of ["a < b < c < d", "x >= 1", "=", "a <> b"]) {
      expect(conditionParts(text).join("")).toBe(text);
    }
  });
});
