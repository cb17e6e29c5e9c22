import { describe, expect, it } from "vitest";
import { readDiagnostics } from "../contract/diagnostics";
import { diagnostics, parsed, state } from "../contract/testing";
import { frequencyById, intervalsById } from "./shown";

describe("per-feature lookups", () => {
  it("index the intervals and the top-K frequencies by feature", () => {
    const params = parsed(state(1)).params;
    const d = readDiagnostics(
      diagnostics({
        intervals: [{ id: 3, low: 0.4, high: 0.1 }],
        top_k_frequency: [
          { id: 1, name: "a", frequency: 0.2 },
          { id: 4, name: "b", frequency: 0.9 },
        ],
      }),
      params,
    ).diagnostics;
    expect(intervalsById(d).get(3)).toEqual({ id: 3, low: 0.1, high: 0.4 });
    expect(frequencyById(d).get(1)).toBe(0.2);
    expect(frequencyById(d).get(4)).toBe(0.9);
    expect(intervalsById(null).size).toBe(0);
    expect(frequencyById(null).size).toBe(0);
  });
});
