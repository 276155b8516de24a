;; Benchmark-only module (not shipped), assembled by bench/build.mjs with binaryen (a dependency
;; of AssemblyScript). It imports the kernel instance's own memory, so it reads exactly the bytes
;; the kernel reads, at the same addresses.
;;
;; sum(ptr, n): the memory-read floor. Adds n f64 values at byte offset ptr with 8 independent
;;   f64x2 accumulators (16 values per iteration): the least work a pass over the data can do,
;;   so its time is what reading that memory costs.
;; pass1(ptr, n, m), pass2(ptr, n, m): the kernel's two inner loops alone, each streamed once
;;   over all n values (n a multiple of 8): pass 1 = Σ(x − m) in 4 f64x2 lanes, pass 2 = Σe and
;;   Σe² with e = x − m in 4 + 4 lanes. For the anatomy suite: how much of the kernel's time is
;;   reading memory and how much is arithmetic that does not overlap with it.
(module
  (import "env" "memory" (memory 0))
  (func (export "sum") (param $ptr i32) (param $n i32) (result f64)
    (local $end i32) (local $s f64)
    (local $a0 v128) (local $a1 v128) (local $a2 v128) (local $a3 v128)
    (local $a4 v128) (local $a5 v128) (local $a6 v128) (local $a7 v128)
    ;; end = ptr + 8 * (n & ~15)
    (local.set $end (i32.add (local.get $ptr) (i32.shl (i32.and (local.get $n) (i32.const -16)) (i32.const 3))))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $ptr) (local.get $end)))
        (local.set $a0 (f64x2.add (local.get $a0) (v128.load offset=0 (local.get $ptr))))
        (local.set $a1 (f64x2.add (local.get $a1) (v128.load offset=16 (local.get $ptr))))
        (local.set $a2 (f64x2.add (local.get $a2) (v128.load offset=32 (local.get $ptr))))
        (local.set $a3 (f64x2.add (local.get $a3) (v128.load offset=48 (local.get $ptr))))
        (local.set $a4 (f64x2.add (local.get $a4) (v128.load offset=64 (local.get $ptr))))
        (local.set $a5 (f64x2.add (local.get $a5) (v128.load offset=80 (local.get $ptr))))
        (local.set $a6 (f64x2.add (local.get $a6) (v128.load offset=96 (local.get $ptr))))
        (local.set $a7 (f64x2.add (local.get $a7) (v128.load offset=112 (local.get $ptr))))
        (local.set $ptr (i32.add (local.get $ptr) (i32.const 128)))
        (br $next)))
    (local.set $a0 (f64x2.add
      (f64x2.add (f64x2.add (local.get $a0) (local.get $a1)) (f64x2.add (local.get $a2) (local.get $a3)))
      (f64x2.add (f64x2.add (local.get $a4) (local.get $a5)) (f64x2.add (local.get $a6) (local.get $a7)))))
    (local.set $s (f64.add (f64x2.extract_lane 0 (local.get $a0)) (f64x2.extract_lane 1 (local.get $a0))))
    ;; the remaining n & 15 values, one by one
    (local.set $end (i32.add (local.get $end) (i32.shl (i32.and (local.get $n) (i32.const 15)) (i32.const 3))))
    (block $tail
      (loop $more
        (br_if $tail (i32.ge_u (local.get $ptr) (local.get $end)))
        (local.set $s (f64.add (local.get $s) (f64.load (local.get $ptr))))
        (local.set $ptr (i32.add (local.get $ptr) (i32.const 8)))
        (br $more)))
    (local.get $s))
  (func (export "pass1") (param $ptr i32) (param $n i32) (param $m f64) (result f64)
    (local $end i32) (local $mv v128)
    (local $a0 v128) (local $a1 v128) (local $a2 v128) (local $a3 v128)
    (local.set $mv (f64x2.splat (local.get $m)))
    (local.set $end (i32.add (local.get $ptr) (i32.shl (i32.and (local.get $n) (i32.const -8)) (i32.const 3))))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $ptr) (local.get $end)))
        (local.set $a0 (f64x2.add (local.get $a0) (f64x2.sub (v128.load offset=0 (local.get $ptr)) (local.get $mv))))
        (local.set $a1 (f64x2.add (local.get $a1) (f64x2.sub (v128.load offset=16 (local.get $ptr)) (local.get $mv))))
        (local.set $a2 (f64x2.add (local.get $a2) (f64x2.sub (v128.load offset=32 (local.get $ptr)) (local.get $mv))))
        (local.set $a3 (f64x2.add (local.get $a3) (f64x2.sub (v128.load offset=48 (local.get $ptr)) (local.get $mv))))
        (local.set $ptr (i32.add (local.get $ptr) (i32.const 64)))
        (br $next)))
    (local.set $a0 (f64x2.add (f64x2.add (local.get $a0) (local.get $a1)) (f64x2.add (local.get $a2) (local.get $a3))))
    (f64.add (f64x2.extract_lane 0 (local.get $a0)) (f64x2.extract_lane 1 (local.get $a0))))
  (func (export "pass2") (param $ptr i32) (param $n i32) (param $m f64) (result f64)
    (local $end i32) (local $mv v128)
    (local $e0 v128) (local $e1 v128) (local $e2 v128) (local $e3 v128)
    (local $r0 v128) (local $r1 v128) (local $r2 v128) (local $r3 v128)
    (local $q0 v128) (local $q1 v128) (local $q2 v128) (local $q3 v128)
    (local.set $mv (f64x2.splat (local.get $m)))
    (local.set $end (i32.add (local.get $ptr) (i32.shl (i32.and (local.get $n) (i32.const -8)) (i32.const 3))))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $ptr) (local.get $end)))
        (local.set $e0 (f64x2.sub (v128.load offset=0 (local.get $ptr)) (local.get $mv)))
        (local.set $e1 (f64x2.sub (v128.load offset=16 (local.get $ptr)) (local.get $mv)))
        (local.set $e2 (f64x2.sub (v128.load offset=32 (local.get $ptr)) (local.get $mv)))
        (local.set $e3 (f64x2.sub (v128.load offset=48 (local.get $ptr)) (local.get $mv)))
        (local.set $r0 (f64x2.add (local.get $r0) (local.get $e0)))
        (local.set $r1 (f64x2.add (local.get $r1) (local.get $e1)))
        (local.set $r2 (f64x2.add (local.get $r2) (local.get $e2)))
        (local.set $r3 (f64x2.add (local.get $r3) (local.get $e3)))
        (local.set $q0 (f64x2.add (local.get $q0) (f64x2.mul (local.get $e0) (local.get $e0))))
        (local.set $q1 (f64x2.add (local.get $q1) (f64x2.mul (local.get $e1) (local.get $e1))))
        (local.set $q2 (f64x2.add (local.get $q2) (f64x2.mul (local.get $e2) (local.get $e2))))
        (local.set $q3 (f64x2.add (local.get $q3) (f64x2.mul (local.get $e3) (local.get $e3))))
        (local.set $ptr (i32.add (local.get $ptr) (i32.const 64)))
        (br $next)))
    (local.set $r0 (f64x2.add (f64x2.add (local.get $r0) (local.get $r1)) (f64x2.add (local.get $r2) (local.get $r3))))
    (local.set $q0 (f64x2.add (f64x2.add (local.get $q0) (local.get $q1)) (f64x2.add (local.get $q2) (local.get $q3))))
    (local.set $r0 (f64x2.add (local.get $r0) (local.get $q0)))
    (f64.add (f64x2.extract_lane 0 (local.get $r0)) (f64x2.extract_lane 1 (local.get $r0)))))
