/**
 * anywidget entry for LimeWidget: wires the synced traits and custom messages to the views.
 * Controls write parameters (throttled); the kernel answers with `state`, by push or pull
 * (see sync/sync.ts); every applied state redraws the views and stamps data-* attributes on
 * the root that the browser tests and latency benchmarks read. The kernel's diagnostics
 * (how far to trust the fit) feed the chart's whiskers, the stability badge, the
 * effective-sample readout and the kernel-width view; without them those parts wait or stay
 * hidden.
 *
 * The layers below it, each importing only from those before it: util/ (DOM and number
 * helpers), contract/ (the payloads Python sends, and their parsers), view-model/ (what the
 * views draw, derived from them), then sync/, controls/, charts/ and views/, which do not
 * import one another. js/architecture.test.ts checks this.
 */

import type { AnyModel, RenderProps } from "@anywidget/types";
import { createChart } from "./charts/bar-chart";
import { createSweep } from "./charts/sweep-chart";
import type { Explanation } from "./contract/explanation";
import { type Meta, parseMeta } from "./contract/meta";
import { PARAM_KEYS, type Params } from "./contract/params";
import { isUnset, type State } from "./contract/state";
import type { Traits } from "./contract/traits";
import { createControls } from "./controls/controls";
import { createEss } from "./controls/ess";
import { createStatus, isBusy } from "./controls/status";
import { StateSync } from "./sync/sync";
import { type Throttled, throttle } from "./sync/throttle";
import { cls, createIds, html, type Ids, listen, ROOT_CLASS, type View } from "./util/dom";
import { type HeldSweep, holdSweep } from "./view-model/held-sweep";
import type { Shown } from "./view-model/shown";
import { createFidelity } from "./views/fidelity";
import { createImageView } from "./views/image-view";
import { createStability } from "./views/stability";
import { createTabularView } from "./views/tabular-view";
import { createTextView } from "./views/text-view";
import "./widget.css";
import "./diagnostics.css";

type Model = AnyModel<Traits>;

/** At most one write per slider per this many ms while dragging (the last one always lands). */
const WRITE_INTERVAL_MS = 60;

function render({ model, el }: RenderProps<Traits>): () => void {
  const root = html("div", ROOT_CLASS, { "data-testid": "lw-root" });
  el.append(root);
  // Per view, not per module: anywidget evaluates this module afresh for each widget.
  const ids = createIds();
  let dispose: (() => void) | null = null;

  const mount = (): void => {
    dispose?.();
    dispose = null;
    const raw = model.get("meta");
    try {
      const meta = parseMeta(raw);
      if (meta.ok) {
        dispose = mountApp(model, root, meta.value, ids);
        return;
      }
      showFatal(
        root,
        isUnset(raw)
          ? "Waiting for the kernel to describe the explanation…"
          : `lime-widget cannot show this explanation: ${meta.message}`,
      );
    } catch (error) {
      // A bug of ours must still leave a readable message, never a blank cell.
      showFatal(root, `lime-widget failed to start: ${describeError(error)}`);
    }
  };

  mount();
  model.on("change:meta", mount);
  const offKeys = keepKeysInControls(root);
  return () => {
    offKeys();
    model.off("change:meta", mount);
    dispose?.();
    root.remove();
  };
}

/**
 * Keys pressed in our sliders and selects belong to them: JupyterLab's document-level
 * shortcuts would otherwise take arrow keys from a focused slider (command mode).
 */
function keepKeysInControls(root: HTMLElement): () => void {
  return listen(root, "keydown", (event) => {
    const target = event.target;
    if (target instanceof HTMLInputElement || target instanceof HTMLSelectElement) {
      event.stopPropagation();
    }
  });
}

