/**
 * Test support, never bundled: just enough of a DOM for the views to render in node
 * (vitest runs without jsdom), so tests can look at what they build — ids, labels,
 * references between elements. Elements keep attributes, children and text; properties
 * the views set (value, hidden, disabled, ...) are plain fields; layout is all zero.
 */

type Listener = (event: unknown) => void;

export class FakeElement {
  readonly tagName: string;
  readonly namespaceURI: string | null;
  readonly children: FakeElement[] = [];
  readonly dataset: Record<string, string> = {};
  readonly style: Record<string, string> = {};
  parentNode: FakeElement | null = null;
  clientWidth = 0;
  private readonly attributes = new Map<string, string>();
  private readonly listeners = new Map<string, Set<Listener>>();
  private text = "";
  [property: string]: unknown;

  constructor(
    private readonly owner: FakeDocument,
    tagName: string,
    namespaceURI: string | null = null,
  ) {
    this.tagName = tagName.toUpperCase();
    this.namespaceURI = namespaceURI;
  }

  get id(): string {
    return this.getAttribute("id") ?? "";
  }

  get className(): string {
    return this.getAttribute("class") ?? "";
  }

  set className(value: string) {
    this.setAttribute("class", value);
  }

  /** Reflects the attribute, as in a browser (a removed title reads ""). */
  get title(): string {
    return this.getAttribute("title") ?? "";
  }

  set title(value: string) {
    this.setAttribute("title", value);
  }

  get classList() {
    const names = (): string[] => this.className.split(/\s+/).filter((n) => n !== "");
    const write = (list: string[]): void => this.setAttribute("class", list.join(" "));
    return {
      add: (...add: string[]) => write([...new Set([...names(), ...add])]),
      remove: (...remove: string[]) => write(names().filter((n) => !remove.includes(n))),
      contains: (name: string) => names().includes(name),
      toggle: (name: string, force?: boolean): boolean => {
        const on = force ?? !names().includes(name);
        write(on ? [...new Set([...names(), name])] : names().filter((n) => n !== name));
        return on;
      },
    };
  }

  get textContent(): string {
    return this.text + this.children.map((child) => child.textContent).join("");
  }

  set textContent(value: string) {
    this.replaceChildren();
    this.text = value;
  }

  get isConnected(): boolean {
    let node: FakeElement = this;
    while (node.parentNode !== null) {
      node = node.parentNode;
    }
    return node === this.owner.body;
  }

  setAttribute(name: string, value: string): void {
    this.attributes.set(name, String(value));
  }

  getAttribute(name: string): string | null {
    return this.attributes.get(name) ?? null;
  }

  removeAttribute(name: string): void {
    this.attributes.delete(name);
  }

  getAttributeNames(): string[] {
    return [...this.attributes.keys()];
  }

  /** Strings become text nodes (tag "#TEXT"), so text keeps its place among the children. */
  append(...items: (FakeElement | string)[]): void {
    for (const item of items) {
      const node = typeof item === "string" ? this.owner.createTextNode(item) : item;
      node.remove();
      node.parentNode = this;
      this.children.push(node);
    }
  }

  replaceChildren(...nodes: FakeElement[]): void {
    for (const child of [...this.children]) {
      child.remove();
    }
    this.text = "";
    this.append(...nodes);
  }

  remove(): void {
    const parent = this.parentNode;
    if (parent !== null) {
      parent.children.splice(parent.children.indexOf(this), 1);
      this.parentNode = null;
    }
  }

  contains(other: FakeElement | null): boolean {
    for (let node = other; node !== null; node = node.parentNode) {
      if (node === this) {
        return true;
      }
    }
    return false;
  }

  /** This element and all below it, in document order. */
  descendants(): FakeElement[] {
    return [this, ...this.children.flatMap((child) => child.descendants())];
  }

  /** Only `.class` and `tag` selectors. */
  querySelectorAll(selector: string): FakeElement[] {
    const match = selector.startsWith(".")
      ? (el: FakeElement) => el.classList.contains(selector.slice(1))
      : (el: FakeElement) => el.tagName === selector.toUpperCase();
    return this.descendants().slice(1).filter(match);
  }

  /** Only `[attribute]` and `.class` selectors. */
  closest(selector: string): FakeElement | null {
    const attribute = /^\[([\w-]+)\]$/.exec(selector)?.[1];
    const match = (el: FakeElement): boolean =>
      attribute !== undefined
        ? el.getAttribute(attribute) !== null
        : el.classList.contains(selector.slice(1));
    for (let node: FakeElement | null = this; node !== null; node = node.parentNode) {
      if (match(node)) {
        return node;
      }
    }
    return null;
  }

  /** Call this element's `type` listeners with `event` (no bubbling: fire on the listener). */
  fire(type: string, event: Record<string, unknown> = {}): void {
    for (const listener of this.listeners.get(type) ?? []) {
      listener({ target: this, relatedTarget: null, ...event });
    }
  }

  addEventListener(type: string, listener: Listener): void {
    const set = this.listeners.get(type) ?? new Set();
    set.add(listener);
    this.listeners.set(type, set);
  }

  removeEventListener(type: string, listener: Listener): void {
    this.listeners.get(type)?.delete(listener);
  }

  getComputedTextLength(): number {
    return 0;
  }

  getBoundingClientRect() {
    return { left: 0, top: 0, right: 0, bottom: 0, width: 0, height: 0, x: 0, y: 0 };
  }
}

export class FakeDocument {
  readonly body: FakeElement = new FakeElement(this, "body");

  createElement(tag: string): FakeElement {
    return new FakeElement(this, tag);
  }

  createElementNS(namespace: string, tag: string): FakeElement {
    return new FakeElement(this, tag, namespace);
  }

  createTextNode(text: string): FakeElement {
    const node = new FakeElement(this, "#text");
    node.textContent = text;
    return node;
  }

  /** The first element with this id in document order, as browsers resolve <label for>. */
  getElementById(id: string): FakeElement | null {
    return this.body.descendants().find((el) => el.id === id) ?? null;
  }
}

/** Stands in for ResizeObserver: nothing is ever resized. */
export class FakeResizeObserver {
  observe(): void {}
  unobserve(): void {}
  disconnect(): void {}
}
