"""A Brian2 LIF population as a neuroloop engine (run: /usr/bin/python3 brian2_engine.py [--n 10]).

Leaky integrate-and-fire neurons, dv/dt = (I*R - v)/tau_m with threshold, reset and refractory
period, integrated by Brian2 (numpy codegen, exact linear integration) at 0.1 ms; the bus syncs
every 1 ms. Input `current` (nA, one per neuron) is held constant over each sync interval; outputs
are the spikes of the interval (absolute times in ns) and the membrane potentials (mV).
"""
from __future__ import annotations

import argparse
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import brian2 as b2  # noqa: E402
from neuroloop_remote import Engine, serve  # noqa: E402

b2.prefs.codegen.target = "numpy"
b2.BrianLogger.log_level_error()

TAU_M_MS, R_MOHM, V_TH_MV, V_RESET_MV, T_REF_MS, DT_MS = 20.0, 10.0, 15.0, 0.0, 2.0, 0.1


class Brian2LifEngine(Engine):
    def __init__(self, n: int, name: str = "brian2_lif", sync_ns: int = 1_000_000):
        self.name, self.dt_ns, self.n = name, sync_ns, n
        self.ports = {
            "inputs": {"current": {"kind": "analog", "shape": [n], "unit": "nA"}},
            "outputs": {"spikes": {"kind": "spikes", "size": n}, "v": {"kind": "analog", "shape": [n], "unit": "mV"}},
        }
        self.net = None

    def _build(self, seed: int) -> None:
        b2.start_scope()
        b2.seed(seed)
        b2.defaultclock.dt = DT_MS * b2.ms
        eqs = "dv/dt = (I*R - v)/tau : volt (unless refractory)\nI : amp"
        self.g = b2.NeuronGroup(self.n, eqs, threshold="v > v_th", reset="v = v_reset", refractory=T_REF_MS * b2.ms, method="exact",
                                namespace={"R": R_MOHM * b2.Mohm, "tau": TAU_M_MS * b2.ms, "v_th": V_TH_MV * b2.mV, "v_reset": V_RESET_MV * b2.mV})
        self.mon = b2.SpikeMonitor(self.g)
        self.net = b2.Network(self.g, self.mon)
        self.net.store("initial")
        self.seen = 0
        self.now_ns = 0

    def _outputs(self, spikes=((), ())):
        return {"spikes": spikes, "v": (self.g.v / b2.mV)}

    def init(self, seed, start_ns):
        self._build(seed)
        self.now_ns = start_ns
        return self._outputs()

    def advance(self, to_ns, inputs):
        if to_ns != self.now_ns + self.dt_ns:
            raise RuntimeError(f"advance(to={to_ns}) must be exactly now+dt={self.now_ns + self.dt_ns} ns")
        cur = inputs.get("current")
        self.g.I = (list(cur) if cur is not None else [0.0] * self.n) * b2.nA
        self.net.run((to_ns - self.now_ns) * 1e-9 * b2.second)
        self.now_ns = to_ns
        i, t = self.mon.i[self.seen:], self.mon.t[self.seen:]
        self.seen = len(self.mon.i)
        return self._outputs(([int(x) for x in i], [float(round(x / b2.second * 1e9)) for x in t]))

    def reset(self, keep, seed):
        self.net.restore("initial")
        if seed is not None:
            b2.seed(seed)
        self.seen = 0
        self.now_ns = 0
        return self._outputs()


if __name__ == "__main__":
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=10)
    ap.add_argument("--port", type=int, default=0)
    a = ap.parse_args()
    serve(lambda: Brian2LifEngine(a.n), port=a.port)
