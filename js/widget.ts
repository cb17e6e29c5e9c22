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
import { describeError, mountApp, showFatal } from "./app";
import { parseMeta } from "./contract/meta";
import { PARAM_KEYS } from "./contract/params";
import { isUnset } from "./contract/state";
import type { Traits } from "./contract/traits";
import { EMPTY_GRID } from "./offline/grid";
import { gridStops, type OfflineModel, offlineModel } from "./offline/model";
import { type PageData, parsePageData, type SavedParams } from "./offline/page";
import { createIds, html, listen, ROOT_CLASS } from "./util/dom";
import "./widget.css";
import "./diagnostics.css";

type Model = AnyModel<Traits>;

/** No answer from the kernel for this long: show the saved explanation (if one was saved). */
const NO_KERNEL_MS = 4000;
const NO_KERNEL_STATUS =
  "not connected to a kernel: the saved explanation; kernel width, K, selection and class refit from saved fits";
const NO_KERNEL_REASON =
  "Not connected to a kernel: more samples need the model. Run the cell again.";
const NO_KERNEL_NO_FITS =
  "not connected to a kernel: the saved explanation, without saved fits (run the cell again to refit)";
/** Beside every control when there are no saved fits: none of them can act. */
const NO_KERNEL_NO_FITS_REASON =
  "Not connected to a kernel, and this notebook was saved before the widget's fits were " +
  "ready: re-run the cell to refit.";

function render({ model, el }: RenderProps<Traits>): () => void {
  const root = html("div", ROOT_CLASS, { "data-testid": "lw-root" });
  el.append(root);
  // Per view, not per module: anywidget evaluates this module afresh for each widget.
  const ids = createIds();
  let dispose: (() => void) | null = null;
  // No kernel answers (a notebook reopened without it): draw the saved state, and let the
  // controls that need no model refit from the saved fits, until the kernel speaks again.
  let saved: ReturnType<typeof savedStandIn> = null;

  const mount = (): void => {
    dispose?.();
    dispose = null;
    const raw = model.get("meta");
    try {
      const meta = parseMeta(saved === null ? raw : saved.get("meta"));
      if (meta.ok) {
        // biome-ignore lint/suspicious/noExplicitAny: the stand-in has the model methods used
        dispose = mountApp(saved ?? (model as any), root, meta.value, ids);
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

  const heard = (message?: unknown): void => {
    if (message !== undefined && (message as { type?: unknown } | null)?.type !== "state") {
      return;
    }
    clearTimeout(watchdog);
    if (saved !== null) {
      saved = null; // the kernel is back: the live widget takes over
      root.setAttribute("data-connected", "true");
      mount();
    }
  };
  const onState = (): void => heard();
  const watchdog = setTimeout(() => {
    saved = savedStandIn(model);
    if (saved !== null) {
      root.setAttribute("data-connected", "false");
      mount();
    }
  }, NO_KERNEL_MS);

  mount();
  model.on("change:meta", mount);
  model.on("change:state", onState);
  model.on("msg:custom", heard);
  const offKeys = keepKeysInControls(root);
  return () => {
    clearTimeout(watchdog);
    offKeys();
    model.off("change:meta", mount);
    model.off("change:state", onState);
    model.off("msg:custom", heard);
    dispose?.();
    root.remove();
  };
}

/** A page with no fits: the saved state alone, which the controls cannot change. */
function frozenPage(model: Model): PageData {
  const params = Object.fromEntries(PARAM_KEYS.map((key) => [key, model.get(key)]));
  return {
    meta: {},
    params: params as unknown as SavedParams,
    grid: EMPTY_GRID,
    names: [],
    values: [],
    modelOutputs: [],
    diagnostics: {},
    reason: NO_KERNEL_NO_FITS_REASON,
  };
}

/** The saved fits' stand-in for the kernel (the saved state alone if no fits were saved). */
function savedStandIn(model: Model): OfflineModel | null {
  const raw = model.get("offline");
  try {
    const data = isUnset(raw) ? frozenPage(model) : parsePageData(raw);
    const fits = data.grid.widths.length > 0;
    const meta = {
      ...(model.get("meta") as object),
      offline: {
        reason: fits ? NO_KERNEL_REASON : NO_KERNEL_NO_FITS_REASON,
        status: fits ? NO_KERNEL_STATUS : NO_KERNEL_NO_FITS,
        ...gridStops(data),
      },
    };
    const state = model.get("state") as unknown;
    const params = Object.fromEntries(
      PARAM_KEYS.map((key) => [key, model.get(key)]),
    ) as unknown as SavedParams;
    return offlineModel(data, meta, { params, state });
  } catch (error) {
    console.warn(`lime-widget: the saved fits cannot be read: ${describeError(error)}`);
    return null;
  }
}

/**
 * Keys pressed in our controls belong to them. JupyterLab's document-level shortcuts would
 * otherwise take arrow keys from a focused slider (command mode); Notebook 7 matches its key
 * bindings in a window-level capture listener, before any handler of ours, and Lumino skips
 * an event whose target (or an ancestor below the match) carries `data-lm-suppress-shortcuts`.
 * So every element that takes the focus inside the widget is marked as it gets it.
 */
function keepKeysInControls(root: HTMLElement): () => void {
  const offFocus = listen(root, "focusin", (event) => {
    if (event.target instanceof Element) {
      event.target.setAttribute("data-lm-suppress-shortcuts", "true");
    }
  });
  const offKeys = listen(root, "keydown", (event) => {
    const target = event.target;
    if (target instanceof HTMLInputElement || target instanceof HTMLSelectElement) {
      event.stopPropagation();
    }
  });
  return () => {
    offFocus();
    offKeys();
  };
}

export default { render };
