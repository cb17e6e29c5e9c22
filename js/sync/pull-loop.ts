/**
 * The pull half of every sync with the kernel: while `active()` says there is something to
 * wait for, send a pull every `interval()` ms, with at most one pull in flight (a busy
 * kernel must not build a queue of them; an unanswered pull is given up after
 * `replyTimeoutMs`, so a lost reply cannot stop the loop). The single widget's state sync
 * and the gallery's card sync differ only in what they pull and when they are active.
 */

import type { Timers } from "./throttle";

export interface PullLoopOptions {
  /** Send one pull to the kernel. */
  send(): void;
  /** Whether to keep pulling (asked before every pull; the loop stops when false). */
  active(): boolean;
  /** Milliseconds until the next pull. */
  interval(): number;
  replyTimeoutMs: number;
  timers: Timers;
}

export class PullLoop {
  private pullSentAt: number | null = null;
  private timer: unknown = null;
  private stopped = false;

  constructor(private readonly o: PullLoopOptions) {}

  /** Whether `dispose` was called. */
  get disposed(): boolean {
    return this.stopped;
  }

  /** A pull's reply arrived: the next pull may go at once. */
  replied(): void {
    this.pullSentAt = null;
  }

  /** Pull now, unless a pull is still awaiting its reply. */
  pull(): void {
    if (this.stopped) {
      return;
    }
    const now = this.o.timers.now();
    if (this.pullSentAt !== null && now - this.pullSentAt < this.o.replyTimeoutMs) {
      return;
    }
    this.pullSentAt = now;
    this.o.send();
  }

  /** Arm the timer for the next pull, if the loop is active and none is armed. */
  schedule(): void {
    if (this.timer === null && !this.stopped && this.o.active()) {
      this.timer = this.o.timers.setTimeout(() => this.tick(), this.o.interval());
    }
  }

  dispose(): void {
    this.stopped = true;
    if (this.timer !== null) {
      this.o.timers.clearTimeout(this.timer);
      this.timer = null;
    }
  }

  private tick(): void {
    this.timer = null;
    if (!this.stopped && this.o.active()) {
      this.pull();
      this.schedule();
    }
  }
}
