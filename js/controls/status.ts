/**
 * What the kernel is doing: the status line ("idle", "collecting 1,500 / 3,000", ...), a
 * progress bar and Cancel button while samples are collected, the running count of rows
 * the model was asked about, and an alert box for errors. Errors never replace the chart:
 * the last good explanation stays on screen underneath.
 */

import { isBusy, type State } from "../contract/state";
import { cls, html, listen, setText, type View } from "../util/dom";
import { formatCount, plural } from "../util/format";
import { scrollBox } from "../util/scroll-box";

export function statusText(state: State): string {
  switch (state.status) {
    case "idle":
      return "idle";
    case "collecting":
      return `collecting ${formatCount(state.rows_done)} / ${formatCount(state.rows_target)}`;
    case "stabilizing":
      return `until stable: ${formatCount(state.rows_done)} / ≤ ${formatCount(progressMax(state))}`;
    case "cancelled":
      return `cancelled at ${formatCount(state.rows_done)} samples`;
    case "error":
      // The last good fit stays on screen: say which one, so no figure seems to be the new one.
      return state.explanation === null
        ? "error"
        : `error: the chart shows the last good fit (${formatCount(state.explanation.n_samples)} ${plural(state.explanation.n_samples, "sample")})`;
  }
}

/** Where the progress bar ends: the Until stable cap when stabilizing, else the target. */
export function progressMax(state: State): number {
  const cap = state.status === "stabilizing" ? state.stable_max_samples : null;
  return Math.max(1, cap ?? state.rows_target, state.rows_done);
}

export interface StatusView extends View<State> {
  /** The alert box; placed by the widget, updated here. */
  readonly errorEl: HTMLElement;
  /** A problem found in the browser (say, a malformed state); null clears it. */
  setClientError(message: string | null): void;
}

/** `offline`: why no kernel answers (shown in place of the kernel's status); null when live. */
export function createStatus(onCancel: () => void, offline: string | null = null): StatusView {
  const el = html("div", cls("status-row"));
  const text = html(
    "span",
    cls("status", ...(offline === null ? [] : ["status--offline"])),
    { "data-testid": "lw-status" },
    offline ?? "waiting for the kernel…",
  );
  const progress = html("progress", cls("progress"), {
    "data-testid": "lw-progress",
    "aria-label": "samples collected",
  });
  const cancel = html(
    "button",
    cls("button"),
    { type: "button", "data-testid": "lw-cancel" },
    "Cancel",
  );
  const calls = html("span", cls("calls"));
  el.append(text, progress, cancel, calls);

  const errorEl = html("div", cls("error"), { "data-testid": "lw-error", role: "alert" });
  // A long message scrolls in whole lines (widget.css), shaded at the bottom while more follow.
  const errorBox = scrollBox(errorEl, errorEl);

  let kernelError: string | null = null;
  let clientError: string | null = null;
  let cancelling = false;

  const showCollecting = (collecting: boolean): void => {
    progress.hidden = !collecting;
    cancel.hidden = !collecting;
    cancel.disabled = !collecting || cancelling;
  };
  showCollecting(false);

  const showError = (): void => {
    const message = kernelError ?? clientError;
    errorEl.hidden = message === null;
    setText(errorEl, message ?? "");
    errorBox.fit();
  };
  showError();

  const unlisten = listen(cancel, "click", () => {
    cancelling = true;
    cancel.disabled = true;
    setText(text, "cancelling…");
    onCancel();
  });

  return {
    el,
    errorEl,
    update(state) {
      const collecting = isBusy(state.status);
      if (!collecting) {
        cancelling = false;
      }
      setText(text, offline ?? (cancelling ? "cancelling…" : statusText(state)));
      if (collecting) {
        progress.max = progressMax(state);
        progress.value = Math.min(state.rows_done, progress.max);
      }
      showCollecting(collecting);
      setText(
        calls,
        offline === null
          ? `model calls: ${formatCount(state.model_rows)} rows`
          : `fit on ${formatCount(state.rows_done)} saved samples`,
      );
      kernelError = state.error;
      showError();
    },
    setClientError(message) {
      clientError = message;
      showError();
    },
    dispose() {
      unlisten();
      errorBox.dispose();
    },
  };
}
