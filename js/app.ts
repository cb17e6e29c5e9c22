/**
 * The widget's app: controls, charts and views over one model (the kernel's, or a saved
 * page's stand-in), kept in step by the state sync. `widget.ts` mounts it.
 */

import type { AnyModel } from "@anywidget/types";
import { createChart } from "./charts/bar-chart";
import { createSweep } from "./charts/sweep-chart";
import type { Explanation } from "./contract/explanation";
import type { Meta } from "./contract/meta";
import { PARAM_KEYS, type Params } from "./contract/params";
import { isBusy, type State } from "./contract/state";
import type { Traits } from "./contract/traits";
import { createControls } from "./controls/controls";
import { createEss } from "./controls/ess";
import { savedFitLimits } from "./controls/saved-fits";
import { createStatus } from "./controls/status";
import { StateSync } from "./sync/sync";
import { type Throttled, throttle } from "./sync/throttle";
import { cls, html, type Ids, type View } from "./util/dom";
import { type HeldSweep, holdSweep } from "./view-model/held-sweep";
import type { Shown } from "./view-model/shown";
import {
  featureLabel,
  followUntilStable,
  staleKeys,
  type UntilStableRun,
} from "./view-model/trust";
import { createFidelity } from "./views/fidelity";
import { createImageView } from "./views/image-view";
import { createRecurrentView } from "./views/recurrent-view";
import { createStability } from "./views/stability";
import { createTabularView } from "./views/tabular-view";
import { createTextView } from "./views/text-view";

type Model = AnyModel<Traits>;

/** At most one write per slider per this many ms while dragging (the last one always lands). */
const WRITE_INTERVAL_MS = 60;

export function mountApp(model: Model, root: HTMLElement, meta: Meta, ids: Ids): () => void {
  const stamp = (name: string, value: string | number): void => {
    root.setAttribute(`data-${name}`, String(value));
  };
  const noteInput = (): void => stamp("last-input-at", performance.now());

  const status = createStatus(() => model.send({ type: "cancel" }), meta.offline?.status ?? null);
  const stability = createStability(meta);
  // Bar <-> image region: hovering or focusing either one lights the other.
  const chart = createChart(
    meta,
    () => stamp("rendered-at", performance.now()),
    { head: stability.head, foot: stability.also },
    (id) => detail.highlight?.(id),
  );
  const fidelity = createFidelity(meta.mode);
  const ess = createEss();
  const detail = createDetailView(meta, noteInput, (id) => chart.highlight(id));
  const views: View<Shown | null>[] = [chart, fidelity];
  const warned = new Set<string>();

  let shown: Shown | null = null;
  let held: HeldSweep | null = null;
  let run: UntilStableRun | null = null;

  let lastStatus: State["status"] | null = null;
  // Settled: what is on screen is the fit asked for and, unless the job failed, its
  // diagnostics (stability, whiskers, sweep), which arrive a moment after the fit.
  const settled = (): boolean => {
    if (shown?.params == null) {
      return false;
    }
    const asked = readParams(model, meta);
    const matches = PARAM_KEYS.every(
      (key) =>
        (key === "label" && meta.mode === "regression") || shown?.params?.[key] === asked[key],
    );
    return matches && (shown.diagnostics !== null || lastStatus === "error");
  };

  const apply = (state: State): void => {
    lastStatus = state.status;
    status.setClientError(null);
    status.update(state);
    const busy = isBusy(state.status);
    controls.setBusy(busy);
    controls.setStableMax(state.stable_max_samples);
    run = followUntilStable(run, state);
    const failed = state.status === "error";
    if (state.explanation !== null) {
      // Otherwise (an error, or a fresh start) the last good explanation stays on screen.
      shown = {
        explanation: state.explanation,
        params: state.params,
        diagnostics: state.diagnostics,
        failed,
        stableMax: state.stable_max_samples,
        afterUntilStable: run !== null && !run.running,
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
      ess.update({
        ...context,
        diagnostics: shown.diagnostics,
        nFeatures: shown.explanation.features.length,
        failed,
      });
      sweep.update({ ...context, busy });
    }
    // After a failure, the controls that ask for something other than the fit shown say so.
    const asked = readParams(model, meta);
    controls.markStale(
      failed && shown !== null ? staleKeys(asked, shown.params, shown.explanation, meta.mode) : [],
      shown?.explanation.n_samples ?? null,
    );
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
    // as the kernel-width slider: off without saved fits to choose from
    locked: savedFitLimits(meta).fits,
    name: (id, name) => featureLabel(meta, id, name),
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

/** The instance's view; `highlight` lights the superpixel (image) or cell (recurrent) of a bar. */
type DetailView = View<Explanation | null> & { highlight?(id: number | null): void };

function createDetailView(
  meta: Meta,
  onInput: () => void,
  onHighlight: (id: number | null) => void,
): DetailView {
  switch (meta.kind) {
    case "tabular":
      return createTabularView(meta);
    case "text":
      return createTextView(meta);
    case "image":
      return createImageView(meta, onInput, onHighlight);
    case "recurrent":
      return createRecurrentView(meta, onHighlight);
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

export function showFatal(root: HTMLElement, message: string): void {
  root.setAttribute("data-status", "invalid");
  root.replaceChildren(
    html("div", cls("error", "fatal"), { "data-testid": "lw-error", role: "alert" }, message),
  );
}

export function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
