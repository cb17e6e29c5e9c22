/**
 * Display rules that live in the style sheets: the kernel-width lines keep blue and orange
 * for the bars' meaning (rule 12), the widget reflows in narrow cells (rule 8; the
 * browser test takes a 330 px picture), and the text's and a long error's boxes end between
 * two lines.
 */
import { describe, expect, it } from "vitest";

// Vitest hands CSS imports over empty (its css option is off), so the sheets are read as
// files. The module name is built so that tsc wants no Node types for it.
const fs = (await import(["node", "fs"].join(":"))) as {
  readFileSync(path: URL, encoding: "utf8"): string;
};
const diagnosticsCss = fs.readFileSync(new URL("./diagnostics.css", import.meta.url), "utf8");
const widgetCss = fs.readFileSync(new URL("./widget.css", import.meta.url), "utf8");

/** Hue in degrees and saturation in [0, 1] of "#rrggbb". */
function hueOf(hex: string): { hue: number; saturation: number } {
  const [r, g, b] = [1, 3, 5].map((i) => Number.parseInt(hex.slice(i, i + 2), 16) / 255) as [
    number,
    number,
    number,
  ];
  const max = Math.max(r, g, b);
  const min = Math.min(r, g, b);
  const delta = max - min;
  const lightness = (max + min) / 2;
  const saturation = delta === 0 ? 0 : delta / (1 - Math.abs(2 * lightness - 1));
  let hue = 0;
  if (delta > 0) {
    hue = max === r ? ((g - b) / delta) % 6 : max === g ? (b - r) / delta + 2 : (r - g) / delta + 4;
  }
  return { hue: (hue * 60 + 360) % 360, saturation };
}

/** Every "--lw-series-N: #hex" in `css`, in order. */
function series(css: string): string[] {
  return [...css.matchAll(/--lw-series-\d+:\s*(#[0-9a-f]{6})/gi)].map((m) => m[1] ?? "");
}

describe("the kernel-width palette (rule 12)", () => {
  const colours = series(diagnosticsCss);

  it("has light and dark variants of six lines", () => {
    expect(colours).toHaveLength(12);
  });

  it("uses no blue and no orange, which mean for and against on the bars", () => {
    const [positive, negative] = ["#2b83ba", "#e66101"].map(hueOf);
    for (const colour of colours) {
      const { hue, saturation } = hueOf(colour);
      if (saturation < 0.1) {
        continue; // a grey has no hue to confuse
      }
      for (const signed of [positive, negative]) {
        const distance = Math.min(
          Math.abs(hue - (signed?.hue ?? 0)),
          360 - Math.abs(hue - (signed?.hue ?? 0)),
        );
        expect(distance, colour).toBeGreaterThanOrEqual(30);
      }
    }
  });

  it("gives every line its own colour", () => {
    expect(new Set(colours.slice(0, 6)).size).toBe(6);
    expect(new Set(colours.slice(6)).size).toBe(6);
  });
});

describe("narrow cells (rule 8)", () => {
  it("follow the widget's own width", () => {
    expect(widgetCss).toMatch(/\.lime-widget \{[^}]*container-type: inline-size;/);
  });

  it("stack each control's label above its input, and let labels wrap", () => {
    const query = /@container \(max-width: (\d+)px\) \{([\s\S]*)\}\s*$/.exec(widgetCss);
    expect(Number(query?.[1])).toBeGreaterThanOrEqual(400);
    const body = query?.[2] ?? "";
    expect(body).toMatch(
      /\.lime-widget__control-label \{[^}]*grid-column: 1 \/ -1;[^}]*white-space: normal;/,
    );
    expect(body).toMatch(
      /\.lime-widget__controls \{[^}]*grid-template-columns: minmax\(0, 1fr\) auto auto;/,
    );
  });
});

describe.each([
  // Before: 16em of 1.8em lines, its edge 0.9 lines into the ninth line.
  ["the text box", "text"],
  // Before: 10em of 1.4em lines, its edge 0.7 lines into the seventh line.
  ["a long error message", "error"],
])("%s", (_, name) => {
  const rule = new RegExp(`\\.lime-widget__${name} \\{([^}]*)\\}`).exec(widgetCss)?.[1] ?? "";
  const px = (pattern: RegExp): number => Number(pattern.exec(rule)?.[1]);

  it("is a whole number of lines tall, with its top padding and borders", () => {
    // Border-box: the cap holds the borders and the top padding; the bottom padding shows
    // only at the end, after the last line.
    expect(widgetCss).toMatch(/\.lime-widget \{[^}]*box-sizing: border-box;/);
    expect(widgetCss).toMatch(/\.lime-widget \*,[^{]*\{\s*box-sizing: inherit;/);
    const cap = /max-height: calc\((\d+) \* ([\d.]+)em \+ (\d+)px \+ (\d+)px\);/.exec(rule);
    expect(cap, rule).not.toBeNull();
    const [lines, lineEm, padding, borders] = (cap ?? []).slice(1).map(Number);
    expect(lineEm).toBe(px(/line-height: ([\d.]+);/));
    expect(padding).toBe(px(/padding: (\d+)px/));
    expect(borders).toBe(2 * px(/border: (\d+)px solid/));
    expect(lines).toBeGreaterThanOrEqual(6);
  });
});
