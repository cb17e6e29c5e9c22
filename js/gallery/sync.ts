/**
 * Receiving cards, as sync/sync.ts receives states: by push (`{type: "cards"}` sent from the
 * kernel's worker thread) and by pull (`{type: "pull", since}` answered from the kernel's
 * own thread), since Colab drops what a thread sends. While the run, the assessment or the
 * opening of a card is under way — or just after the user did something — the page pulls
 * every ~250 ms the changes after the last one it has. Either route may repeat changes;
 * cards carry their change number, so applying one twice does nothing.
 */

import { PullLoop } from "../sync/pull-loop";
import { browserTimers, type Timers } from "../sync/throttle";
import {
  type Card,
  type GalleryMeta,
  type Progress,
  parseCard,
  parseGalleryMeta,
  parseProgress,
} from "./card";

export interface GallerySyncOptions {
  send(message: { type: "pull"; since: number }): void;
  cards(cards: Card[]): void;
  meta(meta: GalleryMeta): void;
  progress(progress: Progress): void;
  /** A part of a message could not be read (the rest is still applied). */
  reject(message: string): void;
  intervalMs?: number;
  windowMs?: number;
  replyTimeoutMs?: number;
  timers?: Timers;
}

/** Whether the kernel is still producing: running, assessing or opening a card. */
export function isBusy(progress: Progress | null): boolean {
  return (
    progress !== null &&
    (progress.status === "running" || progress.assessing > 0 || progress.opening >= 0)
  );
}

export class GallerySync {
  /** Every change up to this number has been applied. */
  have = 0;
  private busy = false;
  private pokedAt = Number.NEGATIVE_INFINITY;
  private readonly o: Required<GallerySyncOptions>;
  private readonly loop: PullLoop;

  constructor(options: GallerySyncOptions) {
    this.o = {
      intervalMs: 250,
      windowMs: 1500,
      replyTimeoutMs: 2000,
      timers: browserTimers,
      ...options,
    };
    this.loop = new PullLoop({
      send: () => this.o.send({ type: "pull", since: this.have }),
      active: () => this.isActive(),
      interval: () => this.o.intervalMs,
      replyTimeoutMs: this.o.replyTimeoutMs,
      timers: this.o.timers,
    });
  }

  /**
   * A custom message from either route (a pull's reply says `reply: true`); returns whether
   * it was a cards message.
   */
  receive(raw: unknown): boolean {
    const m = raw as { type?: unknown } | null;
    if (m === null || typeof m !== "object" || m.type !== "cards") {
      return false;
    }
    const message = raw as Record<string, unknown>;
    if (message.reply === true) {
      this.loop.replied();
    }
    const meta = parseGalleryMeta(message.meta);
    if (meta.ok) {
      this.o.meta(meta.value);
    }
    const cards: Card[] = [];
    for (const [i, item] of (Array.isArray(message.cards) ? message.cards : []).entries()) {
      const parsed = parseCard(item, `cards[${i}]`);
      if (parsed.ok) {
        cards.push(parsed.value);
      } else {
        this.o.reject(parsed.message);
      }
    }
    this.o.cards(cards);
    const from = Number(message.from);
    const to = Number(message.to);
    if (Number.isInteger(from) && Number.isInteger(to) && from <= this.have) {
      this.have = Math.max(this.have, to);
    }
    this.applyProgress(message.progress);
    return true;
  }

  /** The `progress` trait changed (a push): pull at once if there is news. */
  applyProgress(raw: unknown): void {
    const parsed = parseProgress(raw);
    if (!parsed.ok) {
      return;
    }
    this.busy = isBusy(parsed.value);
    this.o.progress(parsed.value);
    if (parsed.value.seq > this.have) {
      this.loop.pull();
    }
    this.loop.schedule();
  }

  /** The user did something (opened a card, cancelled): pull for a while. */
  poke(): void {
    this.pokedAt = this.o.timers.now();
    this.loop.schedule();
  }

  /** Ask for everything at once and keep pulling while there is work. */
  start(): void {
    this.poke();
    this.loop.pull();
  }

  isActive(): boolean {
    return (
      !this.loop.disposed && (this.busy || this.o.timers.now() - this.pokedAt < this.o.windowMs)
    );
  }

  dispose(): void {
    this.loop.dispose();
  }
}
