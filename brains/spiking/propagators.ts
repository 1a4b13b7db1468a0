/**
 * Exact propagators of the linear current-based LIF (Rotter & Diesmann 1999, as NEST computes
 * them), written with expm1 so they stay accurate when tau_syn → tau_m.
 */

/** e^{-h/tauM}: decay of V over one step. */
export function p22(hMs: number, tauMMs: number): number {
  return Math.exp(-hMs / tauMMs);
}

/** V change per nA of constant current over one step: (tauM / C)(1 − e^{-h/tauM}). */
export function p20(hMs: number, tauMMs: number, cmNf: number): number {
  return (-tauMMs / cmNf) * Math.expm1(-hMs / tauMMs);
}

/**
 * V change over one step per nA of an exponentially decaying current i(s) = i0 e^{-s/tauS}:
 * (1/C) ∫_0^h e^{-(h-s)/tauM} e^{-s/tauS} ds.
 */
export function p21(hMs: number, tauMMs: number, tauSMs: number, cmNf: number): number {
  const a = 1 / tauSMs - 1 / tauMMs;
  const em = Math.exp(-hMs / tauMMs);
  if (a === 0) return (hMs * em) / cmNf;
  return (em * -Math.expm1(-a * hMs)) / (a * cmNf);
}

/**
 * V change over one step per unit of the alpha auxiliary variable y, where the current obeys
 * i' = (e·y − i)/tauS, y' = −y/tauS, with i(0) = 0: (e/(C tauS)) ∫_0^h e^{-(h-s)/tauM} s e^{-s/tauS} ds.
 */
export function p31(hMs: number, tauMMs: number, tauSMs: number, cmNf: number): number {
  const a = 1 / tauSMs - 1 / tauMMs;
  const x = a * hMs;
  // ∫_0^h s e^{-a s} ds = h² g(x), g(x) = (1 − e^{-x}(1 + x))/x², series near 0.
  const g = Math.abs(x) < 1e-4 ? 0.5 - x / 3 + (x * x) / 8 : (-Math.expm1(-x) - x * Math.exp(-x)) / (x * x);
  return ((Math.E / (cmNf * tauSMs)) * Math.exp(-hMs / tauMMs) * hMs * hMs * g);
}

/** Brian2's `timestep(t, dt)`: number of whole steps in t (with Brian2's 1e-3·dt tolerance). */
export function stepsOf(tMs: number, dtMs: number): number {
  return Math.floor((tMs + 1e-3 * dtMs) / dtMs);
}
