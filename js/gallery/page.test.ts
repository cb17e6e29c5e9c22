import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { pageSource, parseGalleryPage } from "./page";
import { card } from "./testing";

const DATA = parseGalleryPage({
  meta: { kind: "image", mode: "classification", class_names: ["a", "b"], total: 3 },
  cards: [card(0, { seq: 1 }), card(1, { seq: 4 }), card(2, { seq: 2 })],
  thumbs: { "1": { width: 2, height: 2, image: "AA==", slots: "AA==" } },
  progress: { status: "ready", done: 3, total: 3, assessing: 0, error: null, opening: -1 },
  reason: "saved",
});

describe("a saved gallery's stand-in for the kernel", () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("answers a pull with the cards changed since, a tick later, as the kernel would", () => {
    const source = pageSource(DATA);
    const replies: Record<string, unknown>[] = [];
    source.on("msg:custom", ((m: Record<string, unknown>) => replies.push(m)) as never);
    source.send({ type: "pull", since: 1 });
    expect(replies).toEqual([]);
    vi.runAllTimers();
    expect(replies[0]).toMatchObject({ type: "cards", reply: true, from: 1, to: 4 });
    const cards = (replies[0]?.cards ?? []) as { row: number }[];
    expect(cards.map((c) => c.row)).toEqual([1, 2]);
  });

  it("answers thumbnail requests from the page's data only", () => {
    const source = pageSource(DATA);
    const replies: Record<string, unknown>[] = [];
    source.on("msg:custom", ((m: Record<string, unknown>) => replies.push(m)) as never);
    source.send({ type: "thumbs", rows: [0, 1] });
    vi.runAllTimers();
    expect(Object.keys(replies[0]?.thumbs as object)).toEqual(["1"]);
  });

  it("keeps the traits the gallery writes, and says when one changes", () => {
    const source = pageSource(DATA);
    const changed: string[] = [];
    source.on("change:opened", (() => changed.push("opened")) as never);
    expect(source.get("opened")).toBe(-1);
    source.set("opened", 2);
    source.set("opened", 2);
    expect(source.get("opened")).toBe(2);
    expect(changed).toEqual(["opened"]);
    expect(source.get("sort_by")).toBe("row");
  });
});
