/**
 * The parameter controls: kernel width (log scale, with the default marked and a reset
 * button and, under it, a slot for the effective-sample readout), sample count (with the
 * Until stable button), number of features K, explained class and feature-selection
 * method. Native inputs with <label>s, so they are keyboard operable. The printed value
 * follows the thumb at once; rate limiting writes to the kernel is the widget's job.
 * Controls never claim what does not hold: K is disabled, with its reason, while feature
 * selection "none" uses every feature; Until stable is disabled at its cap; after a failed
 * job, a control asking for something other than the fit on screen is marked stale.
 * Without a kernel, the kernel-width and K sliders step through the settings that have saved
 * fits (meta.offline): the thumb never rests on a value whose fit the page cannot show; what
 * the saved fits cannot serve at all is off, with its reason (saved-fits.ts).
 */

import type { Meta } from "../contract/meta";
import { FEATURE_SELECTIONS, type Params } from "../contract/params";
import { cls, html, type Ids, listen } from "../util/dom";
import { formatCount, formatNumber, formatShort } from "../util/format";
import { type Control, controlNote, select, slider } from "./inputs";
import { logScale } from "./log-scale";
import { type SavedFitLimits, savedFitLimits } from "./saved-fits";
import { describeStops, type StopScale, stopScale } from "./stops";

const SELECTION_LABELS: Record<(typeof FEATURE_SELECTIONS)[number], string> = {
  auto: "auto",
  forward_selection: "forward selection",
  highest_weights: "highest weights",
  lasso_path: "lasso path",
  none: "none (all features)",
};

export interface ControlCallbacks {
  /** A value changed by the user; `commit` is true when the gesture ended (release, key up). */
  change<K extends keyof Params>(key: K, value: Params[K], commit: boolean): void;
  /** Any user input on any control (for data-last-input-at). */
  input(): void;
  /** The Until stable button was pressed. */
  untilStable(): void;
}

/** Where Until stable stops when the kernel does not say (its default). */
export const DEFAULT_STABLE_MAX = 10_000;

export function untilStableHelp(maxSamples: number | null): string {
  const cap =
    maxSamples === null
      ? `up to a cap (${formatCount(DEFAULT_STABLE_MAX)} samples by default)`
      : `up to ${formatCount(maxSamples)} samples`;
  return (
    "Grow the sample until the top K features are statistically settled (the K-th and " +
    `(K+1)-th features separated), ${cap}. Every sample drawn so far is reused: the ` +
    "model is asked only about the new rows."
  );
}

export interface Controls {
  readonly el: HTMLElement;
  /** Move a control to a value set elsewhere (Python, or the initial trait values). */
  set<K extends keyof Params>(key: K, value: Params[K]): void;
  /** The kernel is asking the model about new rows: Until stable waits. */
  setBusy(busy: boolean): void;
  /** The Until stable cap the kernel reported (tooltip; the button waits at the cap). */
  setStableMax(maxSamples: number | null): void;
  /**
   * The model failed: `keys` ask for something other than the fit on screen, which rests
   * on `shownSamples` samples ([] clears the marks).
   */
  markStale(keys: readonly (keyof Params)[], shownSamples: number | null): void;
  dispose(): void;
}

export interface ControlSlots {
  /** Shown under the kernel-width slider (the effective-sample readout). */
  kernelWidthNote?: HTMLElement;
}

/** Why K is disabled for a feature-selection method; null when K applies. */
export function kDoesNotApply(method: string, nFeatures: number): string | null {
  return method === "none"
    ? `K does not apply: "none" explains with all ${formatCount(nFeatures)} features`
    : null;
}

/** Until stable's tooltip, and whether it can add samples at `samples`. */
export function untilStableState(
  samples: number,
  maxSamples: number | null,
): { help: string; atCap: boolean } {
  const atCap = maxSamples !== null && samples >= maxSamples;
  return atCap
    ? {
        help: `Already at Until stable's cap (${formatCount(maxSamples)} samples): it cannot add samples.`,
        atCap,
      }
    : { help: untilStableHelp(maxSamples), atCap };
}

