/**
 * A stand-in for the kernel: an object with the anywidget model's methods (get, set,
 * save_changes, on, off, send) that answers from a saved page's grid. The widget's own code
 * runs unchanged on top of it — the same views, controls and sync — so a saved file or a
 * notebook reopened without a kernel draws exactly what the live widget drew.
 */

import { PARAM_KEYS } from "../contract/params";
import { snapK, snapWidth } from "./grid";
import { type PageData, type SavedParams, stateFor } from "./page";

type Callback = (...args: unknown[]) => void;

export interface OfflineModel {
  get(name: string): unknown;
  set(name: string, value: unknown): void;
  save_changes(): void;
  on(event: string, callback: Callback): void;
  off(event: string, callback?: Callback): void;
  send(message: unknown): void;
}

/**
 * What the controls may reach: the widths and K values the grid holds (the sliders step
 * through them) and its classes (the select offers them).
 */
export function gridStops(data: PageData): { widths: number[]; ks: number[]; labels: number[] } {
  return { widths: data.grid.widths, ks: data.grid.ks, labels: data.grid.labels };
}

/** Put `params` on the grid: the nearest width and K it holds, a class it explains. */
export function snapParams(data: PageData, params: SavedParams): SavedParams {
  const { grid } = data;
  const label = grid.labels.includes(params.label) ? params.label : data.params.label;
  return {
    kernel_width: snapWidth(grid, params.kernel_width),
    num_samples: grid.nSamples,
    num_features: snapK(grid, params.num_features),
    feature_selection: params.feature_selection,
    label,
  };
}

/**
 * `initial`: where to start instead of the saved setting — a reopened widget's last params
 * and the state it last drew (shown as it was; the grid answers from the next change on).
 */
export function offlineModel(
  data: PageData,
  meta: unknown = data.meta,
  initial?: { params: SavedParams; state: unknown },
): OfflineModel {
  const listeners = new Map<string, Set<Callback>>();
  let params = initial?.params ?? snapParams(data, data.params);
  const lastSeq = (initial?.state as { seq?: unknown } | undefined)?.seq;
  let seq = typeof lastSeq === "number" ? lastSeq + 1 : 1;
  const traits: Record<string, unknown> = {
    ...params,
    meta,
    state: initial?.state ?? stateFor(data, params, seq),
  };
  const emit = (event: string, ...args: unknown[]): void => {
    for (const callback of [...(listeners.get(event) ?? [])]) {
      callback(...args);
    }
  };
  const later = (fn: () => void): void => {
    setTimeout(fn, 0);
  };
  return {
    get: (name) => traits[name],
    set: (name, value) => {
      traits[name] = value;
    },
    save_changes: () => {
      const asked = Object.fromEntries(PARAM_KEYS.map((k) => [k, traits[k]])) as unknown;
      let next = snapParams(data, asked as SavedParams);
      const state = stateFor(data, next, seq + 1);
      if (state === null) {
        next = params; // not in the saved fits: the controls go back to what is shown
      } else {
        seq += 1;
        traits.state = state;
      }
      // A control hears of a value the grid moved (snapped, or refused) and, as the
      // kernel's model tells every view of a set, of one another control asked for (a
      // click on the sweep moves the slider too).
      const now = next as unknown as Record<string, unknown>;
      const before = params as unknown as Record<string, unknown>;
      const changed = PARAM_KEYS.filter((k) => now[k] !== traits[k] || now[k] !== before[k]);
      params = next;
      Object.assign(traits, params);
      later(() => {
        for (const key of changed) {
          emit(`change:${key}`);
        }
        if (state !== null) {
          emit("change:state");
        }
      });
    },
    on: (event, callback) => {
      const set = listeners.get(event) ?? new Set();
      set.add(callback);
      listeners.set(event, set);
    },
    off: (event, callback) => {
      if (callback === undefined) {
        listeners.delete(event);
      } else {
        listeners.get(event)?.delete(callback);
      }
    },
    send: (message) => {
      const type = (message as { type?: unknown } | null)?.type;
      if (type === "pull") {
        later(() => emit("msg:custom", { type: "state", state: traits.state }, []));
      }
      // cancel and until_stable need the model: their controls are disabled on the page
    },
  };
}
