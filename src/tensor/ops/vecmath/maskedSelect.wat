;; masked_fill_'s select for tensors in a WebAssembly memory (wasmMemory.ts), sixteen elements
;; per iteration with 128-bit SIMD. Compiled by `npm run build:wasm` into maskedSelectWasm.ts.
;;
;; x[i] = mask[i] != 0 ? value : x[i] for i < count, where x holds 4- or 8-byte elements and
;; mask one byte per element (bool). The mask bytes become whole-lane masks by sign extension
;; and v128.bitselect picks the value's bits or x's: no branch, NaN payloads and -0 untouched.
(module
  (import "env" "memory" (memory 1))

  (func (export "select32") (param $x i32) (param $mask i32) (param $count i32) (param $value i32)
    (local $end i32) (local $vecEnd i32) (local $m v128) (local $v v128)
    (local.set $v (i32x4.splat (local.get $value)))
    (local.set $end (i32.add (local.get $mask) (local.get $count)))
    (local.set $vecEnd (i32.add (local.get $mask) (i32.and (local.get $count) (i32.const -16))))
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
        (br $one))))

  (func (export "select64") (param $x i32) (param $mask i32) (param $count i32) (param $value i64)
    (local $end i32) (local $vecEnd i32) (local $m v128) (local $w v128) (local $v v128)
    (local.set $v (i64x2.splat (local.get $value)))
    (local.set $end (i32.add (local.get $mask) (local.get $count)))
    (local.set $vecEnd (i32.add (local.get $mask) (i32.and (local.get $count) (i32.const -4))))
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
        (br $one))))
)
