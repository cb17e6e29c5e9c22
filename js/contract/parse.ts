/**
 * Runtime checks for JSON from the kernel. Each checker returns the typed value or throws
 * a ContractError naming the offending field; `guard` turns that into a Parsed result at
 * the parser's boundary, so nothing escapes to the views.
 */

export type Parsed<T> = { ok: true; value: T } | { ok: false; message: string };

/** Thrown inside a parser, caught at its boundary by `guard`. */
export class ContractError extends Error {}

export function guard<T>(parse: () => T): Parsed<T> {
  try {
    return { ok: true, value: parse() };
  } catch (error) {
    if (error instanceof ContractError) {
      return { ok: false, message: error.message };
    }
    throw error;
  }
}

export function fail(message: string): never {
  throw new ContractError(`${message}.`);
}

export function describe(v: unknown): string {
  if (v === undefined) {
    return "nothing";
  }
  if (v === null) {
    return "null";
  }
  if (Array.isArray(v)) {
    return "a list";
  }
  if (typeof v === "number") {
    return String(v);
  }
  return typeof v === "string" ? JSON.stringify(v.slice(0, 40)) : typeof v;
}

export function record(v: unknown, path: string): Record<string, unknown> {
  if (typeof v !== "object" || v === null || Array.isArray(v)) {
    fail(`${path} must be an object, got ${describe(v)}`);
  }
  return v as Record<string, unknown>;
}

export function string(v: unknown, path: string): string {
  if (typeof v !== "string") {
    fail(`${path} must be a string, got ${describe(v)}`);
  }
  return v;
}

export function boolean(v: unknown, path: string): boolean {
  if (typeof v !== "boolean") {
    fail(`${path} must be true or false, got ${describe(v)}`);
  }
  return v;
}

export function finite(v: unknown, path: string): number {
  if (typeof v !== "number" || !Number.isFinite(v)) {
    fail(`${path} must be a finite number, got ${describe(v)}`);
  }
  return v;
}

export function positive(v: unknown, path: string): number {
  const n = finite(v, path);
  if (!(n > 0)) {
    fail(`${path} must be > 0, got ${n}`);
  }
  return n;
}

export function nonNegative(v: unknown, path: string): number {
  const n = finite(v, path);
  if (n < 0) {
    fail(`${path} must be >= 0, got ${n}`);
  }
  return n;
}

/** A share in [0, 1]. */
export function fraction(v: unknown, path: string): number {
  const n = finite(v, path);
  if (n < 0 || n > 1) {
    fail(`${path} must be between 0 and 1, got ${n}`);
  }
  return n;
}

export function integer(v: unknown, path: string, min: number): number {
  const n = finite(v, path);
  if (!Number.isInteger(n) || n < min) {
    fail(`${path} must be an integer >= ${min}, got ${n}`);
  }
  return n;
}

export function oneOf<T extends string>(v: unknown, path: string, allowed: readonly T[]): T {
  if (typeof v !== "string" || !(allowed as readonly string[]).includes(v)) {
    fail(`${path} must be one of ${allowed.map((a) => `"${a}"`).join(", ")}, got ${describe(v)}`);
  }
  return v as T;
}

export function list<T>(v: unknown, path: string, item: (v: unknown, path: string) => T): T[] {
  if (!Array.isArray(v)) {
    fail(`${path} must be a list, got ${describe(v)}`);
  }
  return v.map((x, i) => item(x, `${path}[${i}]`));
}

/** A list of exactly `length` items. */
export function listOf<T>(
  v: unknown,
  path: string,
  length: number,
  item: (v: unknown, path: string) => T,
): T[] {
  const out = list(v, path, item);
  if (out.length !== length) {
    fail(`${path} must have ${length} values, got ${out.length}`);
  }
  return out;
}

export function nullable<T>(
  v: unknown,
  path: string,
  item: (v: unknown, path: string) => T,
): T | null {
  return v === null || v === undefined ? null : item(v, path);
}
