/**
 * A saved page's data (lime_widget/explanation/_export.py `page_data`) and the states it
 * answers with: for any setting the grid holds, the `state` the kernel would have sent —
 * the same explanation block, the saved setting's diagnostics there, and elsewhere what the
 * grid itself tells (effective samples, its warning, the kernel-width sweep).
 */

import { finite, integer, list, record, string } from "../contract/parse";
import { fitAt, type Grid, parseGrid, resolveMethod } from "./grid";

export interface SavedParams {
  kernel_width: number;
  num_samples: number;
  num_features: number;
  feature_selection: string;
  label: number;
}

export interface PageData {
  meta: Record<string, unknown>;
  params: SavedParams;
  grid: Grid;
  names: string[];
  values: string[];
  modelOutputs: number[];
  diagnostics: Record<string, Record<string, unknown>>;
  reason: string;
}

export function parsePageData(raw: unknown): PageData {
  const d = record(raw, "page");
  const p = record(d.params, "page.params");
  const diagnostics: Record<string, Record<string, unknown>> = {};
  for (const [key, value] of Object.entries(record(d.diagnostics, "page.diagnostics"))) {
    diagnostics[key] = record(value, `page.diagnostics.${key}`);
  }
  return {
    meta: record(d.meta, "page.meta"),
    params: {
      kernel_width: finite(p.kernel_width, "page.params.kernel_width"),
      num_samples: integer(p.num_samples, "page.params.num_samples", 1),
      num_features: integer(p.num_features, "page.params.num_features", 1),
      feature_selection: string(p.feature_selection, "page.params.feature_selection"),
      label: integer(p.label, "page.params.label", 0),
    },
    grid: parseGrid(d.grid),
    names: list(d.names, "page.names", string),
    values: list(d.values, "page.values", string),
    modelOutputs: list(d.model_outputs, "page.model_outputs", finite),
    diagnostics,
    reason: string(d.reason, "page.reason"),
  };
}

/** JSON has no NaN: a non-finite number travels as null, as the kernel sends it. */
function orNull(value: number): number | null {
  return Number.isFinite(value) ? value : null;
}

function sameSetting(a: SavedParams, b: SavedParams): boolean {
  return (
    a.kernel_width === b.kernel_width &&
    a.num_features === b.num_features &&
    resolveMethod(a.feature_selection, a.num_features) ===
      resolveMethod(b.feature_selection, b.num_features)
  );
}

/** The kernel-width sweep for a setting, read from the grid's fits at every width. */
export function sweepFor(data: PageData, params: SavedParams, tracked: number[]) {
  const { grid } = data;
  const score: (number | null)[] = [];
  const columns = tracked.map(() => [] as number[]);
  for (const width of grid.widths) {
    const fit = fitAt(grid, {
      width,
      k: params.num_features,
      method: params.feature_selection,
      label: params.label,
    });
    score.push(fit === null ? null : orNull(fit.score));
    const weights = new Map(fit?.features ?? []);
    tracked.forEach((id, j) => {
      columns[j]?.push(weights.get(id) ?? 0);
    });
  }
  return {
    widths: grid.widths,
    score,
    ess: grid.ess,
    features: tracked.map((id, j) => ({
      id,
      name: data.names[id] ?? String(id),
      weights: columns[j],
    })),
  };
}

/**
 * The state for `params` (already snapped onto the grid), numbered `seq`; null when the
 * grid does not hold the setting.
 */
export function stateFor(data: PageData, params: SavedParams, seq: number): unknown {
  const { grid } = data;
  const setting = {
    width: params.kernel_width,
    k: params.num_features,
    method: params.feature_selection,
    label: params.label,
  };
  const fit = fitAt(grid, setting);
  if (fit === null) {
    return null;
  }
  const mode = data.meta.mode;
  const modelPred = data.modelOutputs[mode === "regression" ? 0 : params.label] ?? Number.NaN;
  const explanation = {
    label: params.label,
    intercept: orNull(fit.intercept),
    score: orNull(fit.score),
    local_pred: orNull(fit.localPred),
    model_pred: orNull(modelPred),
    n_samples: grid.nSamples,
    features: fit.features.map(([id, weight]) => ({
      id,
      name: data.names[id] ?? String(id),
      value: data.values[id] ?? "",
      weight,
    })),
  };
  const sweep = sweepFor(
    data,
    params,
    fit.features.map(([id]) => id),
  );
  const wi = grid.widths.indexOf(params.kernel_width);
  const ki = grid.ks.indexOf(params.num_features);
  const ess = grid.ess[wi] ?? null;
  const saved = data.diagnostics[String(params.label)];
  const diagnostics =
    saved !== undefined && sameSetting(params, { ...data.params, label: params.label })
      ? { ...saved, params, sweep }
      : {
          label: params.label,
          params,
          stability: null,
          stability_words: "",
          n_boot: null,
          intervals: [],
          top_k_frequency: [],
          out_of_sample_r2: null,
          local_gap: orNull(fit.localPred - modelPred),
          ess,
          ess_fraction: ess === null ? null : ess / grid.nSamples,
          ess_warning: grid.essWarning[wi]?.[ki] ?? null,
          settled: null,
          z: null,
          sweep,
        };
  return {
    seq,
    status: "idle",
    rows_done: grid.nSamples,
    rows_target: grid.nSamples,
    stable_max_samples: null,
    model_rows: grid.nSamples,
    error: null,
    params,
    explanation,
    diagnostics,
  };
}
