/**
 * The `state` trait (lime_widget/live/_widget.py), also the payload of a `{type: "state"}` reply
 * to a pull: what the kernel is doing and the latest explanation. Parsers never throw; they
 * name the offending field so the widget can say what is wrong instead of going blank.
 */

import { type Diagnostics, type DiagnosticsStatus, readDiagnostics } from "./diagnostics";
import { type Explanation, explanation } from "./explanation";
import { type Params, params } from "./params";
import { finite, guard, integer, nullable, oneOf, type Parsed, record, string } from "./parse";

/** "stabilizing": growing the sample until the top K is settled (the Until stable button). */
export const STATUSES = ["idle", "collecting", "stabilizing", "error", "cancelled"] as const;
export type Status = (typeof STATUSES)[number];

/** Whether the kernel is asking the model about new rows (collecting, or Until stable). */
export function isBusy(status: Status | null): boolean {
  return status === "collecting" || status === "stabilizing";
}

/** The `state` trait and the payload of a `{type: "state"}` reply to a pull. */
export interface State {
  seq: number;
  status: Status;
  rows_done: number;
  rows_target: number;
  model_rows: number;
  error: string | null;
  params: Params | null;
  explanation: Explanation | null;
  /** Sample cap of Until stable (optional; older kernels do not send it). */
  stable_max_samples: number | null;
  /** Only diagnostics computed for exactly `params`; stale, absent or malformed ones are null. */
  diagnostics: Diagnostics | null;
  /** What became of the kernel's `diagnostics` field, for data-diagnostics and the console. */
  diagnostics_status: DiagnosticsStatus;
  diagnostics_problem: string | null;
}

export function parseState(raw: unknown): Parsed<State> {
  return guard(() => {
    const s = record(raw, "state");
    const stateParams = nullable(s.params, "state.params", params);
    // Diagnostics are extras: a malformed or stale block is dropped, never the whole state.
    const reading = readDiagnostics(s.diagnostics, stateParams);
    return {
      seq: finite(s.seq, "state.seq"),
      status: oneOf(s.status, "state.status", STATUSES),
      rows_done: integer(s.rows_done, "state.rows_done", 0),
      rows_target: integer(s.rows_target, "state.rows_target", 0),
      model_rows: integer(s.model_rows, "state.model_rows", 0),
      error: nullable(s.error, "state.error", string),
      params: stateParams,
      explanation: nullable(s.explanation, "state.explanation", explanation),
      stable_max_samples: nullable(s.stable_max_samples, "state.stable_max_samples", (v, path) =>
        integer(v, path, 1),
      ),
      diagnostics: reading.diagnostics,
      diagnostics_status: reading.status,
      diagnostics_problem: reading.problem,
    };
  });
}

/** True for values the kernel sends before it has anything to say (unset trait). */
export function isUnset(raw: unknown): boolean {
  return (
    raw === null ||
    raw === undefined ||
    (typeof raw === "object" && !Array.isArray(raw) && Object.keys(raw).length === 0)
  );
}