/** `ids` makes the ids that link each <label> to its input (the view's, see createIds). */
export function createControls(
  meta: Meta,
  initial: Params,
  callbacks: ControlCallbacks,
  ids: Ids,
  slots: ControlSlots = {},
): Controls {
  const el = html("div", cls("controls"));
  const width = widthScale(meta);
  // Without a kernel, K steps through the values that have saved fits.
  const savedKs = meta.offline?.ks ?? [];
  const kScale = savedKs.length > 0 ? stopScale(savedKs, false) : null;
  const reset = html(
    "button",
    cls("button", "reset"),
    {
      type: "button",
      "data-testid": "lw-reset-width",
      title: `Back to the default kernel width (${formatNumber(meta.kernel_width_default)})`,
    },
    "reset",
  );
  const untilStable = html(
    "button",
    cls("button", "until-stable"),
    { type: "button", "data-testid": "lw-until-stable", title: untilStableHelp(null) },
    "Until stable",
  );
  const identity = (v: number): number => v;
  let samples = initial.num_samples;
  let stableMax: number | null = null;
  let busy = false;
  const kNote = controlNote("k-note", "lw-k-note");
  // Without a kernel (a saved page) nothing can ask the model: samples and Until stable are
  // off; nor can the fit controls act beyond the saved fits (with none, that note says so).
  const offline = meta.offline?.reason ?? null;
  const limits = savedFitLimits(meta);
  const offlineNote = controlNote("offline-note", "lw-offline-note");
  const labelNote = controlNote("label-note", "lw-label-note");
  const showStable = (): void => {
    const { help, atCap } = untilStableState(samples, stableMax);
    untilStable.disabled = busy || atCap || offline !== null;
    untilStable.title = offline ?? help;
  };
  // Feature selection and the sample count change what the other controls can claim.
  const watched: ControlCallbacks = {
    ...callbacks,
    change(key, value, commit) {
      noteValue(key, value);
      callbacks.change(key, value, commit);
    },
  };

  const controls: Record<keyof Params, Control> = {
    kernel_width: slider(
      {
        key: "kernel_width",
        label: "Kernel width",
        help:
          "How local the explanation is: samples farther than about this distance count little. Log scale." +
          width.note,
        testid: "lw-kernel-width",
        min: 0,
        max: width.steps,
        step: 1,
        toPosition: width.toPosition,
        toValue: width.toValue,
        format: (v) => formatNumber(v),
        ticks: width.tick === null ? [] : [width.tick],
        extra: reset,
      },
      callbacks,
      ids,
    ),
    num_samples: slider(
      {
        key: "num_samples",
        label: "Samples",
        help: "Perturbed samples the model is asked about. Raising it asks only about the new rows.",
        testid: "lw-num-samples",
        min: meta.samples_min,
        max: meta.samples_max,
        step: meta.samples_step,
        toPosition: identity,
        toValue: identity,
        format: formatCount,
        extra: untilStable,
      },
      watched,
      ids,
    ),
    num_features: slider(
      {
        key: "num_features",
        label: "Features K",
        help:
          "How many features the explanation uses." +
          (kScale === null
            ? ""
            : ` Without a kernel, it steps through the K values with saved fits: ${describeStops(savedKs)}.`),
        testid: "lw-num-features",
        min: kScale === null ? 1 : 0,
        max: kScale?.steps ?? meta.n_features,
        step: 1,
        toPosition: kScale?.toPosition ?? identity,
        toValue: kScale?.toValue ?? identity,
        format: formatCount,
      },
      callbacks,
      ids,
    ),
    label: select(
      "label",
      "Class",
      "lw-label",
      meta.class_names.map((name, i) => {
        const p = meta.predict_proba[i];
        return [String(i), p === undefined ? name : `${name} (${formatShort(p)})`];
      }),
      callbacks,
      ids,
    ),
    feature_selection: select(
      "feature_selection",
      "Feature selection",
      "lw-feature-selection",
      FEATURE_SELECTIONS.map((method) => [method, SELECTION_LABELS[method]]),
      watched,
      ids,
    ),
  };
  function noteValue(key: keyof Params, value: number | string): void {
    if (key === "num_samples") {
      samples = Number(value);
      showStable();
    } else if (key === "feature_selection") {
      const reason = kDoesNotApply(String(value), meta.n_features);
      controls.num_features.setOff(limits.fits ?? reason);
      kNote.say(limits.fits === null ? reason : null);
    }
  }
  // One output, nothing to choose.
  controls.label.row.hidden = meta.mode === "regression";

  const offReset = listen(reset, "click", () => {
    callbacks.input();
    controls.kernel_width.set(meta.kernel_width_default);
    callbacks.change("kernel_width", meta.kernel_width_default, true);
  });
  const offStable = listen(untilStable, "click", () => {
    callbacks.input();
    callbacks.untilStable();
  });

  for (const control of Object.values(controls)) {
    el.append(control.row);
    if (control === controls.kernel_width && slots.kernelWidthNote !== undefined) {
      slots.kernelWidthNote.classList.add(cls("control-note"));
      el.append(slots.kernelWidthNote);
    }
    if (control === controls.num_features) {
      el.append(kNote.el);
    }
    if (control === controls.num_samples) {
      el.append(offlineNote.el);
    }
    if (control === controls.label) {
      el.append(labelNote.el);
    }
  }
  offlineNote.say(offline);
  controls.num_samples.setOff(offline);
  controls.kernel_width.setOff(limits.fits);
  reset.disabled = limits.fits !== null;
  reset.title = limits.fits ?? reset.title;
  controls.feature_selection.setOff(limits.fits);
  offerLabels(controls.label, limits);
  labelNote.say(limits.otherLabels);
  for (const key of Object.keys(initial) as (keyof Params)[]) {
    controls[key].set(initial[key]);
    noteValue(key, initial[key]);
  }

  return {
    el,
    set(key, value) {
      controls[key].set(value);
      noteValue(key, value);
    },
    setBusy(value) {
      busy = value;
      showStable();
    },
    setStableMax(maxSamples) {
      stableMax = maxSamples;
      showStable();
    },
    markStale(keys, shownSamples) {
      for (const [key, control] of Object.entries(controls) as [keyof Params, Control][]) {
        const shown =
          key === "num_samples" && shownSamples !== null
            ? `the fit on ${formatCount(shownSamples)} samples`
            : "the last good fit";
        control.setStale(
          keys.includes(key) ? `Asked for, but the model failed: the chart shows ${shown}.` : null,
        );
      }
    },
    dispose() {
      offReset();
      offStable();
      for (const control of Object.values(controls)) {
        control.dispose();
      }
    },
  };
}

