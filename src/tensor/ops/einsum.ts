import { notImplemented, runtimeError } from "../errors";
import type { Tensor } from "../tensor";
import { mul } from "./binary";
import { matmul } from "./matmul";
import { sum } from "./reduce";
import { diagonal, movedim, permute, reshape } from "./views";

// torch.einsum(equation, *operands), composed as PyTorch composes it: labels only one operand
// has and the output lacks are summed away first, a pair of operands that shares a summed label
// goes through a batched matrix product (so float32 results round like matmul's), a pair that
// shares none is multiplied element-wise, and operands are taken left to right. The last op
// applied names the result's grad_fn, as in PyTorch (ViewBackward0 after a product,
// MulBackward0, SumBackward1, PermuteBackward0).

const fail = (msg: string): Error => runtimeError(`einsum(): ${msg}`);

/** Labels of one term with its ellipsis expanded to `ell` labels named by char codes 0.. */
type Labels = string[];

const isLetter = (c: string): boolean => /^[a-zA-Z]$/.test(c);

/** Splits one term into labels, marking where the ellipsis sits (-1 when none). */
function parseTerm(term: string, start: number, operand: number): { labels: string[]; at: number } {
  const labels: string[] = [];
  let at = -1;
  for (let i = 0; i < term.length; i++) {
    const c = term[i];
    if (c === ".") {
      if (term.slice(i, i + 3) !== "..." || at >= 0)
        throw fail(`found '.' for operand ${operand} that is not part of any ellipsis`);
      at = labels.length;
      i += 2;
    } else if (isLetter(c)) labels.push(c);
    else
      throw fail(
        `invalid subscript given at index ${start + i} in the equation string, subscripts must be in [a-zA-Z]`,
      );
  }
  return { labels, at };
}

/** The ellipsis's own labels: one per broadcast dim, right-aligned across operands. */
const ellipsisLabel = (k: number, width: number, total: number): string =>
  String.fromCharCode(0x100 + total - width + k);

function expand(labels: string[], at: number, width: number, total: number): Labels {
  if (at < 0) return labels;
  const ell = Array.from({ length: width }, (_, k) => ellipsisLabel(k, width, total));
  return [...labels.slice(0, at), ...ell, ...labels.slice(at)];
}

/** A tensor with one label per dim. */
interface Term {
  t: Tensor;
  labels: Labels;
}

/**
 * A label repeated within one operand ('ii->i', 'bii->bi') reads its diagonal: each repeat
 * folds its dim into the label's first one, as a view (diagonal, then movedim back in place).
 */
function diagonals(term: Term, operand: number): Term {
  let t = term.t;
  const labels: Labels = [];
  for (const l of term.labels) {
    const first = labels.indexOf(l);
    if (first < 0) {
      labels.push(l);
      continue;
    }
    const j = labels.length;
    if (t.shape[j] !== t.shape[first])
      throw fail(
        `subscript ${l} is repeated for operand ${operand} but the sizes don't match, ${t.shape[j]} != ${t.shape[first]}`,
      );
    t = movedim(diagonal(t, 0, first, j), [-1], [first]);
  }
  return { t, labels };
}

/** Sums `term` over the labels no later operand and not the output needs. */
function sumAway(term: Term, keep: Set<string>): Term {
  const dims = term.labels.flatMap((l, i) => (keep.has(l) ? [] : [i]));
  if (dims.length === 0) return term;
  return {
    t: sum(term.t, { dim: dims }),
    labels: term.labels.filter((l) => keep.has(l)),
  };
}

function order(term: Term, labels: Labels): Tensor {
  const perm = labels.map((l) => term.labels.indexOf(l));
  return perm.every((p, i) => p === i) ? term.t : permute(term.t, perm);
}

/** Inserts size-1 dims so `term` lines up with `labels` (a superset of its own). */
function aligned(term: Term, labels: Labels): Tensor {
  const own = labels.filter((l) => term.labels.includes(l));
  const t = order(term, own);
  const shape = labels.map((l) => (own.includes(l) ? t.shape[own.indexOf(l)] : 1));
  return shape.length === t.ndim ? t : reshape(t, shape);
}

/** One pair: batch labels shared and kept, contracted labels shared and summed. */
function pair(a: Term, b: Term, keep: Set<string>): Term {
  const shared = a.labels.filter((l) => b.labels.includes(l));
  const contracted = shared.filter((l) => !keep.has(l));
  if (contracted.length === 0) {
    // Nothing to sum over together: broadcast the two and multiply.
    const labels = [...a.labels, ...b.labels.filter((l) => !a.labels.includes(l))];
    return { t: mul(aligned(a, labels), aligned(b, labels)), labels };
  }
  const batch = shared.filter((l) => keep.has(l));
  const aOnly = a.labels.filter((l) => !b.labels.includes(l));
  const bOnly = b.labels.filter((l) => !a.labels.includes(l));
  const size = (term: Term, ls: Labels) =>
    ls.map((l) => term.t.shape[term.labels.indexOf(l)]).reduce((x, y) => x * y, 1);
  const batchShape = batch.map((l) =>
    Math.max(a.t.shape[a.labels.indexOf(l)], b.t.shape[b.labels.indexOf(l)]),
  );
  for (const l of contracted)
    if (a.t.shape[a.labels.indexOf(l)] !== b.t.shape[b.labels.indexOf(l)])
      throw notImplemented(`einsum(): subscript ${l} is summed over but broadcast from size 1`);
  const k = size(a, contracted);
  const left = reshape(order(a, [...batch, ...aOnly, ...contracted]), [
    ...batch.map((l) => a.t.shape[a.labels.indexOf(l)]),
    size(a, aOnly),
    k,
  ]);
  const right = reshape(order(b, [...batch, ...contracted, ...bOnly]), [
    ...batch.map((l) => b.t.shape[b.labels.indexOf(l)]),
    k,
    size(b, bOnly),
  ]);
  const product = matmul(left, right);
  const labels = [...batch, ...aOnly, ...bOnly];
  const shape = [
    ...batchShape,
    ...aOnly.map((l) => a.t.shape[a.labels.indexOf(l)]),
    ...bOnly.map((l) => b.t.shape[b.labels.indexOf(l)]),
  ];
  return { t: reshape(product, shape), labels };
}

