/**
 * The entry of a saved page (`Explanation.save_to_file` / `as_html`): the widget, drawn by
 * its own code over a stand-in for the kernel that answers from the page's embedded fits.
 * Built as a classic script (IIFE) and inlined into the page; it reads its data from
 * `<script type="application/json" id="lw-data">` and renders into `#lw-page`.
 */

import { gridStops, offlineModel } from "./offline/model";
import { parsePageData } from "./offline/page";
import widget from "./widget";

const SAVED_STATUS =
  "saved explanation, no kernel: kernel width, K, selection and class refit from saved fits";

function start(): void {
  const el = document.getElementById("lw-page");
  const source = document.getElementById("lw-data");
  if (el === null || source === null) {
    return;
  }
  try {
    const data = parsePageData(JSON.parse(source.textContent ?? "null"));
    const offline = { reason: data.reason, status: SAVED_STATUS, ...gridStops(data) };
    const meta = { ...data.meta, offline };
    const model = offlineModel(data, meta);
    // biome-ignore lint/suspicious/noExplicitAny: the stand-in has the model methods render uses
    widget.render({ model: model as any, el } as any);
  } catch (error) {
    el.textContent = `This saved explanation could not be shown: ${String(error)}`;
  }
}

start();
