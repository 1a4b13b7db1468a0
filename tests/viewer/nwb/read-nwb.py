"""Independent read-back of a neuroloop NWB file with Debian's h5py (HDF5 C library), and with
pynwb + Neo where they are importable. Prints one JSON object on stdout."""
import json
import sys

import h5py
import numpy as np

path = sys.argv[1]
out = {}
with h5py.File(path, "r") as f:
    out["root"] = {k: (v.decode() if isinstance(v, bytes) else str(v)) for k, v in f.attrs.items()}
    u = f["units"]
    idx = u["spike_times_index"]
    target = idx.attrs["target"]
    out["target_is_scalar_ref"] = isinstance(target, h5py.Reference) and f[target].name == "/units/spike_times"
    st = u["spike_times"][()]
    ends = idx[()]
    starts = np.concatenate([[0], ends[:-1]])
    out["units"] = int(len(ends))
    out["spike_counts"] = [int(e - s) for s, e in zip(starts, ends)]
    out["spike_time_sum"] = float(st.sum())
    out["first_unit_times"] = st[: ends[0]].tolist() if len(ends) else []
    oi = u["obs_intervals"][()]
    oends = u["obs_intervals_index"][()]
    out["obs_first"] = oi[: oends[0]].tolist() if len(oends) else []
    out["colnames"] = [c.decode() if isinstance(c, bytes) else str(c) for c in u.attrs["colnames"]]
    out["trials"] = {k: (f["intervals/trials"][k][()].tolist() if f["intervals/trials"][k].dtype.kind != "O" else [x.decode() if isinstance(x, bytes) else x for x in f["intervals/trials"][k][()]]) for k in ("start_time", "stop_time", "phase")} if "intervals/trials" in f else None
    series = {}
    def visit(name, obj):
        if isinstance(obj, h5py.Group) and obj.attrs.get("neurodata_type") in ("TimeSeries", b"TimeSeries"):
            series[name] = {"shape": list(obj["data"].shape), "sum": float(np.sum(obj["data"][()])), "t0": float(obj["timestamps"][0]), "unit": str(obj["data"].attrs["unit"])}
    f.visititems(visit)
    out["series"] = series

try:
    import pynwb  # noqa: F401
    have_pynwb = True
except ImportError:
    have_pynwb = False
out["have_pynwb"] = have_pynwb
if have_pynwb:
    from neo.io import NWBIO
    blocks = NWBIO(path, mode="r").read_all_blocks()
    seg = blocks[0].segments[0]
    out["neo"] = {"spiketrains": len(seg.spiketrains), "spikes": int(sum(len(s) for s in seg.spiketrains)), "signals": len(seg.analogsignals) + len(seg.irregularlysampledsignals)}
print(json.dumps(out))
