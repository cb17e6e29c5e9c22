import { describe, expect, it } from "vitest";
import { parseState } from "./state";
import { state } from "./testing";

describe("parseState", () => {
  it("accepts a complete state", () => {
    const parsed = parseState(state(3));
    expect(parsed.ok).toBe(true);
    if (parsed.ok) {
      expect(parsed.value.seq).toBe(3);
      expect(parsed.value.explanation?.features.map((f) => f.weight)).toEqual([-0.31, 0.12]);
    }
  });

  it("accepts a state without an explanation yet, and missing optional numbers", () => {
    expect(parseState(state(1, { explanation: null, params: null })).ok).toBe(true);
    const partial = state(1);
    const explanation = partial.explanation as Record<string, unknown>;
    explanation.score = null;
    explanation.features = [{ id: 0, name: "x", weight: 0.5 }];
    const parsed = parseState(partial);
    expect(parsed.ok && parsed.value.explanation?.score).toBeNull();
    expect(parsed.ok && parsed.value.explanation?.features[0]?.value).toBe("");
  });

  it("rejects what would draw nonsense", () => {
    const bad = state(1);
    (bad.explanation as Record<string, unknown>).features = [{ id: 0, name: "x", weight: "big" }];
    expect(parseState(bad)).toEqual({
      ok: false,
      message: 'state.explanation.features[0].weight must be a finite number, got "big".',
    });
    expect(parseState(state(1, { seq: "7" })).ok).toBe(false);
    expect(parseState(state(1, { error: 42 })).ok).toBe(false);
    expect(parseState(state(1, { rows_done: -1 })).ok).toBe(false);
  });
});
