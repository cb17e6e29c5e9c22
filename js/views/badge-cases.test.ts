/**
 * The badge's word on tests/badge_cases.json, the cases tests/test_badge.py runs the kernel's
 * rule on (lime_widget/explanation/_badge.py): the page's own rule (`trustWords` over the
 * real parsers, with no `badge_words` sent) says the same word in every case, and a word the
 * kernel sends is shown as sent.
 */
import { describe, expect, it } from "vitest";
import { type Meta, parseMeta } from "../contract/meta";
import { parseState } from "../contract/state";
import { diagnostics, state, tabularMeta } from "../contract/testing";
import type { Shown } from "../view-model/shown";
import { badgeWords, trustWords, UNRELIABLE } from "./stability";

// The module name is built so that tsc wants no Node types for it (as styles.test.ts).
const fs = (await import(["node", "fs"].join(":"))) as {
  readFileSync(path: URL, encoding: "utf8"): string;
};

interface BadgeCase {
  name: string;
  mode: "classification" | "regression";
  predict_proba: number[];
  feature_selection: string;
  explanation: Record<string, unknown>;
  diagnostics: Record<string, unknown>;
  badge_words: string;
}

const CASES = (
  JSON.parse(fs.readFileSync(new URL("../../tests/badge_cases.json", import.meta.url), "utf8")) as {
    cases: BadgeCase[];
  }
).cases;

function metaOf(c: BadgeCase): Meta {
  const classes = c.mode === "regression" ? ["value"] : c.predict_proba.map((_, i) => `c${i}`);
  const parsed = parseMeta({
    ...tabularMeta(),
    mode: c.mode,
    class_names: classes,
    predict_proba: c.predict_proba,
  });
  if (!parsed.ok) {
    throw new Error(`${c.name}: ${parsed.message}`);
  }
  return parsed.value;
}

/** What the view draws for case `c`, as the page reads it from the kernel's state. */
function shownOf(c: BadgeCase, sent: string | null): Shown {
  const base = state(1);
  const params = {
    ...(base.params as Record<string, unknown>),
    feature_selection: c.feature_selection,
  };
  const extra = sent === null ? {} : { badge_words: sent };
  const parsed = parseState(
    state(1, {
      params,
      explanation: c.explanation,
      diagnostics: diagnostics({ ...c.diagnostics, ...extra, params }),
    }),
  );
  if (!parsed.ok || parsed.value.explanation === null || parsed.value.diagnostics === null) {
    throw new Error(`${c.name}: the case must give an explanation and fresh diagnostics`);
  }
  const { explanation, diagnostics: d } = parsed.value;
  return { explanation, params: parsed.value.params, diagnostics: d };
}

describe("the badge's word: the page's rule and the kernel's agree (tests/badge_cases.json)", () => {
  it("holds the cases that matter", () => {
    const words = new Set(CASES.map((c) => c.badge_words));
    expect(words).toEqual(new Set(["stable", "mostly stable", "shaky", "unstable", UNRELIABLE]));
    expect(CASES.some((c) => c.mode === "regression")).toBe(true);
    expect(CASES.some((c) => c.feature_selection === "none")).toBe(true);
  });

  it.each(CASES.map((c) => [c.name, c] as const))("%s", (_, c) => {
    const decided = trustWords(metaOf(c), shownOf(c, null));
    expect(shownOf(c, null).diagnostics?.badge_words).toBeNull();
    expect(decided.words).toBe(c.badge_words);
    expect(decided.badge.split(" · ")[0]).toBe(c.badge_words);
    // sent by the kernel: the same word, badge and help
    expect(trustWords(metaOf(c), shownOf(c, c.badge_words))).toEqual(decided);
  });
});

describe("a word the kernel sends is shown, not re-decided", () => {
  const c = CASES.find((x) => x.name === "no signal");
  if (c === undefined) {
    throw new Error("tests/badge_cases.json must hold the 'no signal' case");
  }

  it("shows the kernel's word over the page's own verdict", () => {
    expect(trustWords(metaOf(c), shownOf(c, null)).words).toBe(UNRELIABLE);
    const sent = trustWords(metaOf(c), shownOf(c, "shaky"));
    expect(sent.words).toBe("shaky");
    expect(sent.badge).toBe("shaky · 0.95");
    expect(sent.tone).toBe("negative");
  });

  it("explains an unreliable badge by the reason the page can see", () => {
    const flat = trustWords(metaOf(c), shownOf(c, UNRELIABLE));
    expect(flat.help).toMatch(/^Every weight is negligible/);
    const few = CASES.find((x) => x.name === "too few effective samples");
    expect(few).toBeDefined();
    if (few !== undefined) {
      expect(trustWords(metaOf(few), shownOf(few, UNRELIABLE)).help).toMatch(
        /^Too few effective samples/,
      );
    }
  });

  it("is the same rule where no kernel sent a word", () => {
    expect(badgeWords("stable", false, null, false)).toBe("mostly stable");
    expect(badgeWords("stable", false, null, null)).toBe("stable");
    expect(badgeWords("stable", true, null, true)).toBe(UNRELIABLE);
    expect(badgeWords("shaky", false, "few", false)).toBe(UNRELIABLE);
  });
});
