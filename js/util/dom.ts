/**
 * The only way views create DOM. Text from the kernel goes in through `textContent` and
 * `setAttribute`, never through HTML parsing (the HTML-parsing DOM APIs are banned in js/,
 * checked by js/safety.test.ts), so a feature named `<img onerror=...>` shows as text.
 */

export const ROOT_CLASS = "lime-widget";
const SVG_NS = "http://www.w3.org/2000/svg";

type Attributes = Record<string, string | number | null>;

/** BEM-style class name scoped under the root: `cls("chart")` is "lime-widget__chart". */
export function cls(...names: string[]): string {
  return names.map((name) => `${ROOT_CLASS}__${name}`).join(" ");
}

/** An HTML element with a class, attributes (null values are skipped) and optional text. */
export function html<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  className = "",
  attributes: Attributes = {},
  text?: string,
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (className !== "") {
    node.className = className;
  }
  setAttributes(node, attributes);
  if (text !== undefined) {
    node.textContent = text;
  }
  return node;
}

/** An SVG element with attributes and optional text. */
export function svg<K extends keyof SVGElementTagNameMap>(
  tag: K,
  attributes: Attributes = {},
  text?: string,
): SVGElementTagNameMap[K] {
  const node = document.createElementNS(SVG_NS, tag);
  setAttributes(node, attributes);
  if (text !== undefined) {
    node.textContent = text;
  }
  return node;
}

export function setAttributes(node: Element, attributes: Attributes): void {
  for (const [name, value] of Object.entries(attributes)) {
    if (value !== null) {
      node.setAttribute(name, String(value));
    }
  }
}

/** Set text only when it changed, so screen readers and selections are not disturbed. */
export function setText(node: Node, text: string): void {
  if (node.textContent !== text) {
    node.textContent = text;
  }
}

/** Makes the ids of one widget view: each call gives a new id, all under the view's prefix. */
export type Ids = (name: string) => string;

/**
 * The ids of one widget view, for <label for>, <datalist> and SVG pattern links. They must
 * be unique on the page, which may show several widgets. A module-level counter is not:
 * anywidget evaluates this module afresh for each widget (manzt/anywidget#613), so every
 * widget would count from 1 and a label would focus another widget's slider. Hence a
 * random prefix per view, made when the view renders and passed to whatever makes ids.
 */
export function createIds(prefix = `${ROOT_CLASS}-${randomToken()}`): Ids {
  let count = 0;
  return (name) => {
    count += 1;
    return `${prefix}-${count}-${name}`;
  };
}

/**
 * 14 random base-36 characters. crypto.getRandomValues works in insecure contexts too
 * (a notebook served over plain http; randomUUID does not); Math.random is the fallback.
 */
export function randomToken(): string {
  const crypto = globalThis.crypto as Crypto | undefined;
  const words =
    typeof crypto?.getRandomValues === "function"
      ? Array.from(crypto.getRandomValues(new Uint32Array(2)))
      : [0, 0].map(() => Math.floor(Math.random() * 2 ** 32));
  return words.map((word) => word.toString(36).padStart(7, "0")).join("");
}

/** Add a DOM listener and return the function that removes it. */
export function listen<K extends keyof HTMLElementEventMap>(
  target: HTMLElement | SVGElement,
  type: K,
  handler: (event: HTMLElementEventMap[K]) => void,
): () => void {
  // SVG elements fire the same UI events (click, keydown, pointer*) as HTML ones.
  const listener = handler as EventListener;
  target.addEventListener(type, listener);
  return () => target.removeEventListener(type, listener);
}

/** A view of one part of the explanation. */
export interface View<T> {
  readonly el: HTMLElement;
  update(value: T): void;
  dispose(): void;
}