/**
 * Without a kernel, the class select offers the classes with saved fits: the others' options
 * are off, and the select itself when it has nothing else to offer (or no fits at all).
 */
function offerLabels(control: Control, limits: SavedFitLimits): void {
  const held = limits.labels;
  for (const option of control.input.querySelectorAll("option")) {
    option.disabled = held !== null && !held.includes(Number(option.getAttribute("value")));
  }
  control.setOff(limits.fits ?? (held !== null && held.length < 2 ? limits.otherLabels : null));
}

/**
 * The kernel-width slider's scale: log over the kernel's range or, without a kernel, the
 * widths with saved fits (the thumb rests only where the page can show the fit). `tick`
 * marks the default width; `note` tells the tooltip which of the two it is.
 */
function widthScale(meta: Meta): StopScale & { tick: number | null; note: string } {
  const saved = meta.offline?.widths ?? [];
  const defaultWidth = meta.kernel_width_default;
  if (saved.length > 0) {
    const scale = stopScale(saved, true);
    return {
      ...scale,
      tick: saved.includes(defaultWidth) ? scale.toPosition(defaultWidth) : null,
      note: ` Without a kernel, it steps through the ${saved.length} kernel widths with saved fits.`,
    };
  }
  const scale = logScale(meta.kernel_width_min, meta.kernel_width_max, 200, defaultWidth);
  return { ...scale, tick: scale.anchorPosition, note: "" };
}
