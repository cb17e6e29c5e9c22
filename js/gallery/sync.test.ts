import { describe, expect, it } from "vitest";
import type { Card, Progress } from "./card";
import { GallerySync, isBusy } from "./sync";
import { card } from "./testing";

class FakeTimers {
  time = 0;
  private queue: { at: number; fn: () => void; id: number }[] = [];
  private next = 1;
  now = (): number => this.time;
  setTimeout = (fn: () => void, ms: number): unknown => {
    const id = this.next++;
    this.queue.push({ at: this.time + ms, fn, id });
    return id;
  };
  clearTimeout = (id: unknown): void => {
    this.queue = this.queue.filter((t) => t.id !== id);
  };
  advance(ms: number): void {
    const end = this.time + ms;
    for (;;) {
      this.queue.sort((a, b) => a.at - b.at);
      const first = this.queue[0];
      if (first === undefined || first.at > end) {
        break;
      }
      this.queue.shift();
      this.time = first.at;
      first.fn();
    }
    this.time = end;
  }
}

function progress(over: Partial<Progress> = {}): Progress {
  return {
    status: "running",
    done: 1,
    total: 4,
    assessing: 0,
    error: null,
    opening: -1,
    open_error: null,
    seq: 1,
    ...over,
  };
}

function setup() {
  const timers = new FakeTimers();
  const sent: number[] = [];
  const applied: Card[] = [];
  const sync = new GallerySync({
    send: (m) => sent.push(m.since),
    cards: (cards) => applied.push(...cards),
    meta: () => {},
    progress: () => {},
    reject: () => {},
    timers,
  });
  return { timers, sent, applied, sync };
}

const message = (from: number, to: number, cards: Card[], p: Progress, reply = false) => ({
  type: "cards",
  from,
  to,
  cards,
  meta: { kind: "tabular", mode: "classification", class_names: ["a", "b"], total: 4 },
  progress: p,
  reply,
});

describe("GallerySync", () => {
  it("pulls at once, then every 250 ms while the run goes on, then stops", () => {
    const { timers, sent, sync } = setup();
    sync.start();
    expect(sent).toEqual([0]);
    sync.receive(
      message(0, 2, [card(0, { seq: 1 }), card(1, { seq: 2 })], progress({ seq: 2 }), true),
    );
    timers.advance(250);
    expect(sent).toEqual([0, 2]); // asks only for what came after change 2
    sync.receive(message(2, 5, [card(2, { seq: 5 })], progress({ seq: 5, status: "done" }), true));
    timers.advance(5000);
    expect(sent.length).toBeLessThanOrEqual(4); // the poke window ends; idle: no more pulls
    const settled = sent.length;
    timers.advance(5000);
    expect(sent.length).toBe(settled);
  });

  it("lets pulls alone deliver every card (pushes lost, as on Colab)", () => {
    const { timers, sent, applied, sync } = setup();
    sync.start();
    let seq = 0;
    for (let row = 0; row < 4; row++) {
      const since = sent.at(-1) ?? 0;
      seq += 1;
      sync.receive(
        message(since, seq, [card(row, { seq })], progress({ seq, done: row + 1 }), true),
      );
      timers.advance(250);
    }
    expect(applied.map((c) => c.row)).toEqual([0, 1, 2, 3]);
    expect(sync.have).toBe(4);
  });

  it("does not skip changes a push covers only in part", () => {
    const { sync } = setup();
    sync.receive(message(0, 3, [], progress({ seq: 3 })));
    expect(sync.have).toBe(3);
    sync.receive(message(5, 8, [], progress({ seq: 8 }))); // 4 and 5 were lost
    expect(sync.have).toBe(3);
    sync.receive(message(3, 8, [], progress({ seq: 8 }), true));
    expect(sync.have).toBe(8);
  });

  it("keeps one pull in flight, and pulls at once when a push says there is news", () => {
    const { sent, sync } = setup();
    sync.start();
    sync.poke();
    expect(sent).toEqual([0]);
    sync.receive(message(0, 1, [card(0)], progress({ seq: 1 }), true));
    sync.applyProgress(progress({ seq: 4 }));
    expect(sent).toEqual([0, 1]);
  });

  it("is busy while running, assessing or opening a card", () => {
    expect(isBusy(progress())).toBe(true);
    expect(isBusy(progress({ status: "done" }))).toBe(false);
    expect(isBusy(progress({ status: "done", assessing: 2 }))).toBe(true);
    expect(isBusy(progress({ status: "ready", opening: 3 }))).toBe(true);
    expect(isBusy(null)).toBe(false);
  });

  it("ignores other messages and drops a bad card without losing the others", () => {
    const rejected: string[] = [];
    const applied: Card[] = [];
    const sync = new GallerySync({
      send: () => {},
      cards: (c) => applied.push(...c),
      meta: () => {},
      progress: () => {},
      reject: (m) => rejected.push(m),
      timers: new FakeTimers(),
    });
    expect(sync.receive({ type: "thumbs", thumbs: {} })).toBe(false);
    const bad = { ...card(1), features: "none" };
    expect(sync.receive(message(0, 2, [card(0), bad as unknown as Card], progress()))).toBe(true);
    expect(applied.map((c) => c.row)).toEqual([0]);
    expect(rejected[0]).toContain("cards[1].features");
  });
});
