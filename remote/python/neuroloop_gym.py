"""Gymnasium-compatible client for a neuroloop Env served over the remote protocol (v1).

Stdlib + Debian packages only (python3-msgpack; numpy is used when present). Start a host:

    npx tsx experiments/env/serve-env.ts --env pendulum      # prints {"url": "ws://127.0.0.1:PORT"}

then in Python:

    from neuroloop_gym import NeuroloopEnv
    env = NeuroloopEnv("ws://127.0.0.1:PORT")
    obs, info = env.reset(seed=42)
    obs, reward, terminated, truncated, info = env.step([0.5])

Mapping onto the engine protocol (experiments/env/env-engine.ts): the first reset sends
`init{seed}`, later resets `reset{seed?}`; step sends `advance{to: t + dt, inputs: {action}}`.
Typed arrays travel as {dtype, shape, bytes} little-endian (never raw msgpack float arrays).
If the `gymnasium` package is importable the class subclasses gymnasium.Env and its spaces are
gymnasium.spaces.Box/Discrete; otherwise minimal Box/Discrete stand-ins with the same fields.
"""
from __future__ import annotations

import base64
import hashlib
import json
import os
import random
import socket
import struct
import urllib.parse
from typing import Any, Dict, Optional, Sequence, Tuple

import msgpack

try:  # numpy is optional
    import numpy as _np
except ImportError:  # pragma: no cover
    _np = None

try:  # gymnasium is optional
    import gymnasium as _gym
    from gymnasium import spaces as _gym_spaces
except ImportError:
    _gym = None
    _gym_spaces = None

PROTOCOL_VERSION = 1
_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"


class NeuroloopError(RuntimeError):
    """An error reply from the host (code, message, details)."""

    def __init__(self, code: str, message: str, detail: Optional[dict] = None):
        super().__init__(f"[{code}] {message}")
        self.code = code
        self.detail = detail or {}


class _WebSocket:
    """Minimal RFC 6455 client: binary frames, client masking, ping/pong, fragmentation."""

    def __init__(self, url: str, timeout: float = 30.0):
        u = urllib.parse.urlparse(url)
        if u.scheme != "ws":
            raise ValueError(f"url: got {url!r}, expected ws://host:port (wss is not supported by this shim)")
        self.sock = socket.create_connection((u.hostname, u.port or 80), timeout=timeout)
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        key = base64.b64encode(os.urandom(16)).decode()
        path = u.path or "/"
        req = (
            f"GET {path} HTTP/1.1\r\nHost: {u.hostname}:{u.port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            f"Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n"
        )
        self.sock.sendall(req.encode())
        head = b""
        while b"\r\n\r\n" not in head:
            chunk = self.sock.recv(4096)
            if not chunk:
                raise ConnectionError("websocket handshake: connection closed")
            head += chunk
        head, self._buf = head.split(b"\r\n\r\n", 1)
        lines = head.decode("latin-1").split("\r\n")
        if " 101 " not in lines[0] + " ":
            raise ConnectionError(f"websocket handshake refused: {lines[0]}")
        accept = base64.b64encode(hashlib.sha1((key + _GUID).encode()).digest()).decode()
        headers = {l.split(":", 1)[0].strip().lower(): l.split(":", 1)[1].strip() for l in lines[1:] if ":" in l}
        if headers.get("sec-websocket-accept") != accept:
            raise ConnectionError("websocket handshake: bad Sec-WebSocket-Accept")

    def _read(self, n: int) -> bytes:
        while len(self._buf) < n:
            chunk = self.sock.recv(max(65536, n - len(self._buf)))
            if not chunk:
                raise ConnectionError("websocket: connection closed by host")
            self._buf += chunk
        out, self._buf = self._buf[:n], self._buf[n:]
        return out

    def _send_frame(self, opcode: int, payload: bytes) -> None:
        n = len(payload)
        header = bytes([0x80 | opcode])
        if n < 126:
            header += bytes([0x80 | n])
        elif n < 65536:
            header += bytes([0x80 | 126]) + struct.pack(">H", n)
        else:
            header += bytes([0x80 | 127]) + struct.pack(">Q", n)
        mask = os.urandom(4)
        masked = bytes(b ^ mask[i & 3] for i, b in enumerate(payload)) if n < 4096 else _mask_fast(payload, mask)
        self.sock.sendall(header + mask + masked)

    def send_binary(self, payload: bytes) -> None:
        self._send_frame(0x2, payload)

    def recv(self) -> bytes:
        parts = []
        while True:
            b0, b1 = self._read(2)
            fin, opcode, n = b0 & 0x80, b0 & 0x0F, b1 & 0x7F
            if n == 126:
                n = struct.unpack(">H", self._read(2))[0]
            elif n == 127:
                n = struct.unpack(">Q", self._read(8))[0]
            if b1 & 0x80:
                raise ConnectionError("websocket: host frames must not be masked")
            payload = self._read(n)
            if opcode == 0x8:
                raise ConnectionError(f"websocket closed by host: {payload[2:].decode(errors='replace')}")
            if opcode == 0x9:
                self._send_frame(0xA, payload)
                continue
            if opcode == 0xA:
                continue
            parts.append(payload)
            if fin:
                return b"".join(parts)

    def close(self) -> None:
        try:
            self._send_frame(0x8, struct.pack(">H", 1000))
        except OSError:
            pass
        self.sock.close()


