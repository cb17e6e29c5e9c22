/**
 * The native inputs behind the controls: a labelled range slider with its printed value
 * (and an optional button or tick list) and a labelled select. While the user drags, values
 * set from elsewhere wait, so the thumb never fights the pointer. A control that cannot act
 * is switched off with its reason (`setOff`), shown beside it in a note (`controlNote`).
 */

import type { Params } from "../contract/params";
import { cls, html, type Ids, listen, setText } from "../util/dom";

/** After the user touches a slider, updates from the kernel wait this long (no tug of war). */
const QUIET_MS = 400;

/** What the inputs report: a value changed by the user, and any input at all. */
export interface InputCallbacks {
  /** A value changed by the user; `commit` is true when the gesture ended (release, key up). */
  change<K extends keyof Params>(key: K, value: Params[K], commit: boolean): void;
  /** Any user input on any control (for data-last-input-at). */
  input(): void;
}

export interface Control {
  row: HTMLElement;
  /** The range or select element. */
  input: HTMLInputElement | HTMLSelectElement;
  set(value: number | string): void;
  /** Mark the value as asked-for but not what is shown (null: clear). */
  setStale(note: string | null): void;
  /** The control cannot act: disabled and greyed, `reason` as its tooltip (null: on again). */
  setOff(reason: string | null): void;
  dispose(): void;
}

/** A line under a control saying why it (or its neighbours) cannot act; hidden when null. */
export interface ControlNote {
  readonly el: HTMLElement;
  say(text: string | null): void;
}

export function controlNote(name: string, testid: string): ControlNote {
  const el = html("div", cls("control-note", name), { "data-testid": testid });
  el.hidden = true;
  return {
    el,
    say(text) {
      el.hidden = text === null;
      setText(el, text ?? "");
    },
  };
}

/** Disable and grey out a control's input and row (false: enable them again). */
function switchOff(row: HTMLElement, input: HTMLInputElement | HTMLSelectElement, off: boolean) {
  input.disabled = off;
  row.classList.toggle(cls("control--off"), off);
}

export interface SliderSpec {
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

export function slider(spec: SliderSpec, callbacks: InputCallbacks, ids: Ids): Control {
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
    // The value printed, unrounded: tests compare it with the setting of the fit shown.
    input.setAttribute("data-value", String(value));
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
    input,
    setStale(note) {
      markStale(output, note);
    },
    setOff(reason) {
      switchOff(row, input, reason !== null);
      // An empty title would hide the row's help from the slider: none at all lets it through.
      if (reason === null) {
        input.removeAttribute("title");
      } else {
        input.title = reason;
      }
    },
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

export function select(
  key: "label" | "feature_selection",
  text: string,
  testid: string,
  options: [value: string, text: string][],
  callbacks: InputCallbacks,
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

  // The select's tooltip: why its value is stale, else why it is off.
  let offReason: string | null = null;
  let staleNote: string | null = null;
  return {
    row,
    input,
    set(value) {
      input.value = String(value);
    },
    setStale(note) {
      staleNote = note;
      markStale(input, note);
      input.title = note ?? offReason ?? "";
    },
    setOff(reason) {
      offReason = reason;
      switchOff(row, input, reason !== null);
      input.title = staleNote ?? reason ?? "";
    },
    dispose: off,
  };
}

/** A stale value is struck through, with the reason as its tooltip. */
function markStale(el: HTMLElement, note: string | null): void {
  el.classList.toggle(cls("stale"), note !== null);
  el.setAttribute("data-stale", String(note !== null));
  el.title = note ?? "";
}
