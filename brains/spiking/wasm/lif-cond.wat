;; IF_cond_exp and IF_cond_alpha kernels of brains/spiking/neurons/lif-cond.ts (`step`) in WebAssembly,
;; two neurons per f64x2 vector (the last of an odd population alone). Same IEEE operations in the
;; same order as the JavaScript kernel, including
;; its exp (brains/numerics/fast-exp.ts: the tables and constants are copied into this memory by the
;; caller, and arguments outside [−708, 709] go to the imported Math.exp), so the two give
;; bit-identical states and spikes; tests/brains/spiking/wasm-kernel.test.ts checks that. Also the
;; same quiescent fast path: a neuron flagged quiet (1 in `quiet`) is skipped when `canSkip`. A pair
;; with both neurons quiet is skipped; a quiet neuron paired with an active one goes through the
;; vector update, which leaves it exactly as it was (it sits at its fixed point: no conductance, no
;; pending input, V at rest), and its flag stays set. Spikes, runaways and neurons that may fall
;; asleep are rare, so a pair with one of them finishes in a scalar pass over its two lanes.
;;
;; Layout of the constants block at $pC (f64): 0 256/ln2, 1 1.5·2^52, 2 ln2_hi/256, 3 ln2_lo/256,
;; 4..6 the Taylor coefficients 1/2, 1/6, 1/24; then 2^(j/256) (256 f64) at $pJ and 2^m (2048 f64,
;; m = −1023..1024) at $pM.
;; Returns the number of spikes written to `spikes`, or −(i + 1) if neuron i's V is NaN, infinite or
;; beyond ±lim (its V is stored first). Regenerate lif-cond-wasm.ts after editing: npm run wasm.
(module
  (import "env" "exp" (func $mathExp (param f64) (result f64)))
  (memory (import "env" "mem") 1)
  ;; fastExp(x) (scalar): the table path, or Math.exp outside [−708, 709].
  (func $fexp (param $x f64) (param $pC i32) (param $pJ i32) (param $pM i32) (result f64)
    (local $kd f64) (local $k i32) (local $r f64) (local $t f64)
    (if (i32.or (f64.gt (local.get $x) (f64.const 709)) (f64.lt (local.get $x) (f64.const -708)))
      (then (return (call $mathExp (local.get $x)))))
    (local.set $kd (f64.sub (f64.add (f64.mul (local.get $x) (f64.load (local.get $pC))) (f64.load offset=8 (local.get $pC))) (f64.load offset=8 (local.get $pC))))
    (local.set $k (i32.trunc_sat_f64_s (local.get $kd)))
    (local.set $r (f64.sub (f64.sub (local.get $x) (f64.mul (local.get $kd) (f64.load offset=16 (local.get $pC)))) (f64.mul (local.get $kd) (f64.load offset=24 (local.get $pC)))))
    (local.set $t (f64.load (i32.add (local.get $pJ) (i32.shl (i32.and (local.get $k) (i32.const 255)) (i32.const 3)))))
    (f64.mul
      (f64.add (local.get $t)
        (f64.mul (local.get $t)
          (f64.add (local.get $r)
            (f64.mul (f64.mul (local.get $r) (local.get $r))
              (f64.add (f64.load offset=32 (local.get $pC)) (f64.mul (local.get $r) (f64.add (f64.load offset=40 (local.get $pC)) (f64.mul (local.get $r) (f64.load offset=48 (local.get $pC))))))))))
      (f64.load (i32.add (local.get $pM) (i32.shl (i32.add (i32.shr_s (local.get $k) (i32.const 8)) (i32.const 1023)) (i32.const 3))))))
  ;; 1 if no ring slot holds input for the neuron at byte offset $o (slot stride $stride).
  (func $noPending (param $o i32) (param $pRE0 i32) (param $pRI0 i32) (param $nSlots i32) (param $stride i32) (result i32)
    (local $s i32)
    (block $scanned
      (loop $slots
        (br_if $scanned (i32.ge_u (local.get $s) (local.get $nSlots)))
        (if (i32.or (f64.ne (f64.load (i32.add (local.get $pRE0) (local.get $o))) (f64.const 0))
                    (f64.ne (f64.load (i32.add (local.get $pRI0) (local.get $o))) (f64.const 0)))
          (then (return (i32.const 0))))
        (local.set $s (i32.add (local.get $s) (i32.const 1)))
        (local.set $o (i32.add (local.get $o) (local.get $stride)))
        (br $slots)))
    (i32.const 1))
  (func (export "stepCondExp")
    (param $n i32) (param $pV i32) (param $pE i32) (param $pI i32) (param $pR i32) (param $pQ i32) (param $pSp i32)
    (param $pInj i32) (param $pRE i32) (param $pRI i32) (param $pRE0 i32) (param $pRI0 i32) (param $nSlots i32)
    (param $ring i32) (param $canSkip i32) (param $R1 i32) (param $pC i32) (param $pJ i32) (param $pM i32)
    (param $gL f64) (param $vr f64) (param $EE f64) (param $EI f64) (param $vreset f64) (param $vth f64) (param $ioff f64)
    (param $Pse f64) (param $Psi f64) (param $mh f64) (param $gFlush f64) (param $vRest f64) (param $vSnap f64) (param $lim f64)
    ;; Unused here: stepCondAlpha's y offsets and constants, so both exports share one signature.
    (param $pYE i32) (param $pYI i32) (param $hE f64) (param $hI f64)
    (result i32)
    (local $i i32) (local $o i32) (local $ns i32) (local $r i32) (local $j i32) (local $q i32) (local $k0 i32) (local $k1 i32)
    (local $stride i32) (local $pend i32)
    (local $e f64) (local $g f64) (local $vi f64) (local $gt f64) (local $ix f64) (local $vinf f64) (local $ex f64) (local $ne f64) (local $ni f64)
    (local $E v128) (local $G v128) (local $V v128) (local $R v128) (local $M v128) (local $IX v128) (local $GT v128) (local $VINF v128)
    (local $XE v128) (local $KD v128) (local $RR v128) (local $K v128) (local $T v128) (local $EX v128) (local $NE v128) (local $NI v128)
    (local $GLx v128) (local $GLVRx v128) (local $EEx v128) (local $EIx v128) (local $IOFFx v128) (local $PSEx v128) (local $PSIx v128)
    (local $MHx v128) (local $GFx v128) (local $VRESTx v128) (local $VSNAPx v128) (local $VTHx v128) (local $LIMx v128) (local $NLIMx v128)
    (local $INVx v128) (local $SHIFTx v128) (local $HIx v128) (local $LOx v128) (local $C2x v128) (local $C3x v128) (local $C4x v128)
    (local.set $GLx (f64x2.splat (local.get $gL)))
    (local.set $GLVRx (f64x2.splat (f64.mul (local.get $gL) (local.get $vr))))
    (local.set $EEx (f64x2.splat (local.get $EE)))
    (local.set $EIx (f64x2.splat (local.get $EI)))
    (local.set $IOFFx (f64x2.splat (local.get $ioff)))
    (local.set $PSEx (f64x2.splat (local.get $Pse)))
    (local.set $PSIx (f64x2.splat (local.get $Psi)))
    (local.set $MHx (f64x2.splat (local.get $mh)))
    (local.set $GFx (f64x2.splat (local.get $gFlush)))
    (local.set $VRESTx (f64x2.splat (local.get $vRest)))
    (local.set $VSNAPx (f64x2.splat (local.get $vSnap)))
    (local.set $VTHx (f64x2.splat (local.get $vth)))
    (local.set $LIMx (f64x2.splat (local.get $lim)))
    (local.set $NLIMx (f64x2.splat (f64.neg (local.get $lim))))
    (local.set $INVx (v128.load64_splat (local.get $pC)))
    (local.set $SHIFTx (v128.load64_splat offset=8 (local.get $pC)))
    (local.set $HIx (v128.load64_splat offset=16 (local.get $pC)))
    (local.set $LOx (v128.load64_splat offset=24 (local.get $pC)))
    (local.set $C2x (v128.load64_splat offset=32 (local.get $pC)))
    (local.set $C3x (v128.load64_splat offset=40 (local.get $pC)))
    (local.set $C4x (v128.load64_splat offset=48 (local.get $pC)))
    (local.set $stride (i32.shl (local.get $n) (i32.const 3)))
    (local.set $IX (local.get $IOFFx))
    ;; Pairs of neurons.
    (block $pairsDone
      (loop $pairs
        (br_if $pairsDone (i32.gt_u (i32.add (local.get $i) (i32.const 2)) (local.get $n)))
        (block $nextPair
          ;; Quiet flags of the pair (two bytes): skip the pair if both sleep; without canSkip,
          ;; wake them (as the JS kernel does) and update both.
          (local.set $q (i32.load16_u (i32.add (local.get $pQ) (local.get $i))))
          (if (local.get $q) (then
            (br_if $nextPair (i32.and (local.get $canSkip) (i32.eq (local.get $q) (i32.const 0x0101))))
            (if (i32.eqz (local.get $canSkip)) (then
              (i32.store16 (i32.add (local.get $pQ) (local.get $i)) (i32.const 0))))))
          (local.set $o (i32.shl (local.get $i) (i32.const 3)))
          (local.set $E (v128.load (i32.add (local.get $pE) (local.get $o))))
          (local.set $G (v128.load (i32.add (local.get $pI) (local.get $o))))
          (if (local.get $ring) (then
            (local.set $E (f64x2.add (local.get $E) (v128.load (i32.add (local.get $pRE) (local.get $o)))))
            (local.set $G (f64x2.add (local.get $G) (v128.load (i32.add (local.get $pRI) (local.get $o)))))
            (v128.store (i32.add (local.get $pRE) (local.get $o)) (v128.const i64x2 0 0))
            (v128.store (i32.add (local.get $pRI) (local.get $o)) (v128.const i64x2 0 0))))
          (local.set $V (v128.load (i32.add (local.get $pV) (local.get $o))))
          ;; refr as i32x4 [r0 r1 0 0]; M = −1 where refractory; R becomes the updated refr.
          (local.set $R (v128.load64_zero (i32.add (local.get $pR) (i32.shl (local.get $i) (i32.const 2)))))
          (local.set $M (i32x4.gt_s (local.get $R) (v128.const i32x4 0 0 0 0)))
          (local.set $R (i32x4.add (local.get $R) (local.get $M)))
          (v128.store64_lane 0 (i32.add (local.get $pR) (i32.shl (local.get $i) (i32.const 2))) (local.get $R))
          (local.set $GT (f64x2.add (f64x2.add (local.get $GLx) (local.get $E)) (local.get $G)))
          (if (local.get $pInj) (then
            (local.set $IX (f64x2.add (local.get $IOFFx) (v128.load (i32.add (local.get $pInj) (local.get $o)))))))
          (local.set $VINF
            (f64x2.div
              (f64x2.add
                (f64x2.add
                  (f64x2.add (local.get $GLVRx) (f64x2.mul (local.get $E) (local.get $EEx)))
                  (f64x2.mul (local.get $G) (local.get $EIx)))
                (local.get $IX))
              (local.get $GT)))
          ;; fastExp(mh·gt) per lane: the table path, or the scalar one if a lane is outside [−708, 709].
          (local.set $XE (f64x2.mul (local.get $MHx) (local.get $GT)))
          (if (v128.any_true (v128.or (f64x2.gt (local.get $XE) (v128.const f64x2 709 709)) (f64x2.lt (local.get $XE) (v128.const f64x2 -708 -708))))
            (then
              (local.set $EX
                (f64x2.replace_lane 1
                  (f64x2.splat (call $fexp (f64x2.extract_lane 0 (local.get $XE)) (local.get $pC) (local.get $pJ) (local.get $pM)))
                  (call $fexp (f64x2.extract_lane 1 (local.get $XE)) (local.get $pC) (local.get $pJ) (local.get $pM)))))
            (else
              (local.set $KD (f64x2.sub (f64x2.add (f64x2.mul (local.get $XE) (local.get $INVx)) (local.get $SHIFTx)) (local.get $SHIFTx)))
              (local.set $K (i32x4.trunc_sat_f64x2_s_zero (local.get $KD)))
              (local.set $k0 (i32x4.extract_lane 0 (local.get $K)))
              (local.set $k1 (i32x4.extract_lane 1 (local.get $K)))
              (local.set $RR (f64x2.sub (f64x2.sub (local.get $XE) (f64x2.mul (local.get $KD) (local.get $HIx))) (f64x2.mul (local.get $KD) (local.get $LOx))))
              (local.set $T
                (v128.load64_lane 1 (i32.add (local.get $pJ) (i32.shl (i32.and (local.get $k1) (i32.const 255)) (i32.const 3)))
                  (v128.load64_zero (i32.add (local.get $pJ) (i32.shl (i32.and (local.get $k0) (i32.const 255)) (i32.const 3))))))
              (local.set $EX
                (f64x2.mul
                  (f64x2.add (local.get $T)
                    (f64x2.mul (local.get $T)
                      (f64x2.add (local.get $RR)
                        (f64x2.mul (f64x2.mul (local.get $RR) (local.get $RR))
                          (f64x2.add (local.get $C2x) (f64x2.mul (local.get $RR) (f64x2.add (local.get $C3x) (f64x2.mul (local.get $RR) (local.get $C4x)))))))))
                  (v128.load64_lane 1 (i32.add (local.get $pM) (i32.shl (i32.add (i32.shr_s (local.get $k1) (i32.const 8)) (i32.const 1023)) (i32.const 3)))
                    (v128.load64_zero (i32.add (local.get $pM) (i32.shl (i32.add (i32.shr_s (local.get $k0) (i32.const 8)) (i32.const 1023)) (i32.const 3)))))))))
          ;; A refractory lane keeps its V.
          (local.set $V
            (v128.bitselect (local.get $V)
              (f64x2.add (local.get $VINF) (f64x2.mul (f64x2.sub (local.get $V) (local.get $VINF)) (local.get $EX)))
              (i64x2.extend_low_i32x4_s (local.get $M))))
          (local.set $NE (f64x2.mul (local.get $E) (local.get $PSEx)))
          (local.set $NI (f64x2.mul (local.get $G) (local.get $PSIx)))
          (local.set $NE (v128.andnot (local.get $NE) (f64x2.lt (f64x2.abs (local.get $NE)) (local.get $GFx))))
          (local.set $NI (v128.andnot (local.get $NI) (f64x2.lt (f64x2.abs (local.get $NI)) (local.get $GFx))))
          (v128.store (i32.add (local.get $pE) (local.get $o)) (local.get $NE))
          (v128.store (i32.add (local.get $pI) (local.get $o)) (local.get $NI))
          (v128.store (i32.add (local.get $pV) (local.get $o)) (local.get $V))
          ;; Rare lanes: above threshold, outside (−lim, lim) (NaN included), or possibly falling asleep.
          (br_if $nextPair (i32.eqz (v128.any_true
            (v128.or
              (v128.or
                (f64x2.gt (local.get $V) (local.get $VTHx))
                (v128.not (v128.and (f64x2.gt (local.get $V) (local.get $NLIMx)) (f64x2.lt (local.get $V) (local.get $LIMx)))))
              (v128.and
                (v128.and (f64x2.eq (local.get $NE) (v128.const f64x2 0 0)) (f64x2.eq (local.get $NI) (v128.const f64x2 0 0)))
                (v128.and
                  (i64x2.extend_low_i32x4_s (i32x4.eq (local.get $R) (v128.const i32x4 0 0 0 0)))
                  (f64x2.lt (f64x2.abs (f64x2.sub (local.get $V) (local.get $VRESTx))) (local.get $VSNAPx))))))))
          (local.set $j (local.get $i))
          (loop $lanes
            (block $nextLane
              ;; A sleeping lane (canSkip) went through the update unchanged: nothing to do.
              (br_if $nextLane (i32.and (local.get $canSkip) (i32.load8_u (i32.add (local.get $pQ) (local.get $j)))))
              (local.set $o (i32.shl (local.get $j) (i32.const 3)))
              (local.set $vi (f64.load (i32.add (local.get $pV) (local.get $o))))
              (if (f64.gt (local.get $vi) (local.get $vth))
                (then
                  (i32.store (i32.add (local.get $pSp) (i32.shl (local.get $ns) (i32.const 2))) (local.get $j))
                  (local.set $ns (i32.add (local.get $ns) (i32.const 1)))
                  (f64.store (i32.add (local.get $pV) (local.get $o)) (local.get $vreset))
                  (i32.store (i32.add (local.get $pR) (i32.shl (local.get $j) (i32.const 2))) (local.get $R1))
                  (br $nextLane)))
              (if (i32.eqz (i32.and (f64.gt (local.get $vi) (f64.neg (local.get $lim))) (f64.lt (local.get $vi) (local.get $lim))))
                (then (return (i32.sub (i32.const -1) (local.get $j)))))
              (if (i32.and
                    (i32.and (local.get $canSkip)
                      (i32.and (f64.eq (f64.load (i32.add (local.get $pE) (local.get $o))) (f64.const 0)) (f64.eq (f64.load (i32.add (local.get $pI) (local.get $o))) (f64.const 0))))
                    (i32.and
                      (i32.eqz (i32.load (i32.add (local.get $pR) (i32.shl (local.get $j) (i32.const 2)))))
                      (f64.lt (f64.abs (f64.sub (local.get $vi) (local.get $vRest))) (local.get $vSnap))))
                (then
                  (if (i32.or (i32.eqz (local.get $ring)) (call $noPending (local.get $o) (local.get $pRE0) (local.get $pRI0) (local.get $nSlots) (local.get $stride)))
                    (then
                      (f64.store (i32.add (local.get $pV) (local.get $o)) (local.get $vRest))
                      (i32.store8 (i32.add (local.get $pQ) (local.get $j)) (i32.const 1)))))))
            (local.set $j (i32.add (local.get $j) (i32.const 1)))
            (br_if $lanes (i32.lt_u (local.get $j) (i32.add (local.get $i) (i32.const 2))))))
        (local.set $i (i32.add (local.get $i) (i32.const 2)))
        (br $pairs)))
    ;; The last neuron of an odd-sized population, scalar.
    (block $done
      (loop $neurons
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (block $next
          ;; A quiet neuron has no conductance and no pending input (deliveries clear its flag).
          (if (i32.load8_u (i32.add (local.get $pQ) (local.get $i)))
            (then
              (br_if $next (local.get $canSkip))
              (i32.store8 (i32.add (local.get $pQ) (local.get $i)) (i32.const 0))))
          (local.set $o (i32.shl (local.get $i) (i32.const 3)))
          (local.set $e (f64.load (i32.add (local.get $pE) (local.get $o))))
          (local.set $g (f64.load (i32.add (local.get $pI) (local.get $o))))
          (if (local.get $ring) (then
            (local.set $e (f64.add (local.get $e) (f64.load (i32.add (local.get $pRE) (local.get $o)))))
            (local.set $g (f64.add (local.get $g) (f64.load (i32.add (local.get $pRI) (local.get $o)))))
            (f64.store (i32.add (local.get $pRE) (local.get $o)) (f64.const 0))
            (f64.store (i32.add (local.get $pRI) (local.get $o)) (f64.const 0))))
          (local.set $vi (f64.load (i32.add (local.get $pV) (local.get $o))))
          (local.set $r (i32.load (i32.add (local.get $pR) (i32.shl (local.get $i) (i32.const 2)))))
          (if (i32.gt_s (local.get $r) (i32.const 0))
            (then
              (local.set $r (i32.sub (local.get $r) (i32.const 1)))
              (i32.store (i32.add (local.get $pR) (i32.shl (local.get $i) (i32.const 2))) (local.get $r)))
            (else
              (local.set $gt (f64.add (f64.add (local.get $gL) (local.get $e)) (local.get $g)))
              (local.set $ix (local.get $ioff))
              (if (local.get $pInj) (then
                (local.set $ix (f64.add (local.get $ioff) (f64.load (i32.add (local.get $pInj) (local.get $o)))))))
              (local.set $vinf
                (f64.div
                  (f64.add
                    (f64.add
                      (f64.add (f64.mul (local.get $gL) (local.get $vr)) (f64.mul (local.get $e) (local.get $EE)))
                      (f64.mul (local.get $g) (local.get $EI)))
                    (local.get $ix))
                  (local.get $gt)))
              (local.set $ex (call $fexp (f64.mul (local.get $mh) (local.get $gt)) (local.get $pC) (local.get $pJ) (local.get $pM)))
              (local.set $vi (f64.add (local.get $vinf) (f64.mul (f64.sub (local.get $vi) (local.get $vinf)) (local.get $ex))))))
          (local.set $ne (f64.mul (local.get $e) (local.get $Pse)))
          (local.set $ni (f64.mul (local.get $g) (local.get $Psi)))
          (if (f64.lt (f64.abs (local.get $ne)) (local.get $gFlush)) (then (local.set $ne (f64.const 0))))
          (if (f64.lt (f64.abs (local.get $ni)) (local.get $gFlush)) (then (local.set $ni (f64.const 0))))
          (f64.store (i32.add (local.get $pE) (local.get $o)) (local.get $ne))
          (f64.store (i32.add (local.get $pI) (local.get $o)) (local.get $ni))
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
                  (return (i32.sub (i32.const -1) (local.get $i)))))
              ;; At rest with nothing pending: snap to the fixed point and sleep.
              (if (i32.and (i32.and (local.get $canSkip) (i32.and (f64.eq (local.get $ne) (f64.const 0)) (f64.eq (local.get $ni) (f64.const 0))))
                           (i32.and (i32.eqz (local.get $r)) (f64.lt (f64.abs (f64.sub (local.get $vi) (local.get $vRest))) (local.get $vSnap))))
                (then
                  (local.set $pend (i32.const 0))
                  (if (local.get $ring) (then
                    (local.set $pend (i32.eqz (call $noPending (local.get $o) (local.get $pRE0) (local.get $pRI0) (local.get $nSlots) (local.get $stride))))))
                  (if (i32.eqz (local.get $pend))
                    (then
                      (local.set $vi (local.get $vRest))
                      (i32.store8 (i32.add (local.get $pQ) (local.get $i)) (i32.const 1))))))))
          (f64.store (i32.add (local.get $pV) (local.get $o)) (local.get $vi)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $neurons)))
    (local.get $ns))

  ;; IF_cond_alpha: as stepCondExp, with y (ring input lands there), the exact alpha propagator and
  ;; y in the flush and sleep conditions.
  (func (export "stepCondAlpha")
    (param $n i32) (param $pV i32) (param $pE i32) (param $pI i32) (param $pR i32) (param $pQ i32) (param $pSp i32)
    (param $pInj i32) (param $pRE i32) (param $pRI i32) (param $pRE0 i32) (param $pRI0 i32) (param $nSlots i32)
    (param $ring i32) (param $canSkip i32) (param $R1 i32) (param $pC i32) (param $pJ i32) (param $pM i32)
    (param $gL f64) (param $vr f64) (param $EE f64) (param $EI f64) (param $vreset f64) (param $vth f64) (param $ioff f64)
    (param $Pse f64) (param $Psi f64) (param $mh f64) (param $gFlush f64) (param $vRest f64) (param $vSnap f64) (param $lim f64)
    (param $pYE i32) (param $pYI i32) (param $hE f64) (param $hI f64)
    (result i32)
    (local $i i32) (local $o i32) (local $ns i32) (local $r i32) (local $j i32) (local $q i32) (local $k0 i32) (local $k1 i32)
    (local $stride i32) (local $pend i32)
    (local $e f64) (local $g f64) (local $vi f64) (local $gt f64) (local $ix f64) (local $vinf f64) (local $ex f64) (local $ne f64) (local $ni f64) (local $ye f64) (local $yi f64) (local $nye f64) (local $nyi f64)
    (local $YE v128) (local $YI v128) (local $NYE v128) (local $NYI v128) (local $HEa v128) (local $HIa v128) (local $FL v128)
    (local $E v128) (local $G v128) (local $V v128) (local $R v128) (local $M v128) (local $IX v128) (local $GT v128) (local $VINF v128)
    (local $XE v128) (local $KD v128) (local $RR v128) (local $K v128) (local $T v128) (local $EX v128) (local $NE v128) (local $NI v128)
    (local $GLx v128) (local $GLVRx v128) (local $EEx v128) (local $EIx v128) (local $IOFFx v128) (local $PSEx v128) (local $PSIx v128)
    (local $MHx v128) (local $GFx v128) (local $VRESTx v128) (local $VSNAPx v128) (local $VTHx v128) (local $LIMx v128) (local $NLIMx v128)
    (local $INVx v128) (local $SHIFTx v128) (local $HIx v128) (local $LOx v128) (local $C2x v128) (local $C3x v128) (local $C4x v128)
    (local.set $HEa (f64x2.splat (local.get $hE)))
    (local.set $HIa (f64x2.splat (local.get $hI)))
    (local.set $GLx (f64x2.splat (local.get $gL)))
    (local.set $GLVRx (f64x2.splat (f64.mul (local.get $gL) (local.get $vr))))
    (local.set $EEx (f64x2.splat (local.get $EE)))
    (local.set $EIx (f64x2.splat (local.get $EI)))
    (local.set $IOFFx (f64x2.splat (local.get $ioff)))
    (local.set $PSEx (f64x2.splat (local.get $Pse)))
    (local.set $PSIx (f64x2.splat (local.get $Psi)))
    (local.set $MHx (f64x2.splat (local.get $mh)))
    (local.set $GFx (f64x2.splat (local.get $gFlush)))
    (local.set $VRESTx (f64x2.splat (local.get $vRest)))
    (local.set $VSNAPx (f64x2.splat (local.get $vSnap)))
    (local.set $VTHx (f64x2.splat (local.get $vth)))
    (local.set $LIMx (f64x2.splat (local.get $lim)))
    (local.set $NLIMx (f64x2.splat (f64.neg (local.get $lim))))
    (local.set $INVx (v128.load64_splat (local.get $pC)))
    (local.set $SHIFTx (v128.load64_splat offset=8 (local.get $pC)))
    (local.set $HIx (v128.load64_splat offset=16 (local.get $pC)))
    (local.set $LOx (v128.load64_splat offset=24 (local.get $pC)))
    (local.set $C2x (v128.load64_splat offset=32 (local.get $pC)))
    (local.set $C3x (v128.load64_splat offset=40 (local.get $pC)))
    (local.set $C4x (v128.load64_splat offset=48 (local.get $pC)))
    (local.set $stride (i32.shl (local.get $n) (i32.const 3)))
    (local.set $IX (local.get $IOFFx))
    ;; Pairs of neurons.
    (block $pairsDone
      (loop $pairs
        (br_if $pairsDone (i32.gt_u (i32.add (local.get $i) (i32.const 2)) (local.get $n)))
        (block $nextPair
          ;; Quiet flags of the pair (two bytes): skip the pair if both sleep; without canSkip,
          ;; wake them (as the JS kernel does) and update both.
          (local.set $q (i32.load16_u (i32.add (local.get $pQ) (local.get $i))))
          (if (local.get $q) (then
            (br_if $nextPair (i32.and (local.get $canSkip) (i32.eq (local.get $q) (i32.const 0x0101))))
            (if (i32.eqz (local.get $canSkip)) (then
              (i32.store16 (i32.add (local.get $pQ) (local.get $i)) (i32.const 0))))))
          (local.set $o (i32.shl (local.get $i) (i32.const 3)))
          (local.set $E (v128.load (i32.add (local.get $pE) (local.get $o))))
          (local.set $G (v128.load (i32.add (local.get $pI) (local.get $o))))
          ;; Ring input goes to y; without rings y + 0, as the JS kernel adds.
          (local.set $YE (v128.load (i32.add (local.get $pYE) (local.get $o))))
          (local.set $YI (v128.load (i32.add (local.get $pYI) (local.get $o))))
          (if (local.get $ring)
            (then
              (local.set $YE (f64x2.add (local.get $YE) (v128.load (i32.add (local.get $pRE) (local.get $o)))))
              (local.set $YI (f64x2.add (local.get $YI) (v128.load (i32.add (local.get $pRI) (local.get $o)))))
              (v128.store (i32.add (local.get $pRE) (local.get $o)) (v128.const i64x2 0 0))
              (v128.store (i32.add (local.get $pRI) (local.get $o)) (v128.const i64x2 0 0)))
            (else
              (local.set $YE (f64x2.add (local.get $YE) (v128.const f64x2 0 0)))
              (local.set $YI (f64x2.add (local.get $YI) (v128.const f64x2 0 0)))))
          (local.set $V (v128.load (i32.add (local.get $pV) (local.get $o))))
          ;; refr as i32x4 [r0 r1 0 0]; M = −1 where refractory; R becomes the updated refr.
          (local.set $R (v128.load64_zero (i32.add (local.get $pR) (i32.shl (local.get $i) (i32.const 2)))))
          (local.set $M (i32x4.gt_s (local.get $R) (v128.const i32x4 0 0 0 0)))
          (local.set $R (i32x4.add (local.get $R) (local.get $M)))
          (v128.store64_lane 0 (i32.add (local.get $pR) (i32.shl (local.get $i) (i32.const 2))) (local.get $R))
          (local.set $GT (f64x2.add (f64x2.add (local.get $GLx) (local.get $E)) (local.get $G)))
          (if (local.get $pInj) (then
            (local.set $IX (f64x2.add (local.get $IOFFx) (v128.load (i32.add (local.get $pInj) (local.get $o)))))))
          (local.set $VINF
            (f64x2.div
              (f64x2.add
                (f64x2.add
                  (f64x2.add (local.get $GLVRx) (f64x2.mul (local.get $E) (local.get $EEx)))
                  (f64x2.mul (local.get $G) (local.get $EIx)))
                (local.get $IX))
              (local.get $GT)))
          ;; fastExp(mh·gt) per lane: the table path, or the scalar one if a lane is outside [−708, 709].
          (local.set $XE (f64x2.mul (local.get $MHx) (local.get $GT)))
          (if (v128.any_true (v128.or (f64x2.gt (local.get $XE) (v128.const f64x2 709 709)) (f64x2.lt (local.get $XE) (v128.const f64x2 -708 -708))))
            (then
              (local.set $EX
                (f64x2.replace_lane 1
                  (f64x2.splat (call $fexp (f64x2.extract_lane 0 (local.get $XE)) (local.get $pC) (local.get $pJ) (local.get $pM)))
                  (call $fexp (f64x2.extract_lane 1 (local.get $XE)) (local.get $pC) (local.get $pJ) (local.get $pM)))))
            (else
              (local.set $KD (f64x2.sub (f64x2.add (f64x2.mul (local.get $XE) (local.get $INVx)) (local.get $SHIFTx)) (local.get $SHIFTx)))
              (local.set $K (i32x4.trunc_sat_f64x2_s_zero (local.get $KD)))
              (local.set $k0 (i32x4.extract_lane 0 (local.get $K)))
              (local.set $k1 (i32x4.extract_lane 1 (local.get $K)))
              (local.set $RR (f64x2.sub (f64x2.sub (local.get $XE) (f64x2.mul (local.get $KD) (local.get $HIx))) (f64x2.mul (local.get $KD) (local.get $LOx))))
              (local.set $T
                (v128.load64_lane 1 (i32.add (local.get $pJ) (i32.shl (i32.and (local.get $k1) (i32.const 255)) (i32.const 3)))
                  (v128.load64_zero (i32.add (local.get $pJ) (i32.shl (i32.and (local.get $k0) (i32.const 255)) (i32.const 3))))))
              (local.set $EX
                (f64x2.mul
                  (f64x2.add (local.get $T)
                    (f64x2.mul (local.get $T)
                      (f64x2.add (local.get $RR)
                        (f64x2.mul (f64x2.mul (local.get $RR) (local.get $RR))
                          (f64x2.add (local.get $C2x) (f64x2.mul (local.get $RR) (f64x2.add (local.get $C3x) (f64x2.mul (local.get $RR) (local.get $C4x)))))))))
                  (v128.load64_lane 1 (i32.add (local.get $pM) (i32.shl (i32.add (i32.shr_s (local.get $k1) (i32.const 8)) (i32.const 1023)) (i32.const 3)))
                    (v128.load64_zero (i32.add (local.get $pM) (i32.shl (i32.add (i32.shr_s (local.get $k0) (i32.const 8)) (i32.const 1023)) (i32.const 3)))))))))
          ;; A refractory lane keeps its V.
          (local.set $V
            (v128.bitselect (local.get $V)
              (f64x2.add (local.get $VINF) (f64x2.mul (f64x2.sub (local.get $V) (local.get $VINF)) (local.get $EX)))
              (i64x2.extend_low_i32x4_s (local.get $M))))
          ;; Exact alpha propagation; a receptor's g and y are flushed together when both are tiny.
          (local.set $NE (f64x2.mul (f64x2.add (local.get $E) (f64x2.mul (local.get $YE) (local.get $HEa))) (local.get $PSEx)))
          (local.set $NI (f64x2.mul (f64x2.add (local.get $G) (f64x2.mul (local.get $YI) (local.get $HIa))) (local.get $PSIx)))
          (local.set $NYE (f64x2.mul (local.get $YE) (local.get $PSEx)))
          (local.set $NYI (f64x2.mul (local.get $YI) (local.get $PSIx)))
          (local.set $FL (v128.and (f64x2.lt (f64x2.abs (local.get $NE)) (local.get $GFx)) (f64x2.lt (f64x2.abs (local.get $NYE)) (local.get $GFx))))
          (local.set $NE (v128.andnot (local.get $NE) (local.get $FL)))
          (local.set $NYE (v128.andnot (local.get $NYE) (local.get $FL)))
          (local.set $FL (v128.and (f64x2.lt (f64x2.abs (local.get $NI)) (local.get $GFx)) (f64x2.lt (f64x2.abs (local.get $NYI)) (local.get $GFx))))
          (local.set $NI (v128.andnot (local.get $NI) (local.get $FL)))
          (local.set $NYI (v128.andnot (local.get $NYI) (local.get $FL)))
          (v128.store (i32.add (local.get $pE) (local.get $o)) (local.get $NE))
          (v128.store (i32.add (local.get $pI) (local.get $o)) (local.get $NI))
          (v128.store (i32.add (local.get $pYE) (local.get $o)) (local.get $NYE))
          (v128.store (i32.add (local.get $pYI) (local.get $o)) (local.get $NYI))
          (v128.store (i32.add (local.get $pV) (local.get $o)) (local.get $V))
          ;; Rare lanes: above threshold, outside (−lim, lim) (NaN included), or possibly falling asleep.
          (br_if $nextPair (i32.eqz (v128.any_true
            (v128.or
              (v128.or
                (f64x2.gt (local.get $V) (local.get $VTHx))
                (v128.not (v128.and (f64x2.gt (local.get $V) (local.get $NLIMx)) (f64x2.lt (local.get $V) (local.get $LIMx)))))
              (v128.and
                (v128.and
                  (v128.and (f64x2.eq (local.get $NE) (v128.const f64x2 0 0)) (f64x2.eq (local.get $NI) (v128.const f64x2 0 0)))
                  (v128.and (f64x2.eq (local.get $NYE) (v128.const f64x2 0 0)) (f64x2.eq (local.get $NYI) (v128.const f64x2 0 0))))
                (v128.and
                  (i64x2.extend_low_i32x4_s (i32x4.eq (local.get $R) (v128.const i32x4 0 0 0 0)))
                  (f64x2.lt (f64x2.abs (f64x2.sub (local.get $V) (local.get $VRESTx))) (local.get $VSNAPx))))))))
          (local.set $j (local.get $i))
          (loop $lanes
            (block $nextLane
              ;; A sleeping lane (canSkip) went through the update unchanged: nothing to do.
              (br_if $nextLane (i32.and (local.get $canSkip) (i32.load8_u (i32.add (local.get $pQ) (local.get $j)))))
              (local.set $o (i32.shl (local.get $j) (i32.const 3)))
              (local.set $vi (f64.load (i32.add (local.get $pV) (local.get $o))))
              (if (f64.gt (local.get $vi) (local.get $vth))
                (then
                  (i32.store (i32.add (local.get $pSp) (i32.shl (local.get $ns) (i32.const 2))) (local.get $j))
                  (local.set $ns (i32.add (local.get $ns) (i32.const 1)))
                  (f64.store (i32.add (local.get $pV) (local.get $o)) (local.get $vreset))
                  (i32.store (i32.add (local.get $pR) (i32.shl (local.get $j) (i32.const 2))) (local.get $R1))
                  (br $nextLane)))
              (if (i32.eqz (i32.and (f64.gt (local.get $vi) (f64.neg (local.get $lim))) (f64.lt (local.get $vi) (local.get $lim))))
                (then (return (i32.sub (i32.const -1) (local.get $j)))))
              (if (i32.and
                    (i32.and (i32.and (local.get $canSkip)
                      (i32.and (f64.eq (f64.load (i32.add (local.get $pE) (local.get $o))) (f64.const 0)) (f64.eq (f64.load (i32.add (local.get $pI) (local.get $o))) (f64.const 0))))
                      (i32.and (f64.eq (f64.load (i32.add (local.get $pYE) (local.get $o))) (f64.const 0)) (f64.eq (f64.load (i32.add (local.get $pYI) (local.get $o))) (f64.const 0))))
                    (i32.and
                      (i32.eqz (i32.load (i32.add (local.get $pR) (i32.shl (local.get $j) (i32.const 2)))))
                      (f64.lt (f64.abs (f64.sub (local.get $vi) (local.get $vRest))) (local.get $vSnap))))
                (then
                  (if (i32.or (i32.eqz (local.get $ring)) (call $noPending (local.get $o) (local.get $pRE0) (local.get $pRI0) (local.get $nSlots) (local.get $stride)))
                    (then
                      (f64.store (i32.add (local.get $pV) (local.get $o)) (local.get $vRest))
                      (i32.store8 (i32.add (local.get $pQ) (local.get $j)) (i32.const 1)))))))
            (local.set $j (i32.add (local.get $j) (i32.const 1)))
            (br_if $lanes (i32.lt_u (local.get $j) (i32.add (local.get $i) (i32.const 2))))))
        (local.set $i (i32.add (local.get $i) (i32.const 2)))
        (br $pairs)))
    ;; The last neuron of an odd-sized population, scalar.
    (block $done
      (loop $neurons
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (block $next
          ;; A quiet neuron has no conductance and no pending input (deliveries clear its flag).
          (if (i32.load8_u (i32.add (local.get $pQ) (local.get $i)))
            (then
              (br_if $next (local.get $canSkip))
              (i32.store8 (i32.add (local.get $pQ) (local.get $i)) (i32.const 0))))
          (local.set $o (i32.shl (local.get $i) (i32.const 3)))
          (local.set $e (f64.load (i32.add (local.get $pE) (local.get $o))))
          (local.set $g (f64.load (i32.add (local.get $pI) (local.get $o))))
          (local.set $ye (f64.load (i32.add (local.get $pYE) (local.get $o))))
          (local.set $yi (f64.load (i32.add (local.get $pYI) (local.get $o))))
          (if (local.get $ring)
            (then
              (local.set $ye (f64.add (local.get $ye) (f64.load (i32.add (local.get $pRE) (local.get $o)))))
              (local.set $yi (f64.add (local.get $yi) (f64.load (i32.add (local.get $pRI) (local.get $o)))))
              (f64.store (i32.add (local.get $pRE) (local.get $o)) (f64.const 0))
              (f64.store (i32.add (local.get $pRI) (local.get $o)) (f64.const 0)))
            (else
              (local.set $ye (f64.add (local.get $ye) (f64.const 0)))
              (local.set $yi (f64.add (local.get $yi) (f64.const 0)))))
          (local.set $vi (f64.load (i32.add (local.get $pV) (local.get $o))))
          (local.set $r (i32.load (i32.add (local.get $pR) (i32.shl (local.get $i) (i32.const 2)))))
          (if (i32.gt_s (local.get $r) (i32.const 0))
            (then
              (local.set $r (i32.sub (local.get $r) (i32.const 1)))
              (i32.store (i32.add (local.get $pR) (i32.shl (local.get $i) (i32.const 2))) (local.get $r)))
            (else
              (local.set $gt (f64.add (f64.add (local.get $gL) (local.get $e)) (local.get $g)))
              (local.set $ix (local.get $ioff))
              (if (local.get $pInj) (then
                (local.set $ix (f64.add (local.get $ioff) (f64.load (i32.add (local.get $pInj) (local.get $o)))))))
              (local.set $vinf
                (f64.div
                  (f64.add
                    (f64.add
                      (f64.add (f64.mul (local.get $gL) (local.get $vr)) (f64.mul (local.get $e) (local.get $EE)))
                      (f64.mul (local.get $g) (local.get $EI)))
                    (local.get $ix))
                  (local.get $gt)))
              (local.set $ex (call $fexp (f64.mul (local.get $mh) (local.get $gt)) (local.get $pC) (local.get $pJ) (local.get $pM)))
              (local.set $vi (f64.add (local.get $vinf) (f64.mul (f64.sub (local.get $vi) (local.get $vinf)) (local.get $ex))))))
          (local.set $ne (f64.mul (f64.add (local.get $e) (f64.mul (local.get $ye) (local.get $hE))) (local.get $Pse)))
          (local.set $ni (f64.mul (f64.add (local.get $g) (f64.mul (local.get $yi) (local.get $hI))) (local.get $Psi)))
          (local.set $nye (f64.mul (local.get $ye) (local.get $Pse)))
          (local.set $nyi (f64.mul (local.get $yi) (local.get $Psi)))
          (if (i32.and (f64.lt (f64.abs (local.get $ne)) (local.get $gFlush)) (f64.lt (f64.abs (local.get $nye)) (local.get $gFlush)))
            (then (local.set $ne (f64.const 0)) (local.set $nye (f64.const 0))))
          (if (i32.and (f64.lt (f64.abs (local.get $ni)) (local.get $gFlush)) (f64.lt (f64.abs (local.get $nyi)) (local.get $gFlush)))
            (then (local.set $ni (f64.const 0)) (local.set $nyi (f64.const 0))))
          (f64.store (i32.add (local.get $pE) (local.get $o)) (local.get $ne))
          (f64.store (i32.add (local.get $pI) (local.get $o)) (local.get $ni))
          (f64.store (i32.add (local.get $pYE) (local.get $o)) (local.get $nye))
          (f64.store (i32.add (local.get $pYI) (local.get $o)) (local.get $nyi))
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
                  (return (i32.sub (i32.const -1) (local.get $i)))))
              ;; At rest with nothing pending: snap to the fixed point and sleep.
              (if (i32.and (i32.and (i32.and (local.get $canSkip) (i32.and (f64.eq (local.get $ne) (f64.const 0)) (f64.eq (local.get $ni) (f64.const 0))))
                                    (i32.and (f64.eq (local.get $nye) (f64.const 0)) (f64.eq (local.get $nyi) (f64.const 0))))
                           (i32.and (i32.eqz (local.get $r)) (f64.lt (f64.abs (f64.sub (local.get $vi) (local.get $vRest))) (local.get $vSnap))))
                (then
                  (local.set $pend (i32.const 0))
                  (if (local.get $ring) (then
                    (local.set $pend (i32.eqz (call $noPending (local.get $o) (local.get $pRE0) (local.get $pRI0) (local.get $nSlots) (local.get $stride))))))
                  (if (i32.eqz (local.get $pend))
                    (then
                      (local.set $vi (local.get $vRest))
                      (i32.store8 (i32.add (local.get $pQ) (local.get $i)) (i32.const 1))))))))
          (f64.store (i32.add (local.get $pV) (local.get $o)) (local.get $vi)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $neurons)))
    (local.get $ns))
)