function mountApp(model: Model, root: HTMLElement, meta: Meta, ids: Ids): () => void {
  const stamp = (name: string, value: string | number): void => {
    root.setAttribute(`data-${name}`, String(value));
  };
  const noteInput = (): void => stamp("last-input-at", performance.now());

  const status = createStatus(() => model.send({ type: "cancel" }));
  const stability = createStability();
  const chart = createChart(meta, () => stamp("rendered-at", performance.now()), {
    head: stability.head,
    foot: stability.also,
  });
  const fidelity = createFidelity();
  const ess = createEss();
  const detail = createDetailView(meta, noteInput);
  const views: View<Shown | null>[] = [chart, fidelity];
  const warned = new Set<string>();

  let shown: Shown | null = null;
  let held: HeldSweep | null = null;

  const settled = (): boolean => {
    if (shown?.params == null) {
      return false;
    }
    const asked = readParams(model, meta);
    return PARAM_KEYS.every(
      (key) =>
        (key === "label" && meta.mode === "regression") || shown?.params?.[key] === asked[key],
    );
  };

  const apply = (state: State): void => {
    status.setClientError(null);
    status.update(state);
    const busy = isBusy(state.status);
    controls.setBusy(busy);
    controls.setStableMax(state.stable_max_samples);
    if (state.explanation !== null) {
      // Otherwise (an error, or a fresh start) the last good explanation stays on screen.
      shown = {
        explanation: state.explanation,
        params: state.params,
        diagnostics: state.diagnostics,
      };
      held = holdSweep(held, state.diagnostics);
      for (const view of views) {
        view.update(shown);
      }
      stability.update(shown);
      detail.update(state.explanation);
      const context = {
        held,
        params: shown.params,
        nSamples: shown.explanation.n_samples,
      };
      ess.update({ ...context, diagnostics: shown.diagnostics });
      sweep.update({ ...context, busy });
    }
    noteDiagnostics(state);
    stamp("status", state.status);
    stamp("seq", state.seq);
    const params = shown?.params ?? state.params;
    if (params !== null) {
      for (const key of PARAM_KEYS) {
        stamp(key.replaceAll("_", "-"), params[key]);
      }
    }
  };

  const noteDiagnostics = (state: State): void => {
    stamp("diagnostics", state.diagnostics_status);
    const problem = state.diagnostics_problem;
    // A kernel-side contract bug: say it once in the console, keep drawing without it.
    if (problem !== null && !warned.has(problem)) {
      warned.add(problem);
      console.warn(`lime-widget ignored part of state.diagnostics: ${problem}`);
    }
  };

  const sync = new StateSync({
    send: (message) => model.send(message),
    apply: (state) => {
      try {
        apply(state);
      } catch (error) {
        status.setClientError(`Cannot show this state: ${describeError(error)}`);
      }
    },
    reject: (message) => status.setClientError(`The kernel sent a malformed state: ${message}`),
    settled,
  });

  const writers = {
    kernel_width: writer(model, "kernel_width"),
    num_samples: writer(model, "num_samples"),
    num_features: writer(model, "num_features"),
    feature_selection: writer(model, "feature_selection"),
    label: writer(model, "label"),
  } satisfies { [K in keyof Params]: Throttled<[Params[K]]> };

  const change = <K extends keyof Params>(key: K, value: Params[K], commit: boolean): void => {
    const write = writers[key] as Throttled<[Params[K]]>;
    write(value);
    if (commit) {
      write.flush();
    }
    sync.poke();
  };

  const controls = createControls(
    meta,
    readParams(model, meta),
    {
      input: noteInput,
      change,
      untilStable() {
        model.send({ type: "until_stable" });
        sync.poke();
      },
    },
    ids,
    { kernelWidthNote: ess.el },
  );

  // Arrow keys on the sweep step from the newest asked width, even one still in the throttle.
  let pickedWidth = readParams(model, meta).kernel_width;
  const sweep = createSweep({
    range: [meta.kernel_width_min, meta.kernel_width_max],
    ids,
    asked: () =>
      writers.kernel_width.pending() ? pickedWidth : readParams(model, meta).kernel_width,
    pick(width, commit) {
      pickedWidth = width;
      noteInput();
      change("kernel_width", width, commit);
    },
  });

  root.replaceChildren(
    controls.el,
    status.el,
    status.errorEl,
    chart.el,
    fidelity.el,
    detail.el,
    // Last: it appears once the kernel first reports diagnostics, and shifts nothing below.
    sweep.el,
  );
  for (const view of views) {
    view.update(null);
  }
  stability.update(null);
  detail.update(null);

  const onState = (): void => {
    sync.receive(model.get("state"));
  };
  const onMessage = (message: unknown): void => {
    if (typeof message === "object" && message !== null && "type" in message) {
      if (message.type === "state" && "state" in message) {
        sync.receive(message.state, true);
      }
    }
  };
  const onParam = PARAM_KEYS.map((key) => {
    const handler = (): void => controls.set(key, readParams(model, meta)[key]);
    model.on(`change:${key}`, handler);
    return [key, handler] as const;
  });
  model.on("change:state", onState);
  model.on("msg:custom", onMessage);

  sync.receive(model.get("state"));
  sync.start();

  return () => {
    // The last value of a drag still reaches the kernel if the view goes away mid-drag.
    for (const write of Object.values(writers)) {
      write.flush();
    }
    sync.dispose();
    model.off("change:state", onState);
    model.off("msg:custom", onMessage);
    for (const [key, handler] of onParam) {
      model.off(`change:${key}`, handler);
    }
    controls.dispose();
    status.dispose();
    for (const view of [...views, detail, ess, sweep]) {
      view.dispose();
    }
  };
}

function createDetailView(meta: Meta, onInput: () => void): View<Explanation | null> {
  switch (meta.kind) {
    case "tabular":
      return createTabularView(meta);
    case "text":
      return createTextView(meta);
    case "image":
      return createImageView(meta, onInput);
  }
}

function writer<K extends keyof Params>(model: Model, key: K): Throttled<[Params[K]]> {
  return throttle((value: Params[K]) => {
    model.set(key, value as Traits[K]);
    model.save_changes();
  }, WRITE_INTERVAL_MS);
}

/** The writable traits as they are now, with the defaults standing in for junk. */
function readParams(model: Model, meta: Meta): Params {
  const number = (
    key: "kernel_width" | "num_samples" | "num_features" | "label",
    fallback: number,
  ) => {
    const value: unknown = model.get(key);
    return typeof value === "number" && Number.isFinite(value) ? value : fallback;
  };
  const selection: unknown = model.get("feature_selection");
  return {
    kernel_width: number("kernel_width", meta.kernel_width_default),
    num_samples: number("num_samples", meta.samples_min),
    num_features: number("num_features", meta.n_features),
    feature_selection: typeof selection === "string" ? selection : "auto",
    label: number("label", 0),
  };
}

function showFatal(root: HTMLElement, message: string): void {
  root.setAttribute("data-status", "invalid");
  root.replaceChildren(
    html("div", cls("error", "fatal"), { "data-testid": "lw-error", role: "alert" }, message),
  );
}

function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export default { render };
