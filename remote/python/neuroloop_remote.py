"""neuroloop remote-engine protocol v1 for Python engines (stdlib + python3-msgpack).

A Python simulator (Brian2, NEURON, ...) joins a neuroloop bus as an engine: subclass `Engine`,
then `serve(factory)`. The bus side connects with `RemoteEngine.connect({url})`. This module is
the host side of the protocol described in remote/protocol.ts: a minimal RFC 6455 websocket server
(one client at a time, loopback by default, token required for any other bind, frame-size limit),
msgpack frames, typed arrays as {dtype, shape, bytes} little-endian, every request validated and
answered in order with outputs/ack/error. Nothing received is ever evaluated.

Port values in Python:
  analog  -> array('d') (row-major), returned values may be any sequence of floats or a numpy array
  spikes  -> (ids, times_ns) as two sequences (ints, floats)
  events  -> list of dicts with a string 'type'
"""
from __future__ import annotations

import base64
import hashlib
import hmac
import json
import socket
import struct
import sys
import time
from array import array

import msgpack

PROTOCOL_VERSION = 1
_GUID = b"258EAFA5-E914-47DA-95CA-C5AB0DC85B11"
if sys.byteorder != "little":
    raise RuntimeError("neuroloop remote: big-endian hosts are not supported")


class ProtocolError(Exception):
    """A wire/protocol violation; `code` is one of the protocol error codes."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code


class ValidationError(Exception):
    """Bad input: names the field, the bad value, what was expected and the fix (like core/errors.ts)."""

    def __init__(self, field: str, value, expected: str, fix: str):
        super().__init__(f"{field}: got {value!r}, expected {expected}. Fix: {fix}")
        self.field, self.value, self.expected, self.fix = field, value, expected, fix


class Engine:
    """Base class of a Python engine. Same contract as core/engine.ts (times in integer ns)."""

    name: str = "py"
    dt_ns: int = 1_000_000
    #: {"inputs": {port: decl}, "outputs": {port: decl}} with decl like {"kind": "analog", "shape": [n]}
    ports: dict = {"inputs": {}, "outputs": {}}

    def init(self, seed: int, start_ns: int) -> dict:
        raise NotImplementedError

    def advance(self, to_ns: int, inputs: dict) -> dict:
        raise NotImplementedError

    def reset(self, keep: list | None, seed: int | None) -> dict:
        raise NotImplementedError

    def dispose(self) -> None:
        pass


# ---------------------------------------------------------------- codec

_ITEM = {"float64": ("d", 8), "int32": ("i", 4)}


def encode_array(values, dtype: str, shape=None) -> dict:
    code, _ = _ITEM[dtype]
    a = values if isinstance(values, array) and values.typecode == code else array(code, [float(v) if code == "d" else int(v) for v in values])
    return {"dtype": dtype, "shape": list(shape) if shape is not None else [len(a)], "bytes": a.tobytes()}


def decode_array(where: str, w, dtype: str) -> array:
    if not isinstance(w, dict) or set(w.keys()) != {"dtype", "shape", "bytes"}:
        raise ProtocolError("malformed", f"{where}: expected {{dtype, shape, bytes}}")
    if w["dtype"] != dtype:
        raise ProtocolError("malformed", f"{where}: dtype {w['dtype']!r}, expected {dtype!r}")
    shape, data = w["shape"], w["bytes"]
    if not isinstance(shape, list) or len(shape) > 8 or not all(isinstance(d, int) and 0 <= d <= 2**31 for d in shape):
        raise ProtocolError("malformed", f"{where}: bad shape")
    if not isinstance(data, (bytes, bytearray)):
        raise ProtocolError("malformed", f"{where}: bytes must be binary")
    n = 1
    for d in shape:
        n *= d
    code, size = _ITEM[dtype]
    if n * size != len(data):
        raise ProtocolError("malformed", f"{where}: {len(data)} bytes do not match shape {shape} of {dtype}")
    a = array(code)
    a.frombytes(data)
    return a


def encode_value(decl: dict, v) -> dict:
    kind = decl["kind"]
    if kind == "analog":
        return {"kind": "analog", "data": encode_array(_flat(v), "float64", decl["shape"])}
    if kind == "spikes":
        ids, times = v
        return {"kind": "spikes", "ids": encode_array(_flat(ids), "int32"), "timesNs": encode_array(_flat(times), "float64")}
    return {"kind": "events", "events": list(v)}


def _flat(v):
    if hasattr(v, "ravel"):  # numpy without importing it
        return v.ravel().tolist()
    return v


def decode_inputs(engine: Engine, wire) -> dict:
    if not isinstance(wire, dict):
        raise ProtocolError("malformed", "inputs must be a map")
    out = {}
    for port, w in wire.items():
        decl = engine.ports["inputs"].get(port) if isinstance(port, str) else None
        if decl is None:
            raise ValidationError(f"{engine.name}.inputs.{port}", port, f"one of {sorted(engine.ports['inputs'])}", "write only to declared input ports")
        if not isinstance(w, dict) or w.get("kind") != decl["kind"]:
            raise ValidationError(f"{engine.name}.inputs.{port}", w.get("kind") if isinstance(w, dict) else type(w).__name__, f"a {decl['kind']} value", "send the declared kind")
        where = f"{engine.name}.inputs.{port}"
        if decl["kind"] == "analog":
            a = decode_array(where, w.get("data"), "float64")
            n = 1
            for d in decl["shape"]:
                n *= d
            if len(a) != n:
                raise ValidationError(where, f"length {len(a)}", f"length {n}", "match the declared shape")
            for i, x in enumerate(a):
                if x != x or x in (float("inf"), float("-inf")):
                    raise ValidationError(f"{where}[{i}]", x, "a finite number", "find where the NaN/Inf came from upstream")
            out[port] = a
        elif decl["kind"] == "spikes":
            ids = decode_array(where + ".ids", w.get("ids"), "int32")
            times = decode_array(where + ".timesNs", w.get("timesNs"), "float64")
            if len(ids) != len(times):
                raise ProtocolError("malformed", f"{where}: {len(ids)} ids but {len(times)} times")
            for i, x in enumerate(ids):
                if not 0 <= x < decl["size"]:
                    raise ValidationError(f"{where}.ids[{i}]", x, f"a neuron index in [0, {decl['size']})", "index neurons from 0")
            out[port] = (ids, times)
        else:
            ev = w.get("events")
            if not isinstance(ev, list) or not all(isinstance(e, dict) and isinstance(e.get("type"), str) for e in ev):
                raise ValidationError(where, "events", "a list of {type: string, ...}", "add a type field")
            out[port] = ev
    return out


def encode_outputs(engine: Engine, outs: dict) -> dict:
    missing = set(engine.ports["outputs"]) - set(outs)
    if missing:
        raise RuntimeError(f"engine {engine.name} did not return outputs {sorted(missing)}")
    return {p: encode_value(engine.ports["outputs"][p], outs[p]) for p in engine.ports["outputs"]}


# ---------------------------------------------------------------- message validation

def _int(m, k, lo=0, hi=2**53 - 1, optional=False):
    v = m.get(k)
    if v is None and optional:
        return None
    if not isinstance(v, int) or isinstance(v, bool) or not lo <= v <= hi:
        raise ProtocolError("malformed", f"'{m.get('type')}' message: {k}: expected an integer in [{lo}, {hi}]")
    return v


_FIELDS = {
    "hello": {"type", "version", "token", "client"},
    "init": {"type", "id", "seed", "startNs"},
    "advance": {"type", "id", "to", "inputs"},
    "reset": {"type", "id", "keep", "seed"},
    "dispose": {"type", "id"},
    "heartbeat": {"type", "id"},
    "resync": {"type", "id"},
}


def parse_message(raw) -> dict:
    if not isinstance(raw, dict):
        raise ProtocolError("malformed", "client frame is not a msgpack map")
    t = raw.get("type")
    if not isinstance(t, str):
        raise ProtocolError("malformed", "client frame has no string 'type'")
    if t not in _FIELDS:
        raise ProtocolError("unknown-type", f"client message type {t[:64]!r} is not part of protocol v1")
    extra = set(raw.keys()) - _FIELDS[t]
    if extra:
        raise ProtocolError("malformed", f"'{t}' message: unknown keys {sorted(map(str, extra))}")
    if t == "hello":
        _int(raw, "version", -(2**31), 2**31)
        if not isinstance(raw.get("client"), str) or ("token" in raw and not isinstance(raw["token"], str)):
            raise ProtocolError("malformed", "'hello' message: client/token must be strings")
        return raw
    _int(raw, "id")
    if t == "init":
        _int(raw, "seed", 0, 0xFFFFFFFF)
        _int(raw, "startNs")
    elif t == "advance":
        _int(raw, "to")
        if not isinstance(raw.get("inputs"), dict):
            raise ProtocolError("malformed", "'advance' message: inputs must be a map")
    elif t == "reset":
        _int(raw, "seed", 0, 0xFFFFFFFF, optional=True)
        keep = raw.get("keep")
        if keep is not None and not (isinstance(keep, list) and all(isinstance(k, str) for k in keep)):
            raise ProtocolError("malformed", "'reset' message: keep must be a list of strings")
    return raw


# ---------------------------------------------------------------- websocket (RFC 6455, server side)

class _Conn:
    def __init__(self, sock: socket.socket, max_frame: int):
        self.sock, self.max_frame, self.buf = sock, max_frame, b""

    def _read(self, n: int) -> bytes:
        while len(self.buf) < n:
            chunk = self.sock.recv(max(65536, n - len(self.buf)))
            if not chunk:
                raise ConnectionError("client closed")
            self.buf += chunk
        out, self.buf = self.buf[:n], self.buf[n:]
        return out

    def handshake(self) -> None:
        while b"\r\n\r\n" not in self.buf:
            if len(self.buf) > 16384:
                raise ConnectionError("oversize handshake")
            chunk = self.sock.recv(4096)
            if not chunk:
                raise ConnectionError("closed during handshake")
            self.buf += chunk
        head, self.buf = self.buf.split(b"\r\n\r\n", 1)
        key = None
        for line in head.split(b"\r\n")[1:]:
            k, _, v = line.partition(b":")
            if k.strip().lower() == b"sec-websocket-key":
                key = v.strip()
        if key is None:
            self.sock.sendall(b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n")
            raise ConnectionError("not a websocket upgrade")
        accept = base64.b64encode(hashlib.sha1(key + _GUID).digest())
        self.sock.sendall(b"HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: " + accept + b"\r\n\r\n")

    def recv_message(self):
        """Returns (opcode, payload) of the next complete message; handles ping/close itself."""
        parts, first_op = [], None
        while True:
            b0, b1 = self._read(2)
            fin, op, masked, n = b0 & 0x80, b0 & 0x0F, b1 & 0x80, b1 & 0x7F
            if n == 126:
                n = struct.unpack(">H", self._read(2))[0]
            elif n == 127:
                n = struct.unpack(">Q", self._read(8))[0]
            if not masked:
                self.close(1002)
                raise ConnectionError("unmasked client frame")
            if n + sum(len(p) for p in parts) > self.max_frame:
                self.close(1009)
                raise ConnectionError("frame too large")
            mask = self._read(4)
            data = bytearray(self._read(n))
            for i in range(n):
                data[i] ^= mask[i & 3]
            if op == 0x8:
                self.close(1000)
                raise ConnectionError("client sent close")
            if op == 0x9:
                self._send(0xA, bytes(data))
                continue
            if op == 0xA:
                continue
            if op != 0x0:
                first_op = op
            parts.append(bytes(data))
            if fin:
                return first_op, b"".join(parts)

    def _send(self, op: int, payload: bytes) -> None:
        n = len(payload)
        if n < 126:
            head = struct.pack("!BB", 0x80 | op, n)
        elif n < 65536:
            head = struct.pack("!BBH", 0x80 | op, 126, n)
        else:
            head = struct.pack("!BBQ", 0x80 | op, 127, n)
        self.sock.sendall(head + payload)

    def send(self, msg: dict) -> None:
        self._send(0x2, msgpack.packb(msg, use_bin_type=True))

    def close(self, code: int) -> None:
        try:
            self._send(0x8, struct.pack("!H", code))
        except OSError:
            pass


# ---------------------------------------------------------------- server

def _error(mid, code, message, detail=None):
    m = {"type": "error", "id": mid, "code": code, "message": str(message)[:2000]}
    if detail:
        m["error"] = detail
    return m


def _detail(e: Exception) -> dict:
    if isinstance(e, ValidationError):
        return {"name": "ValidationError", "field": e.field, "expected": e.expected, "fix": e.fix, "value": repr(e.value)[:200]}
    return {"name": type(e).__name__}


def serve(factory, host: str = "127.0.0.1", port: int = 0, token: str | None = None,
          max_frame_bytes: int = 16 * 1024 * 1024, max_messages_per_second: float = 100_000,
          burst: float = 10_000, print_url: bool = True) -> None:
    """Serves engines made by `factory()` (a fresh engine per client connection) until killed."""
    if host not in ("127.0.0.1", "::1", "localhost") and not host.startswith("127.") and (token is None or len(token) < 16):
        raise ValidationError("serve.token", None if token is None else f"{len(token)} chars", "a token of at least 16 characters for a non-loopback bind", "bind 127.0.0.1 or pass a random token")
    srv = socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET, socket.SOCK_STREAM)
    srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    srv.bind((host, port))
    srv.listen(4)
    if print_url:
        print(json.dumps({"url": f"ws://{host}:{srv.getsockname()[1]}"}), flush=True)
    while True:
        sock, _ = srv.accept()
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        try:
            _serve_connection(_Conn(sock, max_frame_bytes), factory, token, max_messages_per_second, burst)
        except (ConnectionError, OSError):
            pass
        finally:
            sock.close()


def _serve_connection(conn: _Conn, factory, token, rate, burst) -> None:
    conn.handshake()
    engine, hello_done, initialised, disposed = None, False, False, False
    tokens, last = burst, time.perf_counter()
    try:
        while True:
            op, payload = conn.recv_message()
            now = time.perf_counter()
            tokens, last = min(burst, tokens + (now - last) * rate), now
            if tokens < 1:
                conn.send(_error(None, "rate", f"more than {rate} messages/s; slow down"))
                continue
            tokens -= 1
            mid = None
            try:
                if op != 0x2:
                    raise ProtocolError("malformed", "text frames are not part of the protocol; send binary msgpack")
                try:
                    raw = msgpack.unpackb(payload, raw=False, strict_map_key=False)
                except Exception as e:  # noqa: BLE001 - any decoder failure is a malformed frame
                    raise ProtocolError("malformed", f"not a msgpack frame ({str(e)[:120]})")
                m = parse_message(raw)
                mid = m.get("id")
                t = m["type"]
                if not hello_done:
                    if t != "hello":
                        raise ProtocolError("state", f"'{t}' before hello; send hello first")
                    if m["version"] != PROTOCOL_VERSION:
                        conn.send(_error(None, "version", f"client speaks v{m['version']}, host speaks v{PROTOCOL_VERSION}"))
                        conn.close(1002)
                        return
                    if token is not None and not hmac.compare_digest(str(m.get("token", "")).encode(), token.encode()):
                        conn.send(_error(None, "auth", "missing or wrong token"))
                        conn.close(1008)
                        return
                    engine = factory()
                    hello_done = True
                    conn.send({"type": "welcome", "version": PROTOCOL_VERSION, "name": engine.name, "dtNs": int(engine.dt_ns), "ports": engine.ports, "capabilities": []})
                    continue
                if t == "hello":
                    raise ProtocolError("state", "hello sent twice")
                if t == "heartbeat":
                    conn.send({"type": "ack", "id": mid})
                    continue
                if t == "dispose":
                    if not disposed:
                        disposed = True
                        engine.dispose()
                    conn.send({"type": "ack", "id": mid})
                    continue
                if t == "resync":
                    raise ProtocolError("unsupported", f"engine '{engine.name}' is not a wall-clock engine")
                if disposed:
                    raise ProtocolError("state", f"engine '{engine.name}' was disposed")
                t0 = time.perf_counter()
                if t == "init":
                    outs = engine.reset(None, m["seed"]) if initialised else engine.init(m["seed"], m["startNs"])
                    initialised, t_ns = True, m["startNs"]
                elif not initialised:
                    raise ProtocolError("state", f"{t} before init of '{engine.name}'")
                elif t == "advance":
                    outs, t_ns = engine.advance(m["to"], decode_inputs(engine, m["inputs"])), m["to"]
                else:
                    outs, t_ns = engine.reset(m.get("keep"), m.get("seed")), 0
                conn.send({"type": "outputs", "id": mid, "tNs": t_ns, "outputs": encode_outputs(engine, outs), "hostUs": (time.perf_counter() - t0) * 1e6})
            except ProtocolError as e:
                conn.send(_error(mid if isinstance(mid, int) else None, e.code, e))
            except (ConnectionError, OSError):
                raise
            except Exception as e:  # noqa: BLE001 - engine errors go back to the bus, named
                conn.send(_error(mid if isinstance(mid, int) else None, "engine", f"{type(e).__name__}: {e}", _detail(e)))
    finally:
        if engine is not None and not disposed:
            engine.dispose()
