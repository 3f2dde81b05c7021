;; float32 softmax over rows, four scores per instruction (WebAssembly 128-bit SIMD). Compiled
;; by `npm run build:wasm` into softmaxRowsWasm.ts; softmaxWasm.ts gives each instance its memory.
;;
;; Each row of `stride` floats (a multiple of 4; slots past the row's length hold -inf) is
;; replaced by its softmax in place:
;;   m = max of the row; a row holding a NaN, or whose max is +-inf (an all -inf row
;;       included), becomes NaN, as in PyTorch;
;;   e = exp(x - m), with x - m carried exactly as the float32 pair d + err (TwoSum), so that
;;       rounding the difference costs no accuracy; e is 0 for d below -104 (as it rounds);
;;       exp(d + err) = 2^k p(r): k = nearest(d / ln2), r = d - k ln2 + err with ln2 in two
;;       parts, p Cephes' expf polynomial (about 1 ulp on |r| <= ln2 / 2); 2^k is applied as
;;       2^(k+64) and then 2^-64, so that results down among the subnormals round once;
;;   the row sum is taken in float64, and each e is multiplied by float32(1 / sum).
;; Max relative error against a float64 softmax of the same inputs: about 2e-7.
(module
  (import "env" "memory" (memory 1))

  (func (export "softmaxRows") (param $ptr i32) (param $rows i32) (param $stride i32)
    (local $row i32) (local $p i32) (local $q i32) (local $end i32) (local $m f32)
    (local $vmax v128) (local $nan v128) (local $negm v128) (local $x v128) (local $d v128) (local $bb v128)
    (local $err v128) (local $keep v128) (local $big v128) (local $k v128) (local $r v128)
    (local $y v128) (local $e v128) (local $sum v128) (local $inv v128)

    (loop $rowLoop
      (if (i32.lt_u (local.get $row) (local.get $rows))
        (then
          (block $next
            (local.set $p
              (i32.add (local.get $ptr)
                (i32.shl (i32.mul (local.get $row) (local.get $stride)) (i32.const 2))))
            (local.set $end (i32.add (local.get $p) (i32.shl (local.get $stride) (i32.const 2))))

            ;; The row max. pmax is one x86 instruction where max (with its NaN rules) takes
            ;; several; it passes over NaNs, which are flagged on the side.
            (local.set $vmax (v128.const f32x4 -inf -inf -inf -inf))
            (local.set $nan (v128.const i32x4 0 0 0 0))
            (local.set $q (local.get $p))
            (block $maxDone
              (loop $maxLoop
                (br_if $maxDone (i32.ge_u (local.get $q) (local.get $end)))
                (local.set $x (v128.load (local.get $q)))
                (local.set $vmax (f32x4.pmax (local.get $vmax) (local.get $x)))
                (local.set $nan (v128.or (local.get $nan) (f32x4.ne (local.get $x) (local.get $x))))
                (local.set $q (i32.add (local.get $q) (i32.const 16)))
                (br $maxLoop)))
            (local.set $m
              (f32.max
                (f32.max (f32x4.extract_lane 0 (local.get $vmax))
                         (f32x4.extract_lane 1 (local.get $vmax)))
                (f32.max (f32x4.extract_lane 2 (local.get $vmax))
                         (f32x4.extract_lane 3 (local.get $vmax)))))
            ;; A NaN score, or an infinite max (an all -inf row included): the row is NaN.
            (if (i32.or (v128.any_true (local.get $nan))
                        (f32.ne (f32.sub (local.get $m) (local.get $m)) (f32.const 0)))
              (then
                (local.set $q (local.get $p))
                (block $nanDone
                  (loop $nanLoop
                    (br_if $nanDone (i32.ge_u (local.get $q) (local.get $end)))
                    (v128.store (local.get $q) (v128.const f32x4 nan nan nan nan))
                    (local.set $q (i32.add (local.get $q) (i32.const 16)))
                    (br $nanLoop)))
                (br $next)))

            ;; The exponentials, stored in place and summed in float64.
            (local.set $negm (f32x4.splat (f32.neg (local.get $m))))
            (local.set $sum (v128.const f64x2 0 0))
            (local.set $q (local.get $p))
            (block $expDone
              (loop $expLoop
                (br_if $expDone (i32.ge_u (local.get $q) (local.get $end)))
                (local.set $x (v128.load (local.get $q)))
                ;; TwoSum: d + err == x + (-m) exactly.
                (local.set $d (f32x4.add (local.get $x) (local.get $negm)))
                (local.set $bb (f32x4.sub (local.get $d) (local.get $x)))
                (local.set $err
                  (f32x4.add
                    (f32x4.sub (local.get $x) (f32x4.sub (local.get $d) (local.get $bb)))
                    (f32x4.sub (local.get $negm) (local.get $bb))))
                ;; Below -104 e^d rounds to 0 in float32. Those lanes (-inf and NaN included)
                ;; compute e^0 instead and are zeroed at the end: producing a subnormal or
                ;; an underflow costs x86 a microcode assist, which every masked score
                ;; would pay.
                (local.set $keep (f32x4.ge (local.get $d) (v128.const f32x4 -104 -104 -104 -104)))
                (local.set $d (v128.and (local.get $d) (local.get $keep)))
                ;; k = nearest(d / ln2): adding 1.5 * 2^23 rounds to an integer, which the sum's
                ;; bit pattern then holds in its low bits. ln2's high part has 9 bits, so
                ;; k * 0.693359375 is exact.
                (local.set $big
                  (f32x4.add
                    (f32x4.mul (local.get $d)
                      (v128.const f32x4 1.44269504088896341 1.44269504088896341
                                        1.44269504088896341 1.44269504088896341))
                    (v128.const f32x4 12582912 12582912 12582912 12582912)))
                (local.set $k
                  (f32x4.sub (local.get $big) (v128.const f32x4 12582912 12582912 12582912 12582912)))
                (local.set $r
                  (f32x4.add
                    (f32x4.sub
                      (f32x4.sub (local.get $d)
                        (f32x4.mul (local.get $k)
                          (v128.const f32x4 0.693359375 0.693359375 0.693359375 0.693359375)))
                      (f32x4.mul (local.get $k)
                        (v128.const f32x4 -2.12194440e-4 -2.12194440e-4
                                          -2.12194440e-4 -2.12194440e-4)))
                    (local.get $err)))
                ;; p(r) = 1 + r + r^2 (c2 + r (c3 + r (c4 + r (c5 + r (c6 + r c7)))))
                (local.set $y
                  (f32x4.add
                    (f32x4.mul (local.get $r)
                      (v128.const f32x4 1.9875691500e-4 1.9875691500e-4
                                        1.9875691500e-4 1.9875691500e-4))
                    (v128.const f32x4 1.3981999507e-3 1.3981999507e-3
                                      1.3981999507e-3 1.3981999507e-3)))
                (local.set $y
                  (f32x4.add (f32x4.mul (local.get $y) (local.get $r))
                    (v128.const f32x4 8.3334519073e-3 8.3334519073e-3
                                      8.3334519073e-3 8.3334519073e-3)))
                (local.set $y
                  (f32x4.add (f32x4.mul (local.get $y) (local.get $r))
                    (v128.const f32x4 4.1665795894e-2 4.1665795894e-2
                                      4.1665795894e-2 4.1665795894e-2)))
                (local.set $y
                  (f32x4.add (f32x4.mul (local.get $y) (local.get $r))
                    (v128.const f32x4 1.6666665459e-1 1.6666665459e-1
                                      1.6666665459e-1 1.6666665459e-1)))
                (local.set $y
                  (f32x4.add (f32x4.mul (local.get $y) (local.get $r))
                    (v128.const f32x4 5.0000001201e-1 5.0000001201e-1
                                      5.0000001201e-1 5.0000001201e-1)))
                (local.set $y
                  (f32x4.add
                    (f32x4.add
                      (f32x4.mul (local.get $y) (f32x4.mul (local.get $r) (local.get $r)))
                      (local.get $r))
                    (v128.const f32x4 1 1 1 1)))
                ;; e = p(r) 2^(k+64) 2^-64. k >= -150 (d >= -104), so k + 64 + 127 is a normal
                ;; exponent: the bit pattern of 1.5 * 2^23 + k is 0x4b400000 + k.
                (local.set $e
                  (v128.and (local.get $keep)
                    (f32x4.mul
                      (f32x4.mul (local.get $y)
                        (i32x4.shl
                          (i32x4.sub (local.get $big)
                            (v128.const i32x4 0x4b3fff41 0x4b3fff41 0x4b3fff41 0x4b3fff41))
                          (i32.const 23)))
                      (v128.const f32x4 0x1p-64 0x1p-64 0x1p-64 0x1p-64))))
                (v128.store (local.get $q) (local.get $e))
                (local.set $sum
                  (f64x2.add (local.get $sum)
                    (f64x2.add (f64x2.promote_low_f32x4 (local.get $e))
                      (f64x2.promote_low_f32x4
                        (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7
                          (local.get $e) (local.get $e))))))
                (local.set $q (i32.add (local.get $q) (i32.const 16)))
                (br $expLoop)))

            ;; Scale by float32(1 / sum).
            (local.set $inv
              (f32x4.splat
                (f32.demote_f64
                  (f64.div (f64.const 1)
                    (f64.add (f64x2.extract_lane 0 (local.get $sum))
                             (f64x2.extract_lane 1 (local.get $sum)))))))
            (local.set $q (local.get $p))
            (block $scaleDone
              (loop $scaleLoop
                (br_if $scaleDone (i32.ge_u (local.get $q) (local.get $end)))
                (v128.store (local.get $q) (f32x4.mul (v128.load (local.get $q)) (local.get $inv)))
                (local.set $q (i32.add (local.get $q) (i32.const 16)))
                (br $scaleLoop))))
          (local.set $row (i32.add (local.get $row) (i32.const 1)))
          (br $rowLoop)))))
)
