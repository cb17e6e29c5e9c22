/**
 * The static part of the kernel-width view: axes, ticks, the low-effective-sample shading,
 * one line per feature and the dashed R² (named at its end), plus the HTML legend. Built
 * from a SweepLayout (sweep-layout.ts) once per new sweep; the marker and hover guide are
 * sweep-chart.ts's.
 */

import { cls, html, svg } from "../util/dom";
import { shortenLabel } from "../util/format";
import type { SweepLayout } from "./sweep-layout";

export const LOW_ESS_TITLE = "fewer than 5 % effective samples";
const SCORE_TITLE = "weighted R² of the surrogate (right axis)";
const LEGEND_NAME_CHARS = 32;

export function drawSweep(layout: SweepLayout, hatchId: string): SVGElement[] {
  const { frame } = layout;
  const pattern = svg("pattern", {
    id: hatchId,
    width: 6,
    height: 6,
    patternUnits: "userSpaceOnUse",
    patternTransform: "rotate(45)",
  });
  pattern.append(
    svg("rect", { class: cls("hatch-tint"), width: 6, height: 6 }),
    svg("line", { class: cls("hatch-line"), x1: 0, y1: 0, x2: 0, y2: 6 }),
  );
  const defs = svg("defs");
  defs.append(pattern);

  const bands = layout.bands.map((band) => {
    const rect = svg("rect", {
      class: cls("low-ess"),
      x: band.x1,
      y: frame.top,
      width: Math.max(1, band.x2 - band.x1),
      height: frame.bottom - frame.top,
      fill: `url(#${hatchId})`,
      "data-testid": "lw-sweep-low-ess",
    });
    rect.append(svg("title", {}, LOW_ESS_TITLE));
    return rect;
  });

  const axes = svg("g", { class: cls("sweep-axes") });
  axes.append(
    svg("rect", {
      class: cls("plot-frame"),
      x: frame.left,
      y: frame.top,
      width: frame.right - frame.left,
      height: frame.bottom - frame.top,
    }),
    svg("line", {
      class: cls("axis"),
      x1: frame.left,
      x2: frame.right,
      y1: layout.zeroY,
      y2: layout.zeroY,
    }),
  );
  for (const tick of layout.xTicks) {
    axes.append(
      svg("line", {
        class: cls("tick"),
        x1: tick.at,
        x2: tick.at,
        y1: frame.bottom,
        y2: frame.bottom + 4,
      }),
      svg(
        "text",
        { class: cls("tick-label"), x: tick.at, y: frame.bottom + 15, "text-anchor": "middle" },
        tick.label,
      ),
    );
  }
  for (const tick of layout.weightTicks) {
    axes.append(
      svg(
        "text",
        {
          class: cls("tick-label"),
          x: frame.left - 5,
          y: tick.at,
          "text-anchor": "end",
          dy: "0.35em",
        },
        tick.label,
      ),
    );
  }
  for (const tick of layout.scoreTicks) {
    axes.append(
      svg(
        "text",
        { class: cls("tick-label"), x: frame.right + 5, y: tick.at, dy: "0.35em" },
        tick.label,
      ),
    );
  }
  axes.append(
    svg(
      "text",
      { class: cls("axis-label"), x: frame.right, y: frame.height - 2, "text-anchor": "end" },
      "kernel width (log scale)",
    ),
    svg(
      "text",
      { class: cls("axis-label"), x: frame.left - 5, y: frame.height - 2, "text-anchor": "end" },
      "weight",
    ),
    svg(
      "text",
      { class: cls("axis-label"), x: frame.width - 2, y: frame.height - 2, "text-anchor": "end" },
      "R²",
    ),
  );

  const plot = svg("g", { class: cls("sweep-plot") });
  for (const line of layout.lines) {
    const path = svg("path", {
      class: cls("sweep-line", `series-${line.slot}`),
      d: line.path,
      "data-testid": "lw-sweep-line",
      "data-id": String(line.id),
    });
    path.append(svg("title", {}, line.name));
    plot.append(path);
  }
  const score = svg("path", {
    class: cls("sweep-score"),
    d: layout.scorePath,
    "data-testid": "lw-sweep-score",
  });
  score.append(svg("title", {}, SCORE_TITLE));
  plot.append(score);
  if (layout.scoreLabel !== null) {
    // Named on the line itself: at R² ≈ 0.5 it runs along the weights' zero line.
    const name = svg(
      "text",
      {
        class: cls("score-label"),
        x: layout.scoreLabel.x,
        y: layout.scoreLabel.y,
        "text-anchor": "end",
        "data-testid": "lw-sweep-score-label",
      },
      "R²",
    );
    name.append(svg("title", {}, SCORE_TITLE));
    plot.append(name);
  }

  return [defs, ...bands, axes, plot];
}

export function drawLegend(legend: HTMLElement, layout: SweepLayout): void {
  // Swatch and name in one item, so a wrap never leaves a swatch at the end of a line.
  const item = (swatch: string, text: string, title = ""): HTMLElement => {
    const el = html("span", cls("legend-item"), title === "" ? {} : { title });
    el.append(html("span", cls("swatch", ...swatch.split(" ")), { "aria-hidden": "true" }), text);
    return el;
  };
  legend.replaceChildren(
    ...layout.lines.map((line) =>
      item(
        `swatch--line series-${line.slot}`,
        shortenLabel(line.name, LEGEND_NAME_CHARS),
        line.name,
      ),
    ),
    item("swatch--score", "weighted R² (right axis)"),
  );
  if (layout.bands.length > 0) {
    legend.append(item("swatch--low-ess", LOW_ESS_TITLE));
  }
}