export function einsum(equation: string, operands: readonly Tensor[]): Tensor {
  const eq = equation.replace(/\s+/g, "");
  const arrow = eq.indexOf("->");
  const lhs = arrow >= 0 ? eq.slice(0, arrow) : eq;
  const terms = lhs.split(",");
  if (terms.length > operands.length)
    throw fail("fewer operands were provided than specified in the equation");
  if (terms.length < operands.length)
    throw fail("more operands were provided than specified in the equation");

  let offset = 0;
  const parsed = terms.map((term, i) => {
    const p = parseTerm(term, offset, i);
    offset += term.length + 1;
    const ndim = operands[i].ndim;
    if (p.at < 0 && p.labels.length !== ndim)
      throw fail(
        `the number of subscripts in the equation (${p.labels.length}) does not match the number of dimensions (${ndim}) for operand ${i} and no ellipsis was given`,
      );
    if (p.at >= 0 && p.labels.length > ndim)
      throw fail(
        `the number of subscripts in the equation (${p.labels.length}) is more than the number of dimensions (${ndim}) for operand ${i}`,
      );
    return { ...p, width: p.at >= 0 ? ndim - p.labels.length : 0 };
  });
  const ellWidth = Math.max(0, ...parsed.map((p) => p.width));
  const inputs: Term[] = parsed.map((p, i) => ({
    t: operands[i],
    labels: expand(p.labels, p.at, p.width, ellWidth),
  }));

  // Sizes agree label by label, or broadcast from 1.
  const sizes = new Map<string, number>();
  inputs.forEach((term, i) => {
    inputs[i] = diagonals(term, i);
    inputs[i].labels.forEach((l, d) => {
      const n = inputs[i].t.shape[d];
      const seen = sizes.get(l);
      if (seen === undefined || seen === 1) sizes.set(l, n);
      else if (n !== 1 && n !== seen)
        throw fail(
          `subscript ${l} has size ${n} for operand ${i} which does not broadcast with previously seen size ${seen}`,
        );
    });
  });

  let output: Labels;
  const ellipsis = Array.from({ length: ellWidth }, (_, k) => ellipsisLabel(k, ellWidth, ellWidth));
  if (arrow >= 0) {
    const out = parseTerm(eq.slice(arrow + 2), arrow + 2, 0);
    const seen = new Set<string>();
    for (const l of out.labels) {
      if (seen.has(l)) throw fail(`output subscript ${l} appears more than once in the output`);
      seen.add(l);
      if (!sizes.has(l))
        throw fail(`output subscript ${l} does not appear in the equation for any input operand`);
    }
    output = out.at >= 0 ? expand(out.labels, out.at, ellWidth, ellWidth) : out.labels;
  } else {
    const counts = new Map<string, number>();
    for (const term of parsed) for (const l of term.labels) counts.set(l, (counts.get(l) ?? 0) + 1);
    const once = [...counts].filter(([, c]) => c === 1).map(([l]) => l);
    output = [...ellipsis, ...once.sort()];
  }

  // Left to right: each step keeps what the output or a later operand still needs.
  const needs = (from: number): Set<string> => {
    const s = new Set(output);
    for (let i = from; i < inputs.length; i++) for (const l of inputs[i].labels) s.add(l);
    return s;
  };
  if (inputs.length === 1) {
    // One operand: PyTorch permutes it to the output's order, summed labels last, even when
    // that changes nothing (so 'ij->ij' is a new view with PermuteBackward0), then sums.
    const [only] = inputs;
    const summed = only.labels.filter((l) => !output.includes(l));
    const t = permute(
      only.t,
      [...output, ...summed].map((l) => only.labels.indexOf(l)),
    );
    if (summed.length === 0) return t;
    return sum(t, { dim: summed.map((_, k) => output.length + k) });
  }
  let acc = sumAway(inputs[0], needs(1));
  for (let i = 1; i < inputs.length; i++) {
    const keep = needs(i + 1);
    const next = sumAway(inputs[i], new Set([...keep, ...acc.labels]));
    acc = sumAway(pair(sumAway(acc, new Set([...keep, ...next.labels])), next, keep), keep);
  }
  return order(acc, output);
}
