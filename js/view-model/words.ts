/** Words every view uses for the explained output, so the chart and the image agree. */

import type { Meta } from "../contract/meta";

/** Name of the explained output: the class name, or "class 3" if the kernel sent no name. */
export function outputName(meta: Meta, label: number): string {
  return meta.class_names[label] ?? `class ${label}`;
}

/**
 * What the two signs mean: "for benign" / "against benign", or in regression "raises the
 * prediction" / "lowers the prediction".
 */
export function directionWords(meta: Meta, label: number): [up: string, down: string] {
  if (meta.mode === "regression") {
    return ["raises the prediction", "lowers the prediction"];
  }
  const name = outputName(meta, label);
  return [`for ${name}`, `against ${name}`];
}
