/**
 * A saved gallery's stand-in for the kernel: the traits the gallery reads and writes, kept
 * in the page, and replies to its pulls and thumbnail requests from the embedded data — as
 * the kernel would, a tick later. Nothing leaves the page.
 */

import { record, string } from "../contract/parse";
import type { GallerySource } from "./app";

export interface GalleryPageData {
  meta: unknown;
  cards: unknown[];
  thumbs: Record<string, unknown>;
  progress: unknown;
  reason: string;
}

export function parseGalleryPage(raw: unknown): GalleryPageData {
  const r = record(raw, "page");
  const cards = Array.isArray(r.cards) ? r.cards : [];
  const thumbs = r.thumbs !== null && typeof r.thumbs === "object" ? r.thumbs : {};
  return {
    meta: r.meta,
    cards,
    thumbs: thumbs as Record<string, unknown>,
    progress: r.progress,
    reason: string(r.reason ?? "", "page.reason"),
  };
}

type Callback = (...args: never[]) => void;

function seqOf(card: unknown): number {
  const seq = (card as { seq?: unknown } | null)?.seq;
  return typeof seq === "number" ? seq : 0;
}

export function pageSource(data: GalleryPageData): GallerySource {
  const traits = new Map<string, unknown>([
    ["meta", data.meta],
    ["progress", data.progress],
    ["opened", -1],
    ["filter_pred", -1],
    ["filter_true", -1],
    ["sort_by", "row"],
  ]);
  const listeners = new Map<string, Set<Callback>>();
  const last = data.cards.reduce<number>((max, card) => Math.max(max, seqOf(card)), 0);
  const emit = (event: string, ...args: unknown[]): void => {
    for (const callback of listeners.get(event) ?? []) {
      (callback as (...a: unknown[]) => void)(...args);
    }
  };
  const reply = (content: unknown): void => {
    setTimeout(() => emit("msg:custom", content, []), 0);
  };
  return {
    get: (name) => traits.get(name),
    set(name, value) {
      if (traits.get(name) !== value) {
        traits.set(name, value);
        emit(`change:${name}`);
      }
    },
    save_changes() {},
    send(content) {
      const message = content as { type?: unknown; since?: unknown; rows?: unknown };
      if (message.type === "pull") {
        const since = typeof message.since === "number" ? message.since : 0;
        reply({
          type: "cards",
          reply: true,
          from: since,
          to: last,
          cards: data.cards.filter((card) => seqOf(card) > since),
          meta: data.meta,
          progress: data.progress,
        });
      } else if (message.type === "thumbs" && Array.isArray(message.rows)) {
        const thumbs: Record<string, unknown> = {};
        for (const row of message.rows) {
          const thumb = data.thumbs[String(row)];
          if (thumb !== undefined) {
            thumbs[String(row)] = thumb;
          }
        }
        reply({ type: "thumbs", thumbs });
      }
    },
    on(event, callback) {
      const set = listeners.get(event) ?? new Set<Callback>();
      set.add(callback);
      listeners.set(event, set);
    },
    off(event, callback) {
      listeners.get(event)?.delete(callback);
    },
  };
}
