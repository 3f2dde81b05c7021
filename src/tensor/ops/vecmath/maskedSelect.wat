;; masked_fill_'s select for tensors in a WebAssembly memory (wasmMemory.ts), sixteen elements
;; per iteration with 128-bit SIMD. Compiled by `npm run build:wasm` into maskedSelectWasm.ts.
;;
;; For each of `rows` consecutive rows of `count` elements from x, and i < count:
;; row[i] = mask[i] != 0 ? value : row[i], where x holds 4- or 8-byte elements and mask one
;; byte per element (bool), the same mask bytes for every row (a mask broadcast over the
;; leading dims; a same-shape mask is one row). The mask bytes become whole-lane masks by sign
;; extension and v128.bitselect picks the value's bits or x's: no branch, and NaN payloads
;; and -0 pass through untouched.
(module
  (import "env" "memory" (memory 1))

  (func (export "select32")
    (param $x i32) (param $mask0 i32) (param $count i32) (param $rows i32) (param $value i32)
    (local $mask i32) (local $end i32) (local $vecEnd i32) (local $m v128) (local $v v128)
    (local.set $v (i32x4.splat (local.get $value)))
    (local.set $end (i32.add (local.get $mask0) (local.get $count)))
    (local.set $vecEnd (i32.add (local.get $mask0) (i32.and (local.get $count) (i32.const -16))))
    (loop $row
      (local.set $mask (local.get $mask0))
      (block $vecDone
        (loop $vec
          (br_if $vecDone (i32.ge_u (local.get $mask) (local.get $vecEnd)))
          (local.set $m (i8x16.ne (v128.load (local.get $mask)) (v128.const i32x4 0 0 0 0)))
          (v128.store (local.get $x)
            (v128.bitselect (local.get $v) (v128.load (local.get $x))
              (i32x4.extend_low_i16x8_s (i16x8.extend_low_i8x16_s (local.get $m)))))
          (v128.store offset=16 (local.get $x)
            (v128.bitselect (local.get $v) (v128.load offset=16 (local.get $x))
              (i32x4.extend_high_i16x8_s (i16x8.extend_low_i8x16_s (local.get $m)))))
          (v128.store offset=32 (local.get $x)
            (v128.bitselect (local.get $v) (v128.load offset=32 (local.get $x))
              (i32x4.extend_low_i16x8_s (i16x8.extend_high_i8x16_s (local.get $m)))))
          (v128.store offset=48 (local.get $x)
            (v128.bitselect (local.get $v) (v128.load offset=48 (local.get $x))
              (i32x4.extend_high_i16x8_s (i16x8.extend_high_i8x16_s (local.get $m)))))
          (local.set $x (i32.add (local.get $x) (i32.const 64)))
          (local.set $mask (i32.add (local.get $mask) (i32.const 16)))
          (br $vec)))
      ;; The last count % 16 elements one at a time.
      (block $done
        (loop $one
          (br_if $done (i32.ge_u (local.get $mask) (local.get $end)))
          (if (i32.load8_u (local.get $mask))
            (then (i32.store (local.get $x) (local.get $value))))
          (local.set $x (i32.add (local.get $x) (i32.const 4)))
          (local.set $mask (i32.add (local.get $mask) (i32.const 1)))
          (br $one)))
      ;; x is at the next row now.
      (local.set $rows (i32.sub (local.get $rows) (i32.const 1)))
      (br_if $row (i32.gt_s (local.get $rows) (i32.const 0)))))

  (func (export "select64")
    (param $x i32) (param $mask0 i32) (param $count i32) (param $rows i32) (param $value i64)
    (local $mask i32) (local $end i32) (local $vecEnd i32) (local $m v128) (local $w v128)
    (local $v v128)
    (local.set $v (i64x2.splat (local.get $value)))
    (local.set $end (i32.add (local.get $mask0) (local.get $count)))
    (local.set $vecEnd (i32.add (local.get $mask0) (i32.and (local.get $count) (i32.const -4))))
    (loop $row
      (local.set $mask (local.get $mask0))
      ;; Four elements (one 32-bit load of mask bytes) per iteration.
      (block $vecDone
        (loop $vec
          (br_if $vecDone (i32.ge_u (local.get $mask) (local.get $vecEnd)))
          (local.set $m
            (i8x16.ne (v128.load32_zero (local.get $mask)) (v128.const i32x4 0 0 0 0)))
          (local.set $w (i32x4.extend_low_i16x8_s (i16x8.extend_low_i8x16_s (local.get $m))))
          (v128.store (local.get $x)
            (v128.bitselect (local.get $v) (v128.load (local.get $x))
              (i64x2.extend_low_i32x4_s (local.get $w))))
          (v128.store offset=16 (local.get $x)
            (v128.bitselect (local.get $v) (v128.load offset=16 (local.get $x))
              (i64x2.extend_high_i32x4_s (local.get $w))))
          (local.set $x (i32.add (local.get $x) (i32.const 32)))
          (local.set $mask (i32.add (local.get $mask) (i32.const 4)))
          (br $vec)))
      (block $done
        (loop $one
          (br_if $done (i32.ge_u (local.get $mask) (local.get $end)))
          (if (i32.load8_u (local.get $mask))
            (then (i64.store (local.get $x) (local.get $value))))
          (local.set $x (i32.add (local.get $x) (i32.const 8)))
          (local.set $mask (i32.add (local.get $mask) (i32.const 1)))
          (br $one)))
      (local.set $rows (i32.sub (local.get $rows) (i32.const 1)))
      (br_if $row (i32.gt_s (local.get $rows) (i32.const 0)))))
;; Through a transposed view: x holds `cols` storage rows of `stride` 4-byte elements, and
  ;; the band holds `rows` mask rows of `cols` bytes, mask row i reading down storage column i.
  ;; Storage row j gets element i = band[i * cols + j] ? value : element i, for i < rows: each
  ;; storage row's first `rows` elements (maskedFillWasm.ts stages the band a tile at a time).
  (func (export "selectTransposed32")
    (param $x i32) (param $band i32) (param $rows i32) (param $cols i32) (param $stride i32)
    (param $value i32)
    (local $j i32) (local $i i32) (local $p i32) (local $q i32) (local $rowBytes i32)
    (local.set $rowBytes (i32.shl (local.get $stride) (i32.const 2)))
    (block $colsDone
      (loop $col
        (br_if $colsDone (i32.ge_u (local.get $j) (local.get $cols)))
        (local.set $p (local.get $x))
        (local.set $q (i32.add (local.get $band) (local.get $j)))
        (local.set $i (local.get $rows))
        (loop $row
          (i32.store (local.get $p)
            (select (local.get $value) (i32.load (local.get $p)) (i32.load8_u (local.get $q))))
          (local.set $p (i32.add (local.get $p) (i32.const 4)))
          (local.set $q (i32.add (local.get $q) (local.get $cols)))
          (local.set $i (i32.sub (local.get $i) (i32.const 1)))
          (br_if $row (i32.gt_s (local.get $i) (i32.const 0))))
        (local.set $x (i32.add (local.get $x) (local.get $rowBytes)))
        (local.set $j (i32.add (local.get $j) (i32.const 1)))
        (br $col))))
)
