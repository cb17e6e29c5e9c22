/**
 * Receiving states from the kernel, in order, by two routes: pushes (`change:state`, sent
 * from the kernel's worker thread) and pulls (custom `{type: "pull"}` messages answered
 * from the kernel's own thread). Colab drops the pushes (googlecolab/colabtools#3373), so
 * while work is under way — collecting, or just after the user moved a control — the front
 * end pulls every ~250 ms. Either route may deliver a state late or twice; the `seq` gate
 * applies each state once and never goes back in time.
 */

import { isBusy, isUnset, parseState, type State } from "../contract/state";
import { PullLoop } from "./pull-loop";
import { browserTimers, type Timers } from "./throttle";

export interface SyncOptions {
  /** Send a custom message to the kernel. */
  send(message: { type: "pull" }): void;
  /** Called with every state newer than the last applied one. */
  apply(state: State): void;
  /** Called when the kernel sent something that is not a valid state. */
  reject(message: string): void;
  /**
   * Whether the shown explanation already matches the parameters the user asked for, with
   * its diagnostics; after a control moves or a job ends, pulling continues until it does
   * (every `intervalMs` for `settleMs`, then every `slowIntervalMs` up to `patienceMs`: slow
   * diagnostics still arrive), so pulls alone deliver everything pushes would.
   */
  settled?: () => boolean;
  intervalMs?: number;
  /** Keep pulling this long after the last `poke`. */
  windowMs?: number;
  settleMs?: number;
  slowIntervalMs?: number;
  patienceMs?: number;
  /** A pull unanswered this long is given up, so a lost reply cannot stop the loop. */
  replyTimeoutMs?: number;
  timers?: Timers;
}

export type Receipt = "applied" | "stale" | "invalid" | "unset";

export class StateSync {
  private lastSeq = Number.NEGATIVE_INFINITY;
  private status: State["status"] | null = null;
  private pokedAt = Number.NEGATIVE_INFINITY;
  private endedAt = Number.NEGATIVE_INFINITY;
  private readonly options: Required<SyncOptions>;
  private readonly loop: PullLoop;

  constructor(options: SyncOptions) {
    this.options = {
      settled: () => true,
      intervalMs: 250,
      windowMs: 1000,
      settleMs: 5000,
      slowIntervalMs: 1000,
      patienceMs: 120_000,
      replyTimeoutMs: 2000,
      timers: browserTimers,
      ...options,
    };
    this.loop = new PullLoop({
      send: () => this.options.send({ type: "pull" }),
      active: () => this.isActive(),
      interval: () => {
        const slow = !isBusy(this.status) && this.sinceInput() >= this.options.settleMs;
        return slow ? this.options.slowIntervalMs : this.options.intervalMs;
      },
      replyTimeoutMs: this.options.replyTimeoutMs,
      timers: this.options.timers,
    });
  }

  /** The seq of the last applied state (-Infinity before the first). */
  get seq(): number {
    return this.lastSeq;
  }

  /** Handle a state from either route; returns what was done with it. */
  receive(raw: unknown, viaPull = false): Receipt {
    if (viaPull) {
      this.loop.replied();
    }
    if (isUnset(raw)) {
      this.schedule();
      return "unset";
    }
    const parsed = parseState(raw);
    if (!parsed.ok) {
      this.options.reject(parsed.message);
      this.schedule();
      return "invalid";
    }
    const state = parsed.value;
    if (state.seq <= this.lastSeq) {
      this.schedule();
      return "stale";
    }
    this.lastSeq = state.seq;
    if (isBusy(this.status) && !isBusy(state.status)) {
      // The job ended: its diagnostics come after a quiet period, keep asking for them.
      this.endedAt = this.options.timers.now();
    }
    this.status = state.status;
    this.options.apply(state);
    this.schedule();
    return "applied";
  }

  /** The user changed something: pull for a while even if the kernel looks idle. */
  poke(): void {
    this.pokedAt = this.options.timers.now();
    this.schedule();
  }

  /** Ask for the latest state at once (on first render) and keep pulling for a window. */
  start(): void {
    this.poke();
    this.loop.pull();
  }

  /** Whether the loop wants to pull now (exposed for tests and the status line). */
  isActive(): boolean {
    if (this.loop.disposed) {
      return false;
    }
    if (isBusy(this.status)) {
      return true;
    }
    const since = this.options.timers.now() - this.pokedAt;
    return (
      since < this.options.windowMs ||
      (this.sinceInput() < this.options.patienceMs && !this.options.settled())
    );
  }

  /** Time since the last input or the end of the last job. */
  private sinceInput(): number {
    const now = this.options.timers.now();
    return Math.min(now - this.pokedAt, now - this.endedAt);
  }

  dispose(): void {
    this.loop.dispose();
  }

  private schedule(): void {
    this.loop.schedule();
  }
}
