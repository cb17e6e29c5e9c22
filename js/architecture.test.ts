/// <reference types="vite/client" />
/**
 * The layers of js/, checked on the import lines of every module (tests included): no import
 * cycles, and imports go one way only — down the layers, never up, and never across between
 * the four feature folders:
 *
 *   util/ < contract/ < view-model/ < sync/ | offline/ | controls/ | charts/ | views/
 *     < gallery/ < app.ts, widget.ts, offline.ts, gallery.ts, gallery-page.ts
 *
 * gallery/ is the many-explanations view: it draws its cards with the views' own pieces
 * (the image tint, the text highlight, the stability badge) and receives them as sync/ does.
 *
 * offline/ stands in for the kernel where there is none (a saved page, a notebook reopened
 * without its kernel): it answers with states, as sync/ receives them.
 *
 * Test support (contract/testing.ts, util/fake-dom.ts) must not reach the bundle.
 */
import { describe, expect, it } from "vitest";

/** Layer of each top folder; "" is js/ itself (widget.ts and the page-level tests). */
const LAYERS: Readonly<Record<string, number>> = {
  util: 0,
  contract: 1,
  "view-model": 2,
  sync: 3,
  offline: 3,
  controls: 3,
  charts: 3,
  views: 3,
  gallery: 4,
  "": 5,
};

const ENTRY = "widget.ts";
/** The saved page's entry (lime_widget/static/offline.js). */
const PAGE_ENTRY = "offline.ts";
/** The gallery's entries (lime_widget/static/gallery.js, gallery-page.js). */
const GALLERY_ENTRIES = ["gallery.ts", "gallery-page.ts"];
const TEST_SUPPORT = ["contract/testing.ts", "util/fake-dom.ts", "gallery/testing.ts"];

type Graph = ReadonlyMap<string, readonly string[]>;

/** Relative module specifiers of `import`/`export ... from`, side-effect and dynamic imports. */
function specifiers(source: string): string[] {
  const patterns = [
    /^\s*(?:import|export)\b[^;]*?\bfrom\s*["']([^"']+)["']/gm,
    /^\s*import\s*["']([^"']+)["']/gm,
    /\bimport\(\s*["']([^"']+)["']\s*\)/g,
  ];
  return patterns
    .flatMap((pattern) => [...source.matchAll(pattern)].map((m) => m[1] ?? ""))
    .filter((s) => s.startsWith("./") || s.startsWith("../"));
}

/** `spec` imported from `file`, as a path under js/ ("charts/bar-chart.ts"). */
function resolve(file: string, spec: string): string {
  const parts = file.split("/").slice(0, -1);
  for (const part of spec.split("/")) {
    if (part === "..") {
      parts.pop();
    } else if (part !== ".") {
      parts.push(part);
    }
  }
  const path = parts.join("/");
  return /\.[a-z]+$/.test(path) ? path : `${path}.ts`;
}

/** Module -> the .ts modules it imports (CSS and other assets left out). */
function importGraph(sources: Readonly<Record<string, string>>): Map<string, string[]> {
  return new Map(
    Object.entries(sources).map(([file, text]) => [
      file,
      specifiers(text)
        .map((spec) => resolve(file, spec))
        .filter((path) => path.endsWith(".ts")),
    ]),
  );
}

/** Every import cycle found by a depth-first search, each as a path "a -> b -> a". */
function cycles(graph: Graph): string[] {
  const found: string[] = [];
  const done = new Set<string>();
  const stack: string[] = [];
  const visit = (file: string): void => {
    const at = stack.indexOf(file);
    if (at >= 0) {
      found.push([...stack.slice(at), file].join(" -> "));
      return;
    }
    if (done.has(file)) {
      return;
    }
    stack.push(file);
    for (const next of graph.get(file) ?? []) {
      visit(next);
    }
    stack.pop();
    done.add(file);
  };
  for (const file of [...graph.keys()].sort()) {
    visit(file);
  }
  return found;
}

