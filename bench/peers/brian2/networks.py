#!/usr/bin/python3
"""Brian2 peer for `npm run bench -- snn` and the statistics tests: the COBA, CUBA and Brunel 2000
networks with exactly the parameters of brains/spiking/benchmark-networks.ts.

usage: networks.py NET N T_MS SEED TARGET [OUTDIR]
  NET    coba | cuba | brunel
  TARGET runtime | numpy | cpp_standalone   (cpp_standalone: single thread, build dir OUTDIR;
         runtime = cython; numpy needs no compiler and is what the CI statistics tests use)
Prints one JSON object: rates, mean ISI CV, timings (build/compile, loop), synapse count, peak RSS.
"""
import json, os, resource, sys, time

t_start = time.perf_counter()
from brian2 import *  # noqa: E402,F401,F403

net_name, N, T_ms, seed, target = sys.argv[1], int(sys.argv[2]), float(sys.argv[3]), int(sys.argv[4]), sys.argv[5]
outdir = sys.argv[6] if len(sys.argv) > 6 else None
if target == 'cpp_standalone':
    set_device('cpp_standalone', directory=outdir, build_on_run=False)
    prefs.devices.cpp_standalone.openmp_threads = 0
elif target == 'numpy':
    prefs.codegen.target = 'numpy'
elif target == 'runtime':
    try:
        import Cython  # noqa: F401
        prefs.codegen.target = 'cython'
    except ImportError:
        prefs.codegen.target = 'numpy'
seed_val = seed
defaultclock.dt = 0.1 * ms
import numpy as np
from brian2 import seed as b2seed
np.random.seed(seed)
b2seed(seed)

NE = int(round(0.8 * N)); NI = N - NE

if net_name == 'coba':
    taum = 20 * ms; taue = 5 * ms; taui = 10 * ms; Vt = -50 * mV; Vr = -60 * mV; El = -60 * mV
    Ee = 0 * mV; Ei = -80 * mV; I = 20 * mV
    eqs = '''dv/dt = (ge*(Ee-v) + gi*(Ei-v) - (v-El) + I)/taum : volt (unless refractory)
             dge/dt = -ge/taue : 1
             dgi/dt = -gi/taui : 1'''
    P = NeuronGroup(N, eqs, threshold='v>Vt', reset='v=Vr', refractory=5 * ms, method='exponential_euler')
    P.v = 'Vr + rand()*(Vt-Vr)'
    we, wi = 0.6, 6.7
    p = min(1.0, 80.0 / N)
    Pe, Pi = P[:NE], P[NE:]
    Ce = Synapses(Pe, P, on_pre='ge += we', delay=0.1 * ms); Ce.connect(p=p)
    Ci = Synapses(Pi, P, on_pre='gi += wi', delay=0.1 * ms); Ci.connect(p=p)
    syns = [Ce, Ci]
elif net_name == 'cuba':
    taum = 20 * ms; taue = 5 * ms; taui = 10 * ms; Vt = -50 * mV; Vr = -60 * mV; El = -49 * mV
    eqs = '''dv/dt = (ge + gi - (v-El))/taum : volt (unless refractory)
             dge/dt = -ge/taue : volt
             dgi/dt = -gi/taui : volt'''
    P = NeuronGroup(N, eqs, threshold='v>Vt', reset='v=Vr', refractory=5 * ms, method='exact')
    P.v = 'Vr + rand()*(Vt-Vr)'
    we = 60 * 0.27 / 10 * mV; wi = -20 * 4.5 / 10 * mV
    p = min(1.0, 80.0 / N)
    Pe, Pi = P[:NE], P[NE:]
    Ce = Synapses(Pe, P, on_pre='ge += we', delay=0.1 * ms); Ce.connect(p=p)
    Ci = Synapses(Pi, P, on_pre='gi += wi', delay=0.1 * ms); Ci.connect(p=p)
    syns = [Ce, Ci]
