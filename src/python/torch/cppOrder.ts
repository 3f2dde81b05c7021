// PyTorch's invalid-arguments formatter copies the keyword arguments into a C++
// std::unordered_map<std::string, PyObject*> and prints them in that map's iteration order, so
// "got (value=float, mask=list, )" depends on libstdc++'s string hash and bucket layout. This
// replays both: _Hash_bytes (a 64-bit Murmur-style hash, seed 0xc70f6907) and the node list
// that unordered_map keeps (a new key goes to the front of its bucket's run, and a key whose
// bucket was empty goes to the front of the whole list; 13 buckets hold up to 13 keys).

const MASK64 = (1n << 64n) - 1n;
const MUL = 0xc6a4a7935bd1e995n;
const SEED = 0xc70f6907n;

const shiftMix = (v: bigint): bigint => v ^ (v >> 47n);

function loadLittleEndian(bytes: Uint8Array, start: number, n: number): bigint {
  let r = 0n;
  for (let i = n - 1; i >= 0; i--) r = (r << 8n) | BigInt(bytes[start + i]);
  return r;
}

/** std::hash<std::string> of libstdc++ on a 64-bit target. */
export function cppStringHash(s: string): bigint {
  const bytes = new TextEncoder().encode(s);
  const len = bytes.length;
  const aligned = len & ~7;
  let hash = (SEED ^ ((BigInt(len) * MUL) & MASK64)) & MASK64;
  for (let p = 0; p < aligned; p += 8) {
    const data = (shiftMix((loadLittleEndian(bytes, p, 8) * MUL) & MASK64) * MUL) & MASK64;
    hash = ((hash ^ data) * MUL) & MASK64;
  }
  if ((len & 7) !== 0) {
    hash = ((hash ^ loadLittleEndian(bytes, aligned, len & 7)) * MUL) & MASK64;
  }
  hash = (shiftMix(hash) * MUL) & MASK64;
  return shiftMix(hash);
}

/** Iteration order of an unordered_map<std::string, …> filled with `keys` in this order. */
export function cppUnorderedMapOrder(keys: readonly string[]): string[] {
  // Beyond 13 keys libstdc++ rehashes; no PyTorch call takes that many keyword arguments.
  const buckets = 13n;
  const list: { key: string; bucket: bigint }[] = [];
  for (const key of keys) {
    if (list.some((n) => n.key === key)) continue;
    const bucket = cppStringHash(key) % buckets;
    const at = list.findIndex((n) => n.bucket === bucket);
    list.splice(at < 0 ? 0 : at, 0, { key, bucket });
  }
  return list.map((n) => n.key);
}
