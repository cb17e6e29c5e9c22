import { describe, expect, it } from "vitest";
import { decodeBase64, decodeInt32LE } from "./base64";
import { int32Base64 } from "./testing";

describe("decodeInt32LE", () => {
  it("reads little-endian int32 values, including negatives and large ids", () => {
    const values = [0, 1, 258, 65536, -1, 2147483647];
    expect(Array.from(decodeInt32LE(int32Base64(values), values.length))).toEqual(values);
  });

  it("reads bytes in little-endian order", () => {
    // Bytes 02 01 00 00: 258 little-endian (it would be 33619968 big-endian).
    expect(Array.from(decodeInt32LE(btoa("\u0002\u0001\u0000\u0000"), 1))).toEqual([258]);
  });

  it("rejects a wrong length or invalid base64", () => {
    expect(() => decodeInt32LE(int32Base64([1, 2]), 3)).toThrow(/expected 3 int32 values/);
    expect(() => decodeBase64("abc$")).toThrow(/base64/);
    expect(Array.from(decodeBase64("AQI=\n"))).toEqual([1, 2]);
  });
});
