/**
 * anywidget entry for GalleryWidget (lime_widget/live/_gallery.py): the grid of cards over
 * the kernel's model. Its CSS brings the single widget's variables and badge styles, so a
 * gallery shown alone (marimo) looks like the widget, in light and dark themes.
 */

import type { RenderProps } from "@anywidget/types";
import { type GallerySource, mountGallery } from "./gallery/app";
import { html, ROOT_CLASS } from "./util/dom";
import "./widget.css";
import "./diagnostics.css";
import "./gallery/gallery.css";

function render({ model, el }: RenderProps): () => void {
  try {
    return mountGallery(model as unknown as GallerySource, el);
  } catch (error) {
    // A bug of ours must still leave a readable message, never a blank cell.
    const message = error instanceof Error ? error.message : String(error);
    el.append(html("div", ROOT_CLASS, {}, `lime-widget gallery failed to start: ${message}`));
    return () => {};
  }
}

export default { render };
