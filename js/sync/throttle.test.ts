import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { type Timers, throttle } from "./throttle";

const timers: Timers = {
  now: () => Date.now(),
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

describe("throttle", () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("turns a 1 s drag into a few writes and always delivers the last value", () => {
    const sent: number[] = [];
    const write = throttle((v: number) => sent.push(v), 60, timers);
    // A drag: an input event every 5 ms for a second.
    for (let i = 1; i <= 200; i++) {
      write(i);
      vi.advanceTimersByTime(5);
    }
    vi.advanceTimersByTime(100);
    expect(sent.length).toBeGreaterThanOrEqual(15);
    expect(sent.length).toBeLessThanOrEqual(19);
    expect(sent[0]).toBe(1);
    expect(sent.at(-1)).toBe(200);
    // Values go out in order, never one from the past.
    expect(sent).toEqual([...sent].sort((a, b) => a - b));
  });

  it("runs the first call at once and coalesces a burst into one trailing call", () => {
    const sent: string[] = [];
    const write = throttle((v: string) => sent.push(v), 60, timers);
    write("a");
    write("b");
    write("c");
    write("d");
    expect(sent).toEqual(["a"]);
    vi.advanceTimersByTime(59);
    expect(sent).toEqual(["a"]);
    vi.advanceTimersByTime(1);
    expect(sent).toEqual(["a", "d"]);
    vi.advanceTimersByTime(1000);
    expect(sent).toEqual(["a", "d"]);
  });

  it("does not repeat a lone call", () => {
    const fn = vi.fn();
    const write = throttle(fn, 60, timers);
    write(1);
    vi.advanceTimersByTime(1000);
    expect(fn).toHaveBeenCalledTimes(1);
    expect(write.pending()).toBe(false);
  });

  it("flush sends the pending value now; cancel drops it", () => {
    const sent: number[] = [];
    const write = throttle((v: number) => sent.push(v), 60, timers);
    write(1);
    write(2);
    expect(write.pending()).toBe(true);
    write.flush();
    expect(sent).toEqual([1, 2]);
    write(3);
    write.cancel();
    vi.advanceTimersByTime(1000);
    expect(sent).toEqual([1, 2]);
  });
});
