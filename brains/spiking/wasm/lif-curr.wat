;; IF_curr_exp and IF_curr_alpha kernels of brains/spiking/neurons/lif-curr.ts (stepExp, stepAlpha)
;; in WebAssembly, two neurons per f64x2 vector. It performs the same IEEE operations in the same order as the JavaScript kernel
;; (no fused multiply-add, no reassociation), so the two give bit-identical states and spikes; the
;; test tests/brains/spiking/wasm-kernel.test.ts checks that. Refractoriness is a lane mask instead
;; of a branch: a refractory lane keeps its V. Threshold crossings and runaways are rare, so a pair
;; that has one falls back to a scalar pass over its two lanes, in neuron order.
;;
;; The population's state lives in the imported memory at the byte offsets passed in (f64 arrays
;; v, I_exc, I_inh, alpha's y_exc and y_inh, the current ring slots and the injected current; i32
;; arrays refr and spikes).
;; Returns the number of spikes written to `spikes`, or −(i + 1) if neuron i's V is NaN, infinite or
;; beyond ±lim (its V is stored first, so the caller can report it).
;; Regenerate lif-curr-wasm.ts after editing: npm run wasm.
(module
  (memory (import "env" "mem") 1)
  (func (export "stepExp")
    (param $n i32) (param $pV i32) (param $pE i32) (param $pI i32) (param $pR i32) (param $pSp i32)
    (param $pInj i32) (param $pRE i32) (param $pRI i32) (param $ring i32)
    (param $vr f64) (param $vreset f64) (param $vth f64) (param $ioff f64) (param $P22 f64) (param $P20 f64)
    (param $P21e f64) (param $P21i f64) (param $Pse f64) (param $Psi f64) (param $R1 i32) (param $lim f64)
    ;; Unused here: stepAlpha's y offsets and constants, so both exports share one signature.
    (param $pYE i32) (param $pYI i32) (param $P31e f64) (param $P31i f64) (param $hE f64) (param $hI f64)
    (result i32)
    (local $i i32) (local $o i32) (local $ns i32) (local $j i32) (local $r1 i32)
    (local $vi f64) (local $e1 f64) (local $h1 f64) (local $ix1 f64)
    (local $e v128) (local $h v128) (local $v v128) (local $vn v128) (local $r v128) (local $m v128) (local $ix v128)
    (local $VR v128) (local $P22x v128) (local $P20x v128) (local $P21ex v128) (local $P21ix v128)
    (local $Psex v128) (local $Psix v128) (local $VTH v128) (local $LIM v128) (local $NLIM v128) (local $IOFF v128)
    (local.set $VR (f64x2.splat (local.get $vr)))
    (local.set $P22x (f64x2.splat (local.get $P22)))
    (local.set $P20x (f64x2.splat (local.get $P20)))
    (local.set $P21ex (f64x2.splat (local.get $P21e)))
    (local.set $P21ix (f64x2.splat (local.get $P21i)))
    (local.set $Psex (f64x2.splat (local.get $Pse)))
    (local.set $Psix (f64x2.splat (local.get $Psi)))
    (local.set $VTH (f64x2.splat (local.get $vth)))
    (local.set $LIM (f64x2.splat (local.get $lim)))
    (local.set $NLIM (f64x2.splat (f64.neg (local.get $lim))))
    (local.set $IOFF (f64x2.splat (local.get $ioff)))
    (local.set $ix (local.get $IOFF))
    ;; Pairs of neurons.
    (block $pairsDone
      (loop $pairs
        (br_if $pairsDone (i32.gt_u (i32.add (local.get $i) (i32.const 2)) (local.get $n)))
        (local.set $o (i32.shl (local.get $i) (i32.const 3)))
        (local.set $e (v128.load (i32.add (local.get $pE) (local.get $o))))
        (local.set $h (v128.load (i32.add (local.get $pI) (local.get $o))))
        (if (local.get $ring) (then
          (local.set $e (f64x2.add (local.get $e) (v128.load (i32.add (local.get $pRE) (local.get $o)))))
          (local.set $h (f64x2.add (local.get $h) (v128.load (i32.add (local.get $pRI) (local.get $o)))))
          (v128.store (i32.add (local.get $pRE) (local.get $o)) (v128.const i64x2 0 0))
          (v128.store (i32.add (local.get $pRI) (local.get $o)) (v128.const i64x2 0 0))))
        (local.set $v (v128.load (i32.add (local.get $pV) (local.get $o))))
        ;; refr of the two lanes as i32x4 [r0 r1 0 0]; m = −1 where refractory; r + m = r − 1 there.
        (local.set $r (v128.load64_zero (i32.add (local.get $pR) (i32.shl (local.get $i) (i32.const 2)))))
        (local.set $m (i32x4.gt_s (local.get $r) (v128.const i32x4 0 0 0 0)))
        (v128.store64_lane 0 (i32.add (local.get $pR) (i32.shl (local.get $i) (i32.const 2))) (i32x4.add (local.get $r) (local.get $m)))
        (if (local.get $pInj) (then
          (local.set $ix (f64x2.add (local.get $IOFF) (v128.load (i32.add (local.get $pInj) (local.get $o)))))))
        ;; vr + (v − vr)·P22 + e·P21e + h·P21i + ix·P20, summed left to right as in the JS kernel.
        (local.set $vn
          (f64x2.add
            (f64x2.add
              (f64x2.add
                (f64x2.add (local.get $VR) (f64x2.mul (f64x2.sub (local.get $v) (local.get $VR)) (local.get $P22x)))
                (f64x2.mul (local.get $e) (local.get $P21ex)))
              (f64x2.mul (local.get $h) (local.get $P21ix)))
            (f64x2.mul (local.get $ix) (local.get $P20x))))
        (local.set $v (v128.bitselect (local.get $v) (local.get $vn) (i64x2.extend_low_i32x4_s (local.get $m))))
        (v128.store (i32.add (local.get $pE) (local.get $o)) (f64x2.mul (local.get $e) (local.get $Psex)))
        (v128.store (i32.add (local.get $pI) (local.get $o)) (f64x2.mul (local.get $h) (local.get $Psix)))
        (v128.store (i32.add (local.get $pV) (local.get $o)) (local.get $v))
        ;; Any lane above threshold, or not inside (−lim, lim) (NaN included)?
        (if (v128.any_true
              (v128.or
                (f64x2.gt (local.get $v) (local.get $VTH))
                (v128.not (v128.and (f64x2.gt (local.get $v) (local.get $NLIM)) (f64x2.lt (local.get $v) (local.get $LIM))))))
          (then
            (local.set $j (local.get $i))
            (loop $lanes
              (local.set $vi (f64.load (i32.add (local.get $pV) (i32.shl (local.get $j) (i32.const 3)))))
              (if (f64.gt (local.get $vi) (local.get $vth))
                (then
                  (i32.store (i32.add (local.get $pSp) (i32.shl (local.get $ns) (i32.const 2))) (local.get $j))
                  (local.set $ns (i32.add (local.get $ns) (i32.const 1)))
                  (f64.store (i32.add (local.get $pV) (i32.shl (local.get $j) (i32.const 3))) (local.get $vreset))
                  (i32.store (i32.add (local.get $pR) (i32.shl (local.get $j) (i32.const 2))) (local.get $R1)))
                (else
                  (if (i32.eqz (i32.and (f64.gt (local.get $vi) (f64.neg (local.get $lim))) (f64.lt (local.get $vi) (local.get $lim))))
                    (then (return (i32.sub (i32.const -1) (local.get $j)))))))
              (local.set $j (i32.add (local.get $j) (i32.const 1)))
              (br_if $lanes (i32.lt_u (local.get $j) (i32.add (local.get $i) (i32.const 2)))))))
        (local.set $i (i32.add (local.get $i) (i32.const 2)))
        (br $pairs)))
    ;; The last neuron of an odd-sized population, scalar.
    (if (i32.lt_u (local.get $i) (local.get $n))
      (then
        (local.set $o (i32.shl (local.get $i) (i32.const 3)))
        (local.set $e1 (f64.load (i32.add (local.get $pE) (local.get $o))))
        (local.set $h1 (f64.load (i32.add (local.get $pI) (local.get $o))))
        (if (local.get $ring) (then
          (local.set $e1 (f64.add (local.get $e1) (f64.load (i32.add (local.get $pRE) (local.get $o)))))
          (local.set $h1 (f64.add (local.get $h1) (f64.load (i32.add (local.get $pRI) (local.get $o)))))
          (f64.store (i32.add (local.get $pRE) (local.get $o)) (f64.const 0))
          (f64.store (i32.add (local.get $pRI) (local.get $o)) (f64.const 0))))
        (local.set $vi (f64.load (i32.add (local.get $pV) (local.get $o))))
        (local.set $r1 (i32.load (i32.add (local.get $pR) (i32.shl (local.get $i) (i32.const 2)))))
        (if (i32.gt_s (local.get $r1) (i32.const 0))
          (then (i32.store (i32.add (local.get $pR) (i32.shl (local.get $i) (i32.const 2))) (i32.sub (local.get $r1) (i32.const 1))))
          (else
            (local.set $ix1 (local.get $ioff))
            (if (local.get $pInj) (then
              (local.set $ix1 (f64.add (local.get $ioff) (f64.load (i32.add (local.get $pInj) (local.get $o)))))))
            (local.set $vi
              (f64.add
                (f64.add
                  (f64.add
                    (f64.add (local.get $vr) (f64.mul (f64.sub (local.get $vi) (local.get $vr)) (local.get $P22)))
                    (f64.mul (local.get $e1) (local.get $P21e)))
                  (f64.mul (local.get $h1) (local.get $P21i)))
                (f64.mul (local.get $ix1) (local.get $P20))))))
        (f64.store (i32.add (local.get $pE) (local.get $o)) (f64.mul (local.get $e1) (local.get $Pse)))
        (f64.store (i32.add (local.get $pI) (local.get $o)) (f64.mul (local.get $h1) (local.get $Psi)))
        (if (f64.gt (local.get $vi) (local.get $vth))
          (then
            (i32.store (i32.add (local.get $pSp) (i32.shl (local.get $ns) (i32.const 2))) (local.get $i))
            (local.set $ns (i32.add (local.get $ns) (i32.const 1)))
            (local.set $vi (local.get $vreset))
            (i32.store (i32.add (local.get $pR) (i32.shl (local.get $i) (i32.const 2))) (local.get $R1)))
          (else
            (if (i32.eqz (i32.and (f64.gt (local.get $vi) (f64.neg (local.get $lim))) (f64.lt (local.get $vi) (local.get $lim))))
              (then
                (f64.store (i32.add (local.get $pV) (local.get $o)) (local.get $vi))
                (return (i32.sub (i32.const -1) (local.get $i)))))))
        (f64.store (i32.add (local.get $pV) (local.get $o)) (local.get $vi))))
    (local.get $ns))

  ;; IF_curr_alpha: as stepExp, plus y (ring input lands there) and the alpha propagator terms. The
  ;; rings are read whether or not a projection uses them, as in JS ($ring is not used).
  (func (export "stepAlpha")
    (param $n i32) (param $pV i32) (param $pE i32) (param $pI i32) (param $pR i32) (param $pSp i32)
    (param $pInj i32) (param $pRE i32) (param $pRI i32) (param $ring i32)
    (param $vr f64) (param $vreset f64) (param $vth f64) (param $ioff f64) (param $P22 f64) (param $P20 f64)
    (param $P21e f64) (param $P21i f64) (param $Pse f64) (param $Psi f64) (param $R1 i32) (param $lim f64)
    (param $pYE i32) (param $pYI i32) (param $P31e f64) (param $P31i f64) (param $hE f64) (param $hI f64)
    (result i32)
    (local $i i32) (local $o i32) (local $ns i32) (local $j i32) (local $r1 i32)
    (local $vi f64) (local $e1 f64) (local $h1 f64) (local $ix1 f64) (local $ye1 f64) (local $yi1 f64)
    (local $ye v128) (local $yi v128) (local $P31ex v128) (local $P31ix v128) (local $HE v128) (local $HI v128)
    (local $e v128) (local $h v128) (local $v v128) (local $vn v128) (local $r v128) (local $m v128) (local $ix v128)
    (local $VR v128) (local $P22x v128) (local $P20x v128) (local $P21ex v128) (local $P21ix v128)
    (local $Psex v128) (local $Psix v128) (local $VTH v128) (local $LIM v128) (local $NLIM v128) (local $IOFF v128)
    (local.set $VR (f64x2.splat (local.get $vr)))
    (local.set $P22x (f64x2.splat (local.get $P22)))
    (local.set $P20x (f64x2.splat (local.get $P20)))
    (local.set $P21ex (f64x2.splat (local.get $P21e)))
    (local.set $P21ix (f64x2.splat (local.get $P21i)))
    (local.set $Psex (f64x2.splat (local.get $Pse)))
    (local.set $Psix (f64x2.splat (local.get $Psi)))
    (local.set $VTH (f64x2.splat (local.get $vth)))
    (local.set $LIM (f64x2.splat (local.get $lim)))
    (local.set $NLIM (f64x2.splat (f64.neg (local.get $lim))))
    (local.set $IOFF (f64x2.splat (local.get $ioff)))
    (local.set $ix (local.get $IOFF))
    (local.set $P31ex (f64x2.splat (local.get $P31e)))
    (local.set $P31ix (f64x2.splat (local.get $P31i)))
    (local.set $HE (f64x2.splat (local.get $hE)))
    (local.set $HI (f64x2.splat (local.get $hI)))
    ;; Pairs of neurons.
    (block $pairsDone
      (loop $pairs
        (br_if $pairsDone (i32.gt_u (i32.add (local.get $i) (i32.const 2)) (local.get $n)))
        (local.set $o (i32.shl (local.get $i) (i32.const 3)))
        (local.set $e (v128.load (i32.add (local.get $pE) (local.get $o))))
        (local.set $h (v128.load (i32.add (local.get $pI) (local.get $o))))
        ;; Ring input goes to y, read whether or not a projection uses the rings (as in JS).
        (local.set $ye (f64x2.add (v128.load (i32.add (local.get $pYE) (local.get $o))) (v128.load (i32.add (local.get $pRE) (local.get $o)))))
        (local.set $yi (f64x2.add (v128.load (i32.add (local.get $pYI) (local.get $o))) (v128.load (i32.add (local.get $pRI) (local.get $o)))))
        (v128.store (i32.add (local.get $pRE) (local.get $o)) (v128.const i64x2 0 0))
        (v128.store (i32.add (local.get $pRI) (local.get $o)) (v128.const i64x2 0 0))
        (local.set $v (v128.load (i32.add (local.get $pV) (local.get $o))))
        ;; refr of the two lanes as i32x4 [r0 r1 0 0]; m = −1 where refractory; r + m = r − 1 there.
        (local.set $r (v128.load64_zero (i32.add (local.get $pR) (i32.shl (local.get $i) (i32.const 2)))))
        (local.set $m (i32x4.gt_s (local.get $r) (v128.const i32x4 0 0 0 0)))
        (v128.store64_lane 0 (i32.add (local.get $pR) (i32.shl (local.get $i) (i32.const 2))) (i32x4.add (local.get $r) (local.get $m)))
        (if (local.get $pInj) (then
          (local.set $ix (f64x2.add (local.get $IOFF) (v128.load (i32.add (local.get $pInj) (local.get $o)))))))
        ;; vr + (v − vr)·P22 + e·P21e + h·P21i [+ ye·P31e + yi·P31i] + ix·P20, summed left to right
        ;; as in the JS kernel.
        (local.set $vn
          (f64x2.add
            (f64x2.add
              (f64x2.add (local.get $VR) (f64x2.mul (f64x2.sub (local.get $v) (local.get $VR)) (local.get $P22x)))
              (f64x2.mul (local.get $e) (local.get $P21ex)))
            (f64x2.mul (local.get $h) (local.get $P21ix))))
        (local.set $vn (f64x2.add (f64x2.add (local.get $vn) (f64x2.mul (local.get $ye) (local.get $P31ex))) (f64x2.mul (local.get $yi) (local.get $P31ix))))
        (local.set $vn (f64x2.add (local.get $vn) (f64x2.mul (local.get $ix) (local.get $P20x))))
        (local.set $v (v128.bitselect (local.get $v) (local.get $vn) (i64x2.extend_low_i32x4_s (local.get $m))))
        ;; Exact alpha propagation: I ← (I + e·y·h/τ)·e^{−h/τ}, y ← y·e^{−h/τ}.
        (v128.store (i32.add (local.get $pE) (local.get $o)) (f64x2.mul (f64x2.add (local.get $e) (f64x2.mul (local.get $ye) (local.get $HE))) (local.get $Psex)))
        (v128.store (i32.add (local.get $pI) (local.get $o)) (f64x2.mul (f64x2.add (local.get $h) (f64x2.mul (local.get $yi) (local.get $HI))) (local.get $Psix)))
        (v128.store (i32.add (local.get $pYE) (local.get $o)) (f64x2.mul (local.get $ye) (local.get $Psex)))
        (v128.store (i32.add (local.get $pYI) (local.get $o)) (f64x2.mul (local.get $yi) (local.get $Psix)))
        (v128.store (i32.add (local.get $pV) (local.get $o)) (local.get $v))
        ;; Any lane above threshold, or not inside (−lim, lim) (NaN included)?
        (if (v128.any_true
              (v128.or
                (f64x2.gt (local.get $v) (local.get $VTH))
                (v128.not (v128.and (f64x2.gt (local.get $v) (local.get $NLIM)) (f64x2.lt (local.get $v) (local.get $LIM))))))
          (then
            (local.set $j (local.get $i))
            (loop $lanes
              (local.set $vi (f64.load (i32.add (local.get $pV) (i32.shl (local.get $j) (i32.const 3)))))
              (if (f64.gt (local.get $vi) (local.get $vth))
                (then
                  (i32.store (i32.add (local.get $pSp) (i32.shl (local.get $ns) (i32.const 2))) (local.get $j))
                  (local.set $ns (i32.add (local.get $ns) (i32.const 1)))
                  (f64.store (i32.add (local.get $pV) (i32.shl (local.get $j) (i32.const 3))) (local.get $vreset))
                  (i32.store (i32.add (local.get $pR) (i32.shl (local.get $j) (i32.const 2))) (local.get $R1)))
                (else
                  (if (i32.eqz (i32.and (f64.gt (local.get $vi) (f64.neg (local.get $lim))) (f64.lt (local.get $vi) (local.get $lim))))
                    (then (return (i32.sub (i32.const -1) (local.get $j)))))))
              (local.set $j (i32.add (local.get $j) (i32.const 1)))
              (br_if $lanes (i32.lt_u (local.get $j) (i32.add (local.get $i) (i32.const 2)))))))
        (local.set $i (i32.add (local.get $i) (i32.const 2)))
        (br $pairs)))
    ;; The last neuron of an odd-sized population, scalar.
    (if (i32.lt_u (local.get $i) (local.get $n))
      (then
        (local.set $o (i32.shl (local.get $i) (i32.const 3)))
        (local.set $e1 (f64.load (i32.add (local.get $pE) (local.get $o))))
        (local.set $h1 (f64.load (i32.add (local.get $pI) (local.get $o))))
        (local.set $ye1 (f64.add (f64.load (i32.add (local.get $pYE) (local.get $o))) (f64.load (i32.add (local.get $pRE) (local.get $o)))))
        (local.set $yi1 (f64.add (f64.load (i32.add (local.get $pYI) (local.get $o))) (f64.load (i32.add (local.get $pRI) (local.get $o)))))
        (f64.store (i32.add (local.get $pRE) (local.get $o)) (f64.const 0))
        (f64.store (i32.add (local.get $pRI) (local.get $o)) (f64.const 0))
        (local.set $vi (f64.load (i32.add (local.get $pV) (local.get $o))))
        (local.set $r1 (i32.load (i32.add (local.get $pR) (i32.shl (local.get $i) (i32.const 2)))))
        (if (i32.gt_s (local.get $r1) (i32.const 0))
          (then (i32.store (i32.add (local.get $pR) (i32.shl (local.get $i) (i32.const 2))) (i32.sub (local.get $r1) (i32.const 1))))
          (else
            (local.set $ix1 (local.get $ioff))
            (if (local.get $pInj) (then
              (local.set $ix1 (f64.add (local.get $ioff) (f64.load (i32.add (local.get $pInj) (local.get $o)))))))
            (local.set $vi
              (f64.add
                (f64.add
                  (f64.add (local.get $vr) (f64.mul (f64.sub (local.get $vi) (local.get $vr)) (local.get $P22)))
                  (f64.mul (local.get $e1) (local.get $P21e)))
                (f64.mul (local.get $h1) (local.get $P21i))))
            (local.set $vi (f64.add (f64.add (local.get $vi) (f64.mul (local.get $ye1) (local.get $P31e))) (f64.mul (local.get $yi1) (local.get $P31i))))
            (local.set $vi (f64.add (local.get $vi) (f64.mul (local.get $ix1) (local.get $P20))))))
        (f64.store (i32.add (local.get $pE) (local.get $o)) (f64.mul (f64.add (local.get $e1) (f64.mul (local.get $ye1) (local.get $hE))) (local.get $Pse)))
        (f64.store (i32.add (local.get $pI) (local.get $o)) (f64.mul (f64.add (local.get $h1) (f64.mul (local.get $yi1) (local.get $hI))) (local.get $Psi)))
        (f64.store (i32.add (local.get $pYE) (local.get $o)) (f64.mul (local.get $ye1) (local.get $Pse)))
        (f64.store (i32.add (local.get $pYI) (local.get $o)) (f64.mul (local.get $yi1) (local.get $Psi)))
        (if (f64.gt (local.get $vi) (local.get $vth))
          (then
            (i32.store (i32.add (local.get $pSp) (i32.shl (local.get $ns) (i32.const 2))) (local.get $i))
            (local.set $ns (i32.add (local.get $ns) (i32.const 1)))
            (local.set $vi (local.get $vreset))
            (i32.store (i32.add (local.get $pR) (i32.shl (local.get $i) (i32.const 2))) (local.get $R1)))
          (else
            (if (i32.eqz (i32.and (f64.gt (local.get $vi) (f64.neg (local.get $lim))) (f64.lt (local.get $vi) (local.get $lim))))
              (then
                (f64.store (i32.add (local.get $pV) (local.get $o)) (local.get $vi))
                (return (i32.sub (i32.const -1) (local.get $i)))))))
        (f64.store (i32.add (local.get $pV) (local.get $o)) (local.get $vi))))
    (local.get $ns))
)
