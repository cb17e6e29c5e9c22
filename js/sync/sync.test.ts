import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { State } from "../contract/state";
import { state } from "../contract/testing";
import { StateSync, type SyncOptions } from "./sync";
import type { Timers } from "./throttle";

const timers: Timers = {
  now: () => Date.now(),
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

function harness(options: Partial<SyncOptions> = {}) {
  const applied: State[] = [];
  const rejected: string[] = [];
  const send = vi.fn();
  const sync = new StateSync({
    send,
    apply: (s) => applied.push(s),
    reject: (m) => rejected.push(m),
    timers,
    ...options,
  });
  return { sync, applied, rejected, send };
}

describe("StateSync ordering", () => {
  it("applies newer states and ignores older or repeated ones", () => {
    const { sync, applied } = harness();
    expect(sync.receive(state(2))).toBe("applied");
    expect(sync.receive(state(1))).toBe("stale");
    expect(sync.receive(state(2))).toBe("stale");
    expect(sync.receive(state(5, { status: "collecting" }))).toBe("applied");
    expect(sync.receive(state(3))).toBe("stale");
    expect(applied.map((s) => s.seq)).toEqual([2, 5]);
    expect(applied.at(-1)?.status).toBe("collecting");
    expect(sync.seq).toBe(5);
    sync.dispose();
  });

  it("applies a state once whether it came by push, by pull, or both", () => {
    const { sync, applied } = harness();
    sync.receive(state(7), true);
    sync.receive(state(7));
    sync.receive(state(8));
    sync.receive(state(8), true);
    expect(applied.map((s) => s.seq)).toEqual([7, 8]);
    sync.dispose();
  });

  it("reports a malformed state without moving the seq forward", () => {
    const { sync, applied, rejected } = harness();
    expect(sync.receive(state(9, { status: "exploded" }))).toBe("invalid");
    expect(rejected[0]).toMatch(/state\.status must be one of/);
    expect(sync.receive(state(4))).toBe("applied");
    expect(applied.map((s) => s.seq)).toEqual([4]);
    sync.dispose();
  });

  it("ignores an unset trait quietly", () => {
    const { sync, applied, rejected } = harness();
    expect(sync.receive(null)).toBe("unset");
    expect(sync.receive({})).toBe("unset");
    expect(applied).toEqual([]);
    expect(rejected).toEqual([]);
    sync.dispose();
  });
});

describe("StateSync pulling (Colab drops pushes from the worker thread)", () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("pulls every 250 ms while collecting and stops once idle", () => {
    const { sync, send } = harness();
    let seq = 0;
    // The kernel answers each pull at once.
    send.mockImplementation(() => {
      sync.receive(state(++seq, { status: seq < 8 ? "collecting" : "idle" }), true);
    });
    sync.receive(state(++seq, { status: "collecting" }));
    vi.advanceTimersByTime(1000);
    expect(send).toHaveBeenCalledTimes(4);
    vi.advanceTimersByTime(10_000);
    // Collecting ended with the reply to the 7th pull; nothing is sent after that.
    expect(send).toHaveBeenCalledTimes(7);
    expect(send).toHaveBeenCalledWith({ type: "pull" });
    expect(sync.isActive()).toBe(false);
    sync.dispose();
  });

  it("keeps pulling while the kernel grows the sample until stable", () => {
    const { sync, send } = harness();
    sync.receive(state(1, { status: "stabilizing" }));
    vi.advanceTimersByTime(60_000);
    expect(sync.isActive()).toBe(true);
    expect(send.mock.calls.length).toBeGreaterThanOrEqual(25);
    sync.dispose();
  });

  it("pulls for about a second after a control moves, even when idle", () => {
    const { sync, send } = harness();
    sync.receive(state(1));
    vi.advanceTimersByTime(5000);
    expect(send).not.toHaveBeenCalled();
    send.mockImplementation(() => sync.receive(state(1), true));
    sync.poke();
    vi.advanceTimersByTime(5000);
    expect(send.mock.calls.length).toBeGreaterThanOrEqual(3);
    expect(send.mock.calls.length).toBeLessThanOrEqual(4);
  });

  it("keeps pulling until the shown explanation matches the request, within a limit", () => {
    let settled = false;
    const { sync, send } = harness({ settled: () => settled });
    send.mockImplementation(() => sync.receive(null, true));
    sync.receive(state(1));
    sync.poke();
    vi.advanceTimersByTime(2000);
    const during = send.mock.calls.length;
    expect(during).toBeGreaterThanOrEqual(7);
    settled = true;
    vi.advanceTimersByTime(2000);
    expect(send.mock.calls.length).toBe(during);
    settled = false;
    sync.poke();
    vi.advanceTimersByTime(5000);
    const fast = send.mock.calls.length - during;
    expect(fast).toBeGreaterThanOrEqual(18); // every 250 ms for settleMs (5 s)
    vi.advanceTimersByTime(10_000);
    // then once a second: slow diagnostics still arrive ...
    expect(send.mock.calls.length - during - fast).toBeGreaterThanOrEqual(9);
    expect(send.mock.calls.length - during - fast).toBeLessThanOrEqual(11);
    expect(sync.isActive()).toBe(true);
    vi.advanceTimersByTime(120_000);
    // ... but it never settles: it gives up after patienceMs instead of pulling forever.
    expect(sync.isActive()).toBe(false);
    const stopped = send.mock.calls.length;
    vi.advanceTimersByTime(10_000);
    expect(send.mock.calls.length).toBe(stopped);
  });

  it("keeps pulling after a long job ends until its diagnostics have arrived", () => {
    let diagnosticsShown = false;
    const { sync, send } = harness({ settled: () => diagnosticsShown });
    let seq = 0;
    let busy = true;
    send.mockImplementation(() => {
      sync.receive(state(++seq, { status: busy ? "collecting" : "idle" }), true);
    });
    sync.poke();
    sync.receive(state(++seq, { status: "collecting" }));
    vi.advanceTimersByTime(20_000); // collecting far longer than any window after the input
    busy = false;
    vi.advanceTimersByTime(1000); // the fit is shown; its diagnostics come later
    expect(sync.isActive()).toBe(true);
    const before = send.mock.calls.length;
    vi.advanceTimersByTime(1000);
    expect(send.mock.calls.length).toBeGreaterThan(before);
    diagnosticsShown = true; // a pull brought them
    vi.advanceTimersByTime(500);
    expect(sync.isActive()).toBe(false);
    const after = send.mock.calls.length;
    vi.advanceTimersByTime(10_000);
    expect(send.mock.calls.length).toBe(after);
    sync.dispose();
  });

  it("asks at once on start, and keeps one pull in flight when the kernel is busy", () => {
    const { sync, send } = harness();
    sync.start();
    expect(send).toHaveBeenCalledTimes(1);
    sync.receive(state(1, { status: "collecting" }));
    // No replies at all (the kernel is running a cell): at most one pull per 2 s.
    vi.advanceTimersByTime(6000);
    expect(send.mock.calls.length).toBeLessThanOrEqual(4);
    sync.dispose();
    const after = send.mock.calls.length;
    vi.advanceTimersByTime(6000);
    expect(send.mock.calls.length).toBe(after);
  });
});
