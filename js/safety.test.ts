/// <reference types="vite/client" />
/**
 * Every string from the kernel must reach the page as text. Ban the APIs that parse HTML
 * or run code, in the sources and in the built bundle (when it has been built).
 */
import { describe, expect, it } from "vitest";

const BANNED: [name: string, pattern: RegExp][] = [
  ["innerHTML", /\binnerHTML\b/],
  ["outerHTML", /\bouterHTML\b/],
  ["insertAdjacentHTML", /\binsertAdjacentHTML\b/],
  ["createContextualFragment", /\bcreateContextualFragment\b/],
  ["DOMParser", /\bDOMParser\b/],
  ["document.write", /\bdocument\.write(ln)?\s*\(/],
  ["srcdoc", /\bsrcdoc\b/],
  ["eval", /\beval\s*\(/],
  ["new Function", /\bnew\s+Function\s*\(/],
  ["javascript: URL", /javascript:/i],
];

function violations(source: string): string[] {
  return BANNED.filter(([, pattern]) => pattern.test(source)).map(([name]) => name);
}

const sources = import.meta.glob<string>(["./**/*.ts", "./**/*.css", "!./**/*.test.ts"], {
  query: "?raw",
  import: "default",
  eager: true,
});
const bundle = import.meta.glob<string>("../lime_widget/static/*.{js,css}", {
  query: "?raw",
  import: "default",
  eager: true,
});

describe("no HTML parsing or code evaluation", () => {
  it("finds the banned APIs when they are there", () => {
    const name = ["inner", "HTML"].join("");
    expect(violations(`el.${name} = label;`)).toEqual(["innerHTML"]);
    expect(violations("node.insertAdjacentHTML('beforeend', x)")).toEqual(["insertAdjacentHTML"]);
    expect(violations("el.textContent = label;")).toEqual([]);
  });

  it("reads every source file of the widget", () => {
    const names = Object.keys(sources);
    for (const file of [
      "./widget.ts",
      "./charts/bar-chart.ts",
      "./views/text-view.ts",
      "./widget.css",
      "./diagnostics.css",
    ]) {
      expect(names).toContain(file);
    }
  });

  it.each(Object.entries({ ...sources, ...bundle }))("%s uses none of them", (_file, text) => {
    expect(violations(text)).toEqual([]);
  });
});
