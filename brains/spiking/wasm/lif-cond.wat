;; IF_cond_exp kernel of brains/spiking/neurons/lif-cond.ts (`step`, shape 'exp') in WebAssembly,
;; one neuron at a time. Same IEEE operations in the same order as the JavaScript kernel, including
;; its exp (brains/numerics/fast-exp.ts: the tables and constants are copied into this memory by the
;; caller, and arguments outside [−708, 709] go to the imported Math.exp), so the two give
;; bit-identical states and spikes; tests/brains/spiking/wasm-kernel.test.ts checks that. Also the
;; same quiescent fast path: a neuron flagged quiet (1 in `quiet`) is skipped when `canSkip`.
;;
;; Layout of the constants block at $pC (f64): 0 256/ln2, 1 1.5·2^52, 2 ln2_hi/256, 3 ln2_lo/256,
;; 4..6 the Taylor coefficients 1/2, 1/6, 1/24; then 2^(j/256) (256 f64) at $pJ and 2^m (2048 f64,
;; m = −1023..1024) at $pM.
;; Returns the number of spikes written to `spikes`, or −(i + 1) if neuron i's V is NaN, infinite or
;; beyond ±lim (its V is stored first). Regenerate lif-cond-wasm.ts after editing: npm run wasm.
(module
  (import "env" "exp" (func $mathExp (param f64) (result f64)))
  (memory (import "env" "mem") 1)
  (func (export "stepCondExp")
    (param $n i32) (param $pV i32) (param $pE i32) (param $pI i32) (param $pR i32) (param $pQ i32) (param $pSp i32)
    (param $pInj i32) (param $pRE i32) (param $pRI i32) (param $pRE0 i32) (param $pRI0 i32) (param $nSlots i32)
    (param $ring i32) (param $canSkip i32) (param $R1 i32) (param $pC i32) (param $pJ i32) (param $pM i32)
    (param $gL f64) (param $vr f64) (param $EE f64) (param $EI f64) (param $vreset f64) (param $vth f64) (param $ioff f64)
    (param $Pse f64) (param $Psi f64) (param $mh f64) (param $gFlush f64) (param $vRest f64) (param $vSnap f64) (param $lim f64)
    (result i32)
    (local $i i32) (local $o i32) (local $ns i32) (local $r i32) (local $k i32) (local $s i32) (local $x i32) (local $stride i32) (local $pend i32)
    (local $e f64) (local $g f64) (local $vi f64) (local $gt f64) (local $ix f64) (local $vinf f64)
    (local $xe f64) (local $kd f64) (local $rr f64) (local $t f64) (local $ex f64) (local $ne f64) (local $ni f64)
    (local $INV f64) (local $SHIFT f64) (local $HI f64) (local $LO f64) (local $C2 f64) (local $C3 f64) (local $C4 f64)
    (local.set $INV (f64.load (local.get $pC)))
    (local.set $SHIFT (f64.load offset=8 (local.get $pC)))
    (local.set $HI (f64.load offset=16 (local.get $pC)))
    (local.set $LO (f64.load offset=24 (local.get $pC)))
    (local.set $C2 (f64.load offset=32 (local.get $pC)))
    (local.set $C3 (f64.load offset=40 (local.get $pC)))
    (local.set $C4 (f64.load offset=48 (local.get $pC)))
    (local.set $stride (i32.shl (local.get $n) (i32.const 3)))
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
              ;; fastExp(mh·gt)
              (local.set $xe (f64.mul (local.get $mh) (local.get $gt)))
              (if (i32.or (f64.gt (local.get $xe) (f64.const 709)) (f64.lt (local.get $xe) (f64.const -708)))
                (then (local.set $ex (call $mathExp (local.get $xe))))
                (else
                  (local.set $kd (f64.sub (f64.add (f64.mul (local.get $xe) (local.get $INV)) (local.get $SHIFT)) (local.get $SHIFT)))
                  (local.set $k (i32.trunc_sat_f64_s (local.get $kd)))
                  (local.set $rr (f64.sub (f64.sub (local.get $xe) (f64.mul (local.get $kd) (local.get $HI))) (f64.mul (local.get $kd) (local.get $LO))))
                  (local.set $t (f64.load (i32.add (local.get $pJ) (i32.shl (i32.and (local.get $k) (i32.const 255)) (i32.const 3)))))
                  (local.set $ex
                    (f64.mul
                      (f64.add (local.get $t)
                        (f64.mul (local.get $t)
                          (f64.add (local.get $rr)
                            (f64.mul (f64.mul (local.get $rr) (local.get $rr))
                              (f64.add (local.get $C2) (f64.mul (local.get $rr) (f64.add (local.get $C3) (f64.mul (local.get $rr) (local.get $C4)))))))))
                      (f64.load (i32.add (local.get $pM) (i32.shl (i32.add (i32.shr_s (local.get $k) (i32.const 8)) (i32.const 1023)) (i32.const 3))))))))
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
                    (local.set $s (i32.const 0))
                    (local.set $x (local.get $o))
                    (block $scanned
                      (loop $slots
                        (br_if $scanned (i32.ge_u (local.get $s) (local.get $nSlots)))
                        (if (i32.or (f64.ne (f64.load (i32.add (local.get $pRE0) (local.get $x))) (f64.const 0))
                                    (f64.ne (f64.load (i32.add (local.get $pRI0) (local.get $x))) (f64.const 0)))
                          (then (local.set $pend (i32.const 1)) (br $scanned)))
                        (local.set $s (i32.add (local.get $s) (i32.const 1)))
                        (local.set $x (i32.add (local.get $x) (local.get $stride)))
                        (br $slots)))))
                  (if (i32.eqz (local.get $pend))
                    (then
                      (local.set $vi (local.get $vRest))
                      (i32.store8 (i32.add (local.get $pQ) (local.get $i)) (i32.const 1))))))))
          (f64.store (i32.add (local.get $pV) (local.get $o)) (local.get $vi)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $neurons)))
    (local.get $ns))
)
