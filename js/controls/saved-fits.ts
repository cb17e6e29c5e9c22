/**
 * Without a kernel, the kernel-width, K, selection and class controls refit only from the
 * saved fits (meta.offline). What they cannot reach must not move only to snap back: with no
 * fits saved (a notebook saved before its widget's fits were ready) none of them can act; with
 * the fits of some classes only (more than ten classes: the explained ones), the class select
 * offers those alone. Each control off says why, beside it.
 */

import type { Meta } from "../contract/meta";

export interface SavedFitLimits {
  /** Why no fit control can act (no saved fits: `meta.offline.reason`); null when they can. */
  fits: string | null;
  /** The classes the select may offer; null: every class. */
  labels: readonly number[] | null;
  /** Why the other classes cannot be shown; null when every class can. */
  otherLabels: string | null;
}

const quoted = (name: string): string => `"${name}"`;

/** A list in words: "a", "a and b", "a, b and c". */
function inWords(items: readonly string[]): string {
  return items.length < 2
    ? (items[0] ?? "")
    : `${items.slice(0, -1).join(", ")} and ${items[items.length - 1]}`;
}

export function savedFitLimits(meta: Meta): SavedFitLimits {
  const offline = meta.offline;
  if (offline === null) {
    return { fits: null, labels: null, otherLabels: null };
  }
  if ((offline.widths ?? []).length === 0) {
    return { fits: offline.reason, labels: null, otherLabels: null };
  }
  const held = (offline.labels ?? []).filter((i) => i < meta.class_names.length);
  if (meta.mode === "regression" || held.length === 0 || held.length >= meta.class_names.length) {
    return { fits: null, labels: null, otherLabels: null };
  }
  const names = held.map((i) => quoted(meta.class_names[i] ?? String(i)));
  const otherLabels =
    held.length === 1
      ? `Without a kernel, only the class ${inWords(names)} can be shown: the saved fits hold no other class.`
      : `Without a kernel, only the classes with saved fits can be shown: ${inWords(names)}.`;
  return { fits: null, labels: held, otherLabels };
}
