// Lab state travels in URLs: JSON made URL-safe with base64url over UTF-8. Masks pack to bits
// first, and non-finite numbers become strings, so the JSON stays plain and short.

import type { MaskBits } from "./mask/bits";

export function toBase64Url(bytes: Uint8Array): string {
  let s = "";
  for (let i = 0; i < bytes.length; i++) s += String.fromCharCode(bytes[i]);
  return btoa(s).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

export function fromBase64Url(text: string): Uint8Array {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) throw new Error("not base64url");
  const b64 = text.replace(/-/g, "+").replace(/_/g, "/");
  const s = atob(b64 + "=".repeat((4 - (b64.length % 4)) % 4));
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out;
}

export function packBits(m: MaskBits): string {
  const bytes = new Uint8Array(Math.ceil(m.bits.length / 8));
  for (let i = 0; i < m.bits.length; i++) if (m.bits[i]) bytes[i >> 3] |= 1 << (i & 7);
  return toBase64Url(bytes);
}

export function unpackBits(text: string, rows: number, cols: number): MaskBits {
  const bytes = fromBase64Url(text);
  const n = rows * cols;
  if (bytes.length !== Math.ceil(n / 8)) throw new Error("mask length");
  const bits = new Uint8Array(n);
  for (let i = 0; i < n; i++) bits[i] = (bytes[i >> 3] >> (i & 7)) & 1;
  return { rows, cols, bits };
}

/**
 * A seeded random mask carries its seed as the optional "ms" field beside "m"; states written
 * before it existed have none and print their mask literally.
 */
export function withMaskSeed(m: MaskBits, ms: unknown): MaskBits {
  return ms === undefined ? m : { ...m, seed: int(ms, 0, 2 ** 31 - 1) };
}

/** A number that JSON can carry: non-finite values as their Python spelling. */
export type JsonNumber = number | "inf" | "-inf" | "nan" | "-0";

export function toJsonNumber(x: number): JsonNumber {
  if (Number.isNaN(x)) return "nan";
  if (x === Infinity) return "inf";
  if (x === -Infinity) return "-inf";
  // JSON has no negative zero, and -0.0 prints differently from 0.0 in PyTorch.
  if (x === 0 && 1 / x < 0) return "-0";
  return x;
}

export function fromJsonNumber(x: unknown): number {
  if (x === "nan") return NaN;
  if (x === "inf") return Infinity;
  if (x === "-inf") return -Infinity;
  if (x === "-0") return -0;
  if (typeof x === "number" && Number.isFinite(x)) return x;
  throw new Error("bad number");
}

export function encodeJson(value: unknown): string {
  return toBase64Url(new TextEncoder().encode(JSON.stringify(value)));
}

export function decodeJson(text: string): unknown {
  return JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(fromBase64Url(text)));
}

/** What decoding gives back: always a usable state, and a notice when the text was not one. */
export interface Decoded<S> {
  readonly state: S;
  readonly notice: "malformed" | null;
}

export interface StateCodec<S> {
  readonly defaults: () => S;
  /** Serialisable form: plain JSON values only. */
  readonly toJson: (s: S) => unknown;
  /** Throws on anything out of range; the caller falls back to defaults. */
  readonly fromJson: (j: unknown) => S;
}

// A packed mask (the "m" field) travels after a "." rather than inside the JSON, so its
// base64url text is not base64-encoded a second time; "." is not in the base64url alphabet.
export function encodeWith<S>(codec: StateCodec<S>, state: S): string {
  const json = codec.toJson(state) as Record<string, unknown>;
  if (typeof json.m !== "string") return encodeJson(json);
  const { m, ...rest } = json;
  return encodeJson(rest) + "." + m;
}

export function decodeWith<S>(codec: StateCodec<S>, text: string | null | undefined): Decoded<S> {
  if (text === null || text === undefined || text === "")
    return { state: codec.defaults(), notice: null };
  try {
    const dot = text.indexOf(".");
    const json = decodeJson(dot < 0 ? text : text.slice(0, dot));
    if (dot >= 0) obj(json).m = text.slice(dot + 1);
    return { state: codec.fromJson(json), notice: null };
  } catch {
    return { state: codec.defaults(), notice: "malformed" };
  }
}

// Small validators for fromJson.
export function obj(j: unknown): Record<string, unknown> {
  if (typeof j !== "object" || j === null || Array.isArray(j)) throw new Error("not an object");
  return j as Record<string, unknown>;
}

export function int(x: unknown, lo: number, hi: number): number {
  if (typeof x !== "number" || !Number.isInteger(x) || x < lo || x > hi) throw new Error("bad int");
  return x;
}

export function num(x: unknown, lo: number, hi: number): number {
  if (typeof x !== "number" || !Number.isFinite(x) || x < lo || x > hi)
    throw new Error("bad number");
  return x;
}

export function oneOf<T extends string>(x: unknown, options: readonly T[]): T {
  if (typeof x !== "string" || !(options as readonly string[]).includes(x))
    throw new Error("bad choice");
  return x as T;
}

export function bool(x: unknown): boolean {
  if (typeof x !== "boolean") throw new Error("bad bool");
  return x;
}

export function numbers(x: unknown, length: number): number[] {
  if (!Array.isArray(x) || x.length !== length) throw new Error("bad values");
  return x.map(fromJsonNumber);
}
