/** The synced traits of LimeWidget (lime_widget/live/_widget.py), keyed by their Python names. */

import type { Params } from "./params";

/** Synced traits, keyed by their Python names. */
export interface Traits extends Params {
  meta: unknown;
  state: unknown;
  /** The fits a page without a kernel answers from (a notebook reopened without it). */
  offline: unknown;
}
