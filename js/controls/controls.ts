/**
 * The parameter controls: kernel width (log scale, with the default marked and a reset
 * button and, under it, a slot for the effective-sample readout), sample count (with the
 * Until stable button), number of features K, explained class and feature-selection
 * method. Native inputs with <label>s, so they are keyboard operable. The printed value
 * follows the thumb at once; rate limiting writes to the kernel is the widget's job.
 */

import type { Meta } from "../contract/meta";
import { FEATURE_SELECTIONS, type Params } from "../contract/params";
import { cls, html, type Ids, listen, setText } from "../util/dom";
import { formatCount, formatNumber, formatShort } from "../util/format";
import { logScale } from "./log-scale";

/** After the user touches a slider, updates from the kernel wait this long (no tug of war). */
const QUIET_MS = 400;

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
  /** The Until stable cap the kernel reported (for the button's tooltip). */
  setStableMax(maxSamples: number | null): void;
  dispose(): void;
}

export interface ControlSlots {
  /** Shown under the kernel-width slider (the effective-sample readout). */
  kernelWidthNote?: HTMLElement;
}

interface Control {
  row: HTMLElement;
  set(value: number | string): void;
  dispose(): void;
}

interface SliderSpec {
  key: "kernel_width" | "num_samples" | "num_features";
  label: string;
  help: string;
  testid: string;
  min: number;
  max: number;
  step: number;
  toPosition(value: number): number;
  toValue(position: number): number;
  format(value: number): string;
  /** Slider positions to mark with a tick (the default kernel width). */
  ticks?: number[];
  extra?: HTMLElement;
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
  const width = logScale(
    meta.kernel_width_min,
    meta.kernel_width_max,
    200,
    meta.kernel_width_default,
  );
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

  const controls: Record<keyof Params, Control> = {
    kernel_width: slider(
      {
        key: "kernel_width",
        label: "Kernel width",
        help: "How local the explanation is: samples farther than about this distance count little. Log scale.",
        testid: "lw-kernel-width",
        min: 0,
        max: width.steps,
        step: 1,
        toPosition: width.toPosition,
        toValue: width.toValue,
        format: (v) => formatNumber(v),
        ticks: width.anchorPosition === null ? [] : [width.anchorPosition],
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
      callbacks,
      ids,
    ),
    num_features: slider(
      {
        key: "num_features",
        label: "Features K",
        help: "How many features the explanation uses.",
        testid: "lw-num-features",
        min: 1,
        max: meta.n_features,
        step: 1,
        toPosition: identity,
        toValue: identity,
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
      callbacks,
      ids,
    ),
  };
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
  }
  for (const key of Object.keys(initial) as (keyof Params)[]) {
    controls[key].set(initial[key]);
  }

  return {
    el,
    set(key, value) {
      controls[key].set(value);
    },
    setBusy(busy) {
      untilStable.disabled = busy;
    },
    setStableMax(maxSamples) {
      untilStable.title = untilStableHelp(maxSamples);
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

function slider(spec: SliderSpec, callbacks: ControlCallbacks, ids: Ids): Control {
  const id = ids(spec.key);
  const row = html("div", cls("control"), { title: spec.help });
  const label = html("label", cls("control-label"), { for: id }, spec.label);
  const input = html("input", cls("range"), {
    id,
    type: "range",
    min: spec.min,
    max: spec.max,
    step: spec.step,
    "data-testid": spec.testid,
  });
  const output = html("output", cls("output"), { for: id });
  row.append(label, input, output);
  if (spec.ticks !== undefined && spec.ticks.length > 0) {
    const list = html("datalist", "", { id: `${id}-ticks` });
    for (const tick of spec.ticks) {
      list.append(html("option", "", { value: tick }));
    }
    input.setAttribute("list", list.id);
    row.append(list);
  }
  row.append(spec.extra ?? html("span", ""));

  let lastInputAt = Number.NEGATIVE_INFINITY;
  let deferred: { value: number } | null = null;
  let timer: ReturnType<typeof setTimeout> | undefined;

  const show = (value: number): void => {
    const text = spec.format(value);
    setText(output, text);
    input.setAttribute("aria-valuetext", text);
  };

  const place = (value: number): void => {
    input.value = String(spec.toPosition(value));
    show(value);
  };

  const applyDeferred = (): void => {
    timer = undefined;
    const wait = lastInputAt + QUIET_MS - performance.now();
    if (wait > 0) {
      timer = setTimeout(applyDeferred, wait);
    } else if (deferred !== null) {
      place(deferred.value);
      deferred = null;
    }
  };

  const onInput = (commit: boolean) => (): void => {
    lastInputAt = performance.now();
    deferred = null;
    const value = spec.toValue(Number(input.value));
    show(value);
    callbacks.input();
    callbacks.change(spec.key, value, commit);
  };
  const offInput = listen(input, "input", onInput(false));
  const offChange = listen(input, "change", onInput(true));

  return {
    row,
    set(value) {
      const v = Number(value);
      if (performance.now() - lastInputAt < QUIET_MS) {
        // The user is dragging: moving the thumb under their pointer would fight them.
        deferred = { value: v };
        if (timer === undefined) {
          timer = setTimeout(applyDeferred, QUIET_MS);
        }
        return;
      }
      place(v);
    },
    dispose() {
      offInput();
      offChange();
      clearTimeout(timer);
    },
  };
}

function select(
  key: "label" | "feature_selection",
  text: string,
  testid: string,
  options: [value: string, text: string][],
  callbacks: ControlCallbacks,
  ids: Ids,
): Control {
  const id = ids(key);
  const row = html("div", cls("control"));
  const label = html("label", cls("control-label"), { for: id }, text);
  const input = html("select", cls("select"), { id, "data-testid": testid });
  for (const [value, optionText] of options) {
    input.append(html("option", "", { value }, optionText));
  }
  row.append(label, input);

  const off = listen(input, "change", () => {
    callbacks.input();
    if (key === "label") {
      callbacks.change("label", Number(input.value), true);
    } else {
      callbacks.change("feature_selection", input.value, true);
    }
  });

  return {
    row,
    set(value) {
      input.value = String(value);
    },
    dispose: off,
  };
}
