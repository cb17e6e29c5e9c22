/** Binary payloads of the contract, sent as base64 text (the image and its superpixels). */

/** Decode base64 of a little-endian Int32 array holding exactly `count` values. */
export function decodeInt32LE(base64: string, count: number): Int32Array {
  const bytes = decodeBase64(base64);
  if (bytes.length !== count * 4) {
    throw new RangeError(
      `expected ${count} int32 values (${count * 4} bytes), got ${bytes.length} bytes`,
    );
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out = new Int32Array(count);
  for (let i = 0; i < count; i++) {
    out[i] = view.getInt32(i * 4, true);
  }
  return out;
}

/** Base64 (standard alphabet, whitespace ignored) to bytes; throws on anything else. */
export function decodeBase64(base64: string): Uint8Array {
  const clean = base64.replace(/\s+/g, "");
  if (clean.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(clean)) {
    throw new RangeError("not valid base64");
  }
  const binary = atob(clean);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) {
    bytes[i] = binary.charCodeAt(i);
  }
  return bytes;
}
