import { describe, expect, it } from "vitest";
import { isBusy } from "../contract/state";
import { parsed, state } from "../contract/testing";
import { progressMax, statusText } from "./status";

describe("status line", () => {
  it("says what the kernel is doing, with grouped counts", () => {
    expect(statusText(parsed(state(1)))).toBe("idle");
    expect(
      statusText(parsed(state(1, { status: "collecting", rows_done: 1500, rows_target: 3000 }))),
    ).toBe("collecting 1,500 / 3,000");
    expect(statusText(parsed(state(1, { status: "cancelled", rows_done: 1500 })))).toBe(
      "cancelled at 1,500 samples",
    );
    expect(statusText(parsed(state(1, { status: "error", error: "boom" })))).toBe(
      "error: the chart shows the last good fit (5,000 samples)",
    );
    expect(statusText(parsed(state(1, { status: "error", explanation: null })))).toBe("error");
  });
});

describe("until stable", () => {
  it("shows progress against the cap and counts as busy", () => {
    const stabilizing = parsed(
      state(1, {
        status: "stabilizing",
        rows_done: 2500,
        rows_target: 4000,
        stable_max_samples: 10000,
      }),
    );
    expect(statusText(stabilizing)).toBe("until stable: 2,500 / ≤ 10,000");
    expect(progressMax(stabilizing)).toBe(10000);
    expect(isBusy("stabilizing")).toBe(true);
    expect(isBusy("collecting")).toBe(true);
    expect(isBusy("idle")).toBe(false);
    // A kernel that does not say its cap: the current step's target stands in.
    const uncapped = parsed(
      state(1, { status: "stabilizing", rows_done: 2500, rows_target: 4000 }),
    );
    expect(statusText(uncapped)).toBe("until stable: 2,500 / ≤ 4,000");
  });
});