def _mask_fast(payload: bytes, mask: bytes) -> bytes:
    n = len(payload)
    m = int.from_bytes((mask * (n // 4 + 1))[:n], "big")
    return (int.from_bytes(payload, "big") ^ m).to_bytes(n, "big")


def _decode_array(w: dict):
    if w["dtype"] != "float64":
        raise NeuroloopError("malformed", f"expected float64, got {w['dtype']}")
    vals = struct.unpack(f"<{len(w['bytes']) // 8}d", w["bytes"])
    if _np is not None:
        return _np.array(vals, dtype=_np.float64).reshape(w["shape"])
    return list(vals)


def _encode_array(values: Sequence[float]) -> dict:
    vals = [float(v) for v in (values.ravel() if hasattr(values, "ravel") else values)]
    return {"dtype": "float64", "shape": [len(vals)], "bytes": struct.pack(f"<{len(vals)}d", *vals)}


class Box:
    """Minimal stand-in for gymnasium.spaces.Box (used when gymnasium is not installed)."""

    def __init__(self, low, high, shape, dtype="float64"):
        self.low, self.high, self.shape, self.dtype = low, high, tuple(shape), dtype

    def contains(self, x) -> bool:
        xs = list(x.ravel()) if hasattr(x, "ravel") else list(x)
        return len(xs) == len(self.low) and all(l <= v <= h for v, l, h in zip(xs, self.low, self.high))

    def sample(self):
        return [random.uniform(l, h) if abs(l) != float("inf") and abs(h) != float("inf") else random.gauss(0, 1) for l, h in zip(self.low, self.high)]

    def __repr__(self):
        return f"Box({self.low}, {self.high}, {self.shape})"


class Discrete:
    """Minimal stand-in for gymnasium.spaces.Discrete."""

    def __init__(self, n: int):
        self.n, self.shape = n, ()

    def contains(self, x) -> bool:
        return isinstance(x, int) and 0 <= x < self.n

    def sample(self) -> int:
        return random.randrange(self.n)

    def __repr__(self):
        return f"Discrete({self.n})"


def _space(desc: str):
    j = json.loads(desc)
    if j["type"] == "discrete":
        return _gym_spaces.Discrete(j["n"]) if _gym_spaces else Discrete(j["n"])
    low = [float(v) for v in j["low"]]
    high = [float(v) for v in j["high"]]
    if _gym_spaces is not None and _np is not None:
        return _gym_spaces.Box(_np.array(low).reshape(j["shape"]), _np.array(high).reshape(j["shape"]), dtype=_np.float64)
    return Box(low, high, j["shape"])


_Base = _gym.Env if _gym is not None else object


class NeuroloopEnv(_Base):  # type: ignore[misc, valid-type]
    """A neuroloop Env in another process, with Gymnasium's reset/step/close API."""

    metadata: Dict[str, Any] = {"render_modes": []}

    def __init__(self, url: str, token: Optional[str] = None, timeout: float = 30.0):
        self._ws = _WebSocket(url, timeout)
        self._id = 0
        hello = {"type": "hello", "version": PROTOCOL_VERSION, "client": "neuroloop_gym.py"}
        if token is not None:
            hello["token"] = token
        self._ws.send_binary(msgpack.packb(hello, use_bin_type=True))
        welcome = self._recv()
        if welcome.get("type") != "welcome":
            raise NeuroloopError(welcome.get("code", "protocol"), welcome.get("message", f"expected welcome, got {welcome.get('type')}"))
        self.name = welcome["name"]
        self.dt_ns = int(welcome["dtNs"])
        ports = welcome["ports"]
        self.observation_space = _space(ports["outputs"]["observation"]["description"])
        self.action_space = _space(ports["inputs"]["action"]["description"])
        self._discrete = json.loads(ports["inputs"]["action"]["description"])["type"] == "discrete"
        self._initialised = False
        self._t = 0

    def _recv(self) -> dict:
        return msgpack.unpackb(self._ws.recv(), raw=False)

    def _call(self, msg: dict) -> dict:
        self._id += 1
        msg["id"] = self._id
        self._ws.send_binary(msgpack.packb(msg, use_bin_type=True))
        reply = self._recv()
        if reply.get("type") == "error":
            raise NeuroloopError(reply.get("code", "error"), reply.get("message", ""), reply.get("error"))
        if reply.get("id") != self._id:
            raise NeuroloopError("protocol", f"reply id {reply.get('id')} does not match request {self._id}")
        return reply

    @staticmethod
    def _outputs(reply: dict):
        o = reply["outputs"]
        obs = _decode_array(o["observation"]["data"])
        reward = _decode_array(o["reward"]["data"])[0]
        term = _decode_array(o["terminated"]["data"])[0] != 0
        trunc = _decode_array(o["truncated"]["data"])[0] != 0
        events = o["info"]["events"]
        info = {k: v for k, v in (events[0] if events else {}).items() if k != "type"}
        return obs, float(reward), bool(term), bool(trunc), info

    def reset(self, *, seed: Optional[int] = None, options: Optional[dict] = None) -> Tuple[Any, dict]:
        if options:
            raise ValueError("reset(options=...): options are not carried by remote protocol v1; configure the env on the host")
        if not self._initialised:
            reply = self._call({"type": "init", "seed": int(seed if seed is not None else random.getrandbits(31)), "startNs": 0})
            self._initialised = True
        else:
            msg: Dict[str, Any] = {"type": "reset"}
            if seed is not None:
                msg["seed"] = int(seed)
            reply = self._call(msg)
        self._t = 0
        obs, _, _, _, info = self._outputs(reply)
        return obs, info

    def step(self, action) -> Tuple[Any, float, bool, bool, dict]:
        if not self._initialised:
            raise RuntimeError("step() before reset()")
        values = [int(action)] if self._discrete else action
        if not self._discrete and not hasattr(values, "__len__"):
            values = [values]
        to = self._t + self.dt_ns
        reply = self._call({"type": "advance", "to": to, "inputs": {"action": {"kind": "analog", "data": _encode_array(values)}}})
        self._t = to
        return self._outputs(reply)

    def close(self) -> None:
        try:
            self._call({"type": "dispose"})
        except (NeuroloopError, ConnectionError, OSError):
            pass
        self._ws.close()


if __name__ == "__main__":  # smoke run: python3 neuroloop_gym.py ws://127.0.0.1:PORT
    import sys

    env = NeuroloopEnv(sys.argv[1])
    o, i = env.reset(seed=1)
    total = 0.0
    for _ in range(20):
        o, r, term, trunc, i = env.step(env.action_space.sample())
        total += r
    print(json.dumps({"observation": [float(v) for v in o], "return20": total}))
    env.close()
