/**
 * The entry of a saved gallery (`GalleryWidget.save_to_file` / `as_html`): the gallery,
 * drawn by its own code over a stand-in for the kernel that answers from the cards and
 * thumbnails embedded in the page. Built as a classic script (IIFE) and inlined; it reads
 * `<script type="application/json" id="lw-gallery-data">` and renders into
 * `#lw-gallery-page`. Opening a card shows its saved explanation enlarged.
 */

import { mountGallery } from "./gallery/app";
import { createDetail } from "./gallery/detail";
import { pageSource, parseGalleryPage } from "./gallery/page";

function start(): void {
  const el = document.getElementById("lw-gallery-page");
  const source = document.getElementById("lw-gallery-data");
  if (el === null || source === null) {
    return;
  }
  try {
    const data = parseGalleryPage(JSON.parse(source.textContent ?? "null"));
    mountGallery(pageSource(data), el, { detail: createDetail, note: data.reason });
  } catch (error) {
    el.textContent = `This saved gallery could not be shown: ${String(error)}`;
  }
}

start();
