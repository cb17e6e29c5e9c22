/**
 * Rate limiting for slider writes to the kernel. A drag fires `input` at display rate;
 * each write makes the kernel refit, so writes are throttled — but the last value of a
 * drag must always arrive, hence the guaranteed trailing call.
 */

/** The clock and timer functions, injectable for tests. */
export interface Timers {
  now(): number;
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const browserTimers: Timers = {
  now: () => performance.now(),
  setTimeout: (callback, ms) => globalThis.setTimeout(callback, ms),
  clearTimeout: (handle) => globalThis.clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export interface Throttled<A extends unknown[]> {
  (...args: A): void;
  /** Run the pending trailing call now, if there is one. */
  flush(): void;
  /** Drop the pending trailing call. */
  cancel(): void;
  /** Whether a trailing call is waiting. */
  pending(): boolean;
}

/**
 * Call `fn` at most once per `waitMs`. The first call of a burst runs at once; later calls
 * in the window are coalesced into one trailing call with the most recent arguments.
 */
export function throttle<A extends unknown[]>(
  fn: (...args: A) => void,
  waitMs: number,
  timers: Timers = browserTimers,
): Throttled<A> {
  let lastRun = Number.NEGATIVE_INFINITY;
  let timer: unknown = null;
  let pendingArgs: A | null = null;

  const run = (args: A): void => {
    lastRun = timers.now();
    fn(...args);
  };

  const fire = (): void => {
    timer = null;
    const args = pendingArgs;
    pendingArgs = null;
    if (args !== null) {
      run(args);
    }
  };

  const throttled = (...args: A): void => {
    const wait = lastRun + waitMs - timers.now();
    if (wait <= 0 && timer === null) {
      run(args);
      return;
    }
    pendingArgs = args;
    if (timer === null) {
      timer = timers.setTimeout(fire, Math.max(0, wait));
    }
  };

  throttled.flush = (): void => {
    if (timer !== null) {
      timers.clearTimeout(timer);
      fire();
    }
  };
  throttled.cancel = (): void => {
    if (timer !== null) {
      timers.clearTimeout(timer);
    }
    timer = null;
    pendingArgs = null;
  };
  throttled.pending = (): boolean => pendingArgs !== null;

  return throttled;
}
