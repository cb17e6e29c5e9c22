import { describe, expect, it } from "vitest";
import {
  formatCount,
  formatNumber,
  formatPercent,
  formatShort,
  formatSigned,
  formatSignedShort,
  roundSignificant,
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
