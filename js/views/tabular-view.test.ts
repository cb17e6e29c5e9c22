import { describe, expect, it } from "vitest";
import { parsed, state } from "../contract/testing";
import { weightsById } from "./tabular-view";

describe("tabular highlight", () => {
  it("maps explanation features to instance rows by id", () => {
    const weights = weightsById(parsed(state(1)).explanation);
    expect([...weights.entries()]).toEqual([
      [0, -0.31],
      [2, 0.12],
    ]);
    expect(weightsById(null).size).toBe(0);
  });
});
