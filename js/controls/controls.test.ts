import { describe, expect, it } from "vitest";
import { DEFAULT_STABLE_MAX, untilStableHelp } from "./controls";

describe("until stable", () => {
  it("explains the button, with the kernel's cap when known", () => {
    expect(untilStableHelp(20000)).toMatch(/up to 20,000 samples/);
    expect(untilStableHelp(null)).toMatch(
      new RegExp(`${DEFAULT_STABLE_MAX.toLocaleString("en-US")} samples by default`),
    );
    expect(untilStableHelp(null)).toMatch(/only about the new rows/);
  });
});