function folder(file: string): string {
  return file.includes("/") ? (file.split("/")[0] ?? "") : "";
}

/** Imports that go up a layer or across between folders of the same layer. */
function layerViolations(graph: Graph): string[] {
  const out: string[] = [];
  for (const [file, imports] of graph) {
    const from = folder(file);
    for (const target of imports) {
      const to = folder(target);
      const [a, b] = [LAYERS[from], LAYERS[to]];
      if (a === undefined || b === undefined) {
        out.push(`${file} -> ${target}: folder not in LAYERS`);
      } else if (b > a || (b === a && from !== to)) {
        out.push(`${file} -> ${target}`);
      }
    }
  }
  return out;
}

/** The modules `entry` pulls in, itself included. */
function reachable(graph: Graph, entry: string): Set<string> {
  const seen = new Set<string>();
  const walk = (file: string): void => {
    if (!seen.has(file)) {
      seen.add(file);
      (graph.get(file) ?? []).forEach(walk);
    }
  };
  walk(entry);
  return seen;
}

const sources = Object.fromEntries(
  Object.entries(
    import.meta.glob<string>("./**/*.ts", { query: "?raw", import: "default", eager: true }),
  ).map(([path, text]) => [path.replace(/^\.\//, ""), text]),
);
const graph = importGraph(sources);

describe("the checks themselves", () => {
  const bad = new Map([
    ["util/dom.ts", ["contract/meta.ts"]],
    ["contract/meta.ts", ["util/dom.ts"]],
    ["charts/bar-chart.ts", ["views/fidelity.ts"]],
    ["views/fidelity.ts", []],
  ]);

  it("find a cycle, an import up a layer and one across", () => {
    expect(cycles(bad)).toEqual(["contract/meta.ts -> util/dom.ts -> contract/meta.ts"]);
    expect(layerViolations(bad)).toEqual([
      "util/dom.ts -> contract/meta.ts",
      "charts/bar-chart.ts -> views/fidelity.ts",
    ]);
  });

  it("read multi-line, type-only, side-effect and dynamic imports", () => {
    const source = [
      "import {",
      "  a,",
      "  type B,",
      '} from "../contract/meta";',
      'import type { C } from "./c";',
      'export { d } from "./d";',
      'import "../widget.css";',
      // Split so that this file's own import scan does not read it.
      `const e = await ${"import"}("../e");`,
      'import { f } from "vitest";',
    ].join("\n");
    expect(importGraph({ "views/x.ts": source }).get("views/x.ts")).toEqual([
      "contract/meta.ts",
      "views/c.ts",
      "views/d.ts",
      "e.ts",
    ]);
  });
});

describe("js/ modules", () => {
  it("are all read, and every import names one of them", () => {
    expect(graph.size).toBeGreaterThan(40);
    for (const file of [ENTRY, "contract/state.ts", "charts/bar-chart.ts"]) {
      expect(graph.has(file)).toBe(true);
    }
    const missing = [...graph].flatMap(([file, imports]) =>
      imports.filter((target) => !graph.has(target)).map((target) => `${file} -> ${target}`),
    );
    expect(missing).toEqual([]);
  });

  it("import one another without cycles", () => {
    expect(cycles(graph)).toEqual([]);
  });

  it("import only from lower layers or their own folder", () => {
    expect(layerViolations(graph)).toEqual([]);
  });

  it("keep test support out of both bundles", () => {
    for (const entry of [ENTRY, PAGE_ENTRY, ...GALLERY_ENTRIES]) {
      const bundled = reachable(graph, entry);
      expect(bundled.size).toBeGreaterThan(20);
      expect(TEST_SUPPORT.filter((file) => bundled.has(file))).toEqual([]);
      expect([...bundled].filter((file) => file.endsWith(".test.ts"))).toEqual([]);
    }
  });
});