elif net_name == 'brunel':
    CE = int(round(0.1 * NE)); CI = int(round(0.1 * NI))
    J = 0.1 * mV; g = 5.0; tau = 20 * ms; theta = 20 * mV; Vr = 10 * mV; D = 1.5 * ms
    nu_thr = theta / (J * CE * tau); nu_ext = 2 * nu_thr
    P = NeuronGroup(N, 'dv/dt = -v/tau : volt (unless refractory)', threshold='v>theta', reset='v=Vr',
                    refractory=2 * ms, method='exact')
    P.v = 'rand()*theta'
    Pe, Pi = P[:NE], P[NE:]
    Ce = Synapses(Pe, P, on_pre='v += J*int(not_refractory_post)', delay=D)
    # Fixed in-degree (with replacement, as the TS network): for each post neuron CE random pre.
    ie = np.random.randint(0, NE, size=N * CE); je = np.repeat(np.arange(N), CE)
    Ce.connect(i=ie, j=je)
    Ci = Synapses(Pi, P, on_pre='v += -g*J*int(not_refractory_post)', delay=D)
    ii = np.random.randint(0, NI, size=N * CI); ji = np.repeat(np.arange(N), CI)
    Ci.connect(i=ii, j=ji)
    ext = PoissonInput(P, 'v', N=CE, rate=nu_ext, weight='J*int(not_refractory)')
    syns = [Ce, Ci]
else:
    raise SystemExit('unknown network ' + net_name)

M = SpikeMonitor(P)
net = Network(collect())
t_built = time.perf_counter()
net.run(T_ms * ms, report=None)
t_ran = time.perf_counter()
if target == 'cpp_standalone':
    device.build(directory=outdir, compile=True, run=True, debug=False)
t_end = time.perf_counter()

i = np.asarray(M.i[:]); t = np.asarray(M.t[:] / ms)
def stats(lo, hi):
    sel = (i >= lo) & (i < hi) & (t >= 200.0)
    n = hi - lo
    rate = sel.sum() / (n * (T_ms - 200.0) / 1000.0)
    cvs = []
    ii_, tt_ = i[sel], t[sel]
    order = np.lexsort((tt_, ii_))
    ii_, tt_ = ii_[order], tt_[order]
    bounds = np.searchsorted(ii_, np.arange(lo, hi + 1))
    for k in range(n):
        ts = tt_[bounds[k]:bounds[k + 1]]
        if len(ts) >= 3:
            d = np.diff(ts); cvs.append(d.std() / d.mean())
    return float(rate), float(np.mean(cvs)) if cvs else float('nan')
rE, cvE = stats(0, NE); rI, cvI = stats(NE, N)
loop_s = None
if target == 'cpp_standalone':
    # Brian2's own timing of the network loop (excludes compilation and I/O).
    try:
        loop_s = float(device._last_run_time)
    except Exception:
        loop_s = None
    if loop_s is None:
        try:
            loop_s = float(net._last_run_time) if hasattr(net, '_last_run_time') else None
        except Exception:
            loop_s = None
else:
    loop_s = float(net._last_run_time) if hasattr(net, '_last_run_time') else (t_ran - t_built)
nsyn = int(sum(len(s) for s in syns))
counts = np.bincount(i, minlength=N)
events = 0
for s_ in syns:
    pre_idx = np.asarray(s_.i[:]) + (0 if s_.source is Pe else NE)
    events += int(counts[pre_idx].sum())
print(json.dumps({
    'net': net_name, 'N': N, 'T_ms': T_ms, 'seed': seed, 'target': target,
    'rateE': rE, 'rateI': rI, 'cvE': cvE, 'cvI': cvI,
    'loop_s': loop_s, 'total_s': t_end - t_start, 'build_s': t_built - t_start,
    'synapses': nsyn, 'events': events,
    'peak_rss_mb': resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0,
    'peak_rss_children_mb': resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024.0,
}))
