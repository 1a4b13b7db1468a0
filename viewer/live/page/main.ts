/**
 * The viewer page (browser only; bundled by ../bundle.ts). Left: a Babylon.js scene with the
 * bodies (link poses from the bus) and the brain (every population as a 3D grid of neurons that
 * flash on spikes and fade over 20 ms of simulated time) plus the experiment's layers; right: a
 * spike raster and traces scrolling with simulated time. The top bar drives the bus over the
 * websocket. `window.__viewer` exposes counters for tests and the fps benchmark.
 */
import { Engine } from '@babylonjs/core/Engines/engine.js';
import { Scene } from '@babylonjs/core/scene.js';
import { ArcRotateCamera } from '@babylonjs/core/Cameras/arcRotateCamera.js';
import { HemisphericLight } from '@babylonjs/core/Lights/hemisphericLight.js';
import { StandardMaterial } from '@babylonjs/core/Materials/standardMaterial.js';
import { Color3, Color4 } from '@babylonjs/core/Maths/math.color.js';
import { Matrix, Quaternion, Vector3 } from '@babylonjs/core/Maths/math.vector.js';
import { Viewport } from '@babylonjs/core/Maths/math.viewport.js';
import { TransformNode } from '@babylonjs/core/Meshes/transformNode.js';
import type { Mesh } from '@babylonjs/core/Meshes/mesh.js';
import type { AbstractMesh } from '@babylonjs/core/Meshes/abstractMesh.js';
import { CreateBox } from '@babylonjs/core/Meshes/Builders/boxBuilder.js';
import { CreateSphere } from '@babylonjs/core/Meshes/Builders/sphereBuilder.js';
import { CreateCapsule } from '@babylonjs/core/Meshes/Builders/capsuleBuilder.js';
import { CreateCylinder } from '@babylonjs/core/Meshes/Builders/cylinderBuilder.js';
import { CreateGround } from '@babylonjs/core/Meshes/Builders/groundBuilder.js';
import '@babylonjs/core/Meshes/thinInstanceMesh.js';
import { toPagePose } from '../protocol.js';
import type { ControlMsg, FlashLayer, FrameMsg, GaugeLayer, HelloMsg, LinkDesc, ServerMsg, StatusMsg, TraceLayer } from '../protocol.js';

const FLASH_TAU_NS = 20e6;
const REST = [0.13, 0.16, 0.28];
const HOT = [1.0, 0.85, 0.25];
const TRACE_COLORS = ['#6cf', '#f96', '#9e6', '#e6e', '#fd5', '#5fd'];

interface Pop {
  readonly key: string;
  readonly size: number;
  readonly rowOffset: number;
  readonly last: Float64Array;
  readonly colors: Float32Array;
  readonly mesh: Mesh;
}
interface Trace {
  readonly key: string;
  readonly channel: number;
  readonly label: string;
  readonly color: string;
  min: number;
  max: number;
  readonly fixed: boolean;
  lastY: number | undefined;
}

const stats = {
  connected: false, frames: 0, spikes: 0, events: 0, renders: 0, lastTNs: 0, status: undefined as StatusMsg | undefined,
  fps: 0, renderMsAvg: 0, frameMsSum: 0, scale: 1, ready: false, errors: [] as string[], title: '',
};
(window as unknown as { __viewer: unknown }).__viewer = {
  stats,
  send: (m: ControlMsg) => send(m),
  /** Screen rectangle (CSS px) of 'body' or 'brain' (or a layer name). */
  rect: (group: string) => screenRect(group),
};

const canvas = document.getElementById('scene') as HTMLCanvasElement;
const engine = new Engine(canvas, false, { preserveDrawingBuffer: false, stencil: false, antialias: false }, false);
const scene = new Scene(engine);
scene.clearColor = new Color4(0.06, 0.08, 0.1, 1);
const camera = new ArcRotateCamera('cam', -Math.PI / 2, 1.15, 3.2, new Vector3(0.55, 0.25, 0), scene);
camera.attachControl(canvas, true);
camera.wheelPrecision = 60;
camera.minZ = 0.01;
new HemisphericLight('sky', new Vector3(0.3, 1, -0.4), scene);
const ground = CreateGround('ground', { width: 4, height: 3 }, scene);
ground.position.y = -0.35;
const groundMat = new StandardMaterial('groundMat', scene);
groundMat.diffuseColor = new Color3(0.16, 0.18, 0.2);
groundMat.specularColor = Color3.Black();
ground.material = groundMat;

const groups = new Map<string, AbstractMesh[]>();
const addToGroup = (g: string, m: AbstractMesh): void => {
  const list = groups.get(g) ?? [];
  list.push(m);
  groups.set(g, list);
};

let hello: HelloMsg | undefined;
let links: Mesh[] = [];
const pops: Pop[] = [];
let totalRows = 0;
const traces: Trace[] = [];
const flashes: { layer: FlashLayer; mesh: Mesh; mat: StandardMaterial; until: number }[] = [];
const gauges: { layer: GaugeLayer; mesh: Mesh }[] = [];
let simT = 0;
let ws: WebSocket | undefined;

function send(m: ControlMsg): void {
  if (ws?.readyState === WebSocket.OPEN) ws.send(JSON.stringify(m));
}

function material(name: string, rgb: readonly number[] | undefined, fallback: readonly number[]): StandardMaterial {
  const m = new StandardMaterial(name, scene);
  const c = rgb ?? fallback;
  m.diffuseColor = new Color3(c[0] ?? 1, c[1] ?? 1, c[2] ?? 1);
  m.specularColor = new Color3(0.15, 0.15, 0.15);
  return m;
}

function linkMesh(l: LinkDesc, i: number): Mesh {
  const s = l.size;
  let m: Mesh;
  if (l.shape === 'sphere') m = CreateSphere(l.name, { diameter: s[0] ?? 0.1, segments: 16 }, scene);
  else if (l.shape === 'capsule') m = CreateCapsule(l.name, { radius: (s[0] ?? 0.05) / 2, height: Math.max(s[1] ?? 0.2, s[0] ?? 0.05) }, scene);
  else if (l.shape === 'cylinder') m = CreateCylinder(l.name, { diameter: s[0] ?? 0.1, height: s[1] ?? 0.2 }, scene);
  else m = CreateBox(l.name, { width: s[0] ?? 0.1, height: s[1] ?? 0.1, depth: s[2] ?? 0.1 }, scene);
  m.material = material(`${l.name}-mat`, l.color, i === 0 ? [0.85, 0.7, 0.6] : [0.55, 0.75, 0.95]);
  m.rotationQuaternion = new Quaternion();
  addToGroup('body', m);
  return m;
}

function buildScene(h: HelloMsg): void {
  hello = h;
  stats.title = h.title;
  document.title = h.title;
  links = (h.scene.bodies?.links ?? []).map(linkMesh);
  // Brain: populations stacked along y, each a cube grid, centred at x = 1.2.
  const brain = new TransformNode('brain', scene);
  brain.position = new Vector3(1.25, 0, 0);
  const n = h.scene.populations.length;
  h.scene.populations.forEach((p, k) => {
    const side = Math.max(1, Math.ceil(Math.cbrt(p.size)));
    const span = 0.8 / Math.max(1, Math.sqrt(n));
    const step = span / side;
    const base = CreateBox(`pop-${p.key}`, { size: step * 0.55 }, scene);
    const mat = new StandardMaterial(`pop-${p.key}-mat`, scene);
    // Unlit: the fragment colour is (emissive) × instance colour, so each neuron shows exactly its flash colour.
    mat.disableLighting = true;
    mat.diffuseColor = Color3.Black();
    mat.emissiveColor = Color3.White();
    base.material = mat;
    base.parent = brain;
    const matrices = new Float32Array(16 * p.size);
    const colors = new Float32Array(4 * p.size);
    const yOff = (k - (n - 1) / 2) * (span * 1.25);
    const tmp = Matrix.Identity();
    for (let i = 0; i < p.size; i++) {
      const given = p.positions;
      const x = given ? (given[3 * i] ?? 0) : ((i % side) - (side - 1) / 2) * step;
      const y = given ? (given[3 * i + 1] ?? 0) : (Math.floor(i / (side * side)) - (side - 1) / 2) * step + yOff;
      const z = given ? (given[3 * i + 2] ?? 0) : ((Math.floor(i / side) % side) - (side - 1) / 2) * step;
      Matrix.TranslationToRef(x, y, z, tmp);
      tmp.copyToArray(matrices, 16 * i);
      colors.set([REST[0] as number, REST[1] as number, REST[2] as number, 1], 4 * i);
    }
    base.thinInstanceSetBuffer('matrix', matrices, 16, true);
    base.thinInstanceSetBuffer('color', colors, 4, false);
    base.alwaysSelectAsActiveMesh = true;
    base.thinInstanceRefreshBoundingInfo(false);
    addToGroup('brain', base);
    pops.push({ key: p.key, size: p.size, rowOffset: totalRows, last: new Float64Array(p.size).fill(-Infinity), colors, mesh: base });
    totalRows += p.size;
  });
  for (const l of h.layers) {
    if (l.kind === 'flash') {
      const size = l.size ?? 0.06;
      const mesh = l.shape === 'box' ? CreateBox(l.name, { size }, scene) : l.shape === 'cone' ? CreateCylinder(l.name, { diameterTop: 0, diameterBottom: size, height: size * 1.6 }, scene) : CreateSphere(l.name, { diameter: size, segments: 12 }, scene);
      mesh.position = new Vector3(...l.position);
      const mat = material(`${l.name}-mat`, l.color, [0.4, 0.9, 1]);
      mesh.material = mat;
      mesh.visibility = 0.15;
      addToGroup(l.name, mesh);
      flashes.push({ layer: l, mesh, mat, until: -Infinity });
    } else if (l.kind === 'gauge') {
      const mesh = CreateBox(l.name, { width: 0.05, height: 1, depth: 0.05 }, scene);
      mesh.setPivotPoint(new Vector3(0, -0.5, 0));
      mesh.position = new Vector3(l.position[0], l.position[1] + 0.5, l.position[2]);
      mesh.material = material(`${l.name}-mat`, l.color, [0.9, 0.6, 0.3]);
      mesh.scaling.y = 0.001;
      addToGroup(l.name, mesh);
      gauges.push({ layer: l, mesh });
    } else {
      addTrace(l);
    }
  }
  for (const key of h.scene.traces) addTrace({ kind: 'trace', name: key, key });
  (document.getElementById('legend') as HTMLElement).innerHTML = traces.map((t) => `<span style="color:${t.color}">■ ${t.label}</span>`).join(' &nbsp;');
  windowNs = (h.scene.windowMs ?? 1000) * 1e6;
  applyStatus(h.status);
}

function addTrace(l: TraceLayer): void {
  const fixed = l.min !== undefined && l.max !== undefined;
  traces.push({ key: l.key, channel: l.channel ?? 0, label: l.name, color: l.color ?? TRACE_COLORS[traces.length % TRACE_COLORS.length] as string, min: l.min ?? Infinity, max: l.max ?? -Infinity, fixed, lastY: undefined });
}

// ----- scrolling 2D panels (one pixel column = windowNs / width of simulated time) -----
const raster = document.getElementById('raster') as HTMLCanvasElement;
const rctx = raster.getContext('2d') as CanvasRenderingContext2D;
const tracesCv = document.getElementById('traces') as HTMLCanvasElement;
const tctx = tracesCv.getContext('2d') as CanvasRenderingContext2D;
let windowNs = 1e9;
let lastCol: number | undefined;
let lastShift = 1;
for (const c of [rctx, tctx]) {
  c.fillStyle = '#0c0f12';
  c.fillRect(0, 0, 380, 300);
}

function scrollPanels(tNs: number): number {
  const W = raster.width;
  const col = Math.floor(tNs / (windowNs / W));
  if (lastCol === undefined) lastCol = col;
  let shift = col - lastCol;
  if (shift < 0 || shift > W) shift = W; // reset (trial restart) or a long jump: clear
  if (shift > 0) {
    for (const [cv, c] of [[raster, rctx], [tracesCv, tctx]] as const) {
      c.globalCompositeOperation = 'copy';
      c.drawImage(cv, -shift, 0);
      c.globalCompositeOperation = 'source-over';
      c.fillStyle = '#0c0f12';
      c.fillRect(W - shift, 0, shift, cv.height);
    }
    for (const t of traces) if (t.lastY !== undefined && shift >= W) t.lastY = undefined;
  }
  lastShift = Math.max(1, Math.min(shift, raster.width));
  lastCol = col;
  return col;
}

function onFrame(f: FrameMsg): void {
  stats.frames++;
  const col = scrollPanels(f.tNs);
  simT = f.tNs;
  stats.lastTNs = f.tNs;
  const W = raster.width;
  const H = raster.height;
  // bodies
  const bd = hello?.scene.bodies;
  if (bd) {
    const order = bd.quatOrder ?? 'xyzw';
    const zUp = bd.zUp ?? false;
    links.forEach((m, i) => {
      const lk = bd.links[i]?.key;
      const poses = lk !== undefined ? f.analog[lk] : bd.key !== undefined ? f.analog[bd.key] : undefined;
      if (!poses) return;
      const p = toPagePose(poses, lk !== undefined ? 0 : 7 * i, order, zUp);
      m.position.set(p.pos[0], p.pos[1], p.pos[2]);
      (m.rotationQuaternion as Quaternion).set(p.quat[0], p.quat[1], p.quat[2], p.quat[3]);
    });
  }
  // spikes: neuron flash state and raster dots
  const nsPerCol = windowNs / W;
  const rowH = Math.max(1, H / Math.max(1, totalRows));
  rctx.fillStyle = '#ffd24a';
  for (const p of pops) {
    const s = f.spikes[p.key];
    if (!s) continue;
    stats.spikes += s.id.length;
    for (let i = 0; i < s.id.length; i++) {
      const id = s.id[i] as number;
      const t = s.t[i] as number;
      if (id >= 0 && id < p.size && t > (p.last[id] as number)) p.last[id] = t;
      const x = W - 1 - (col - Math.floor(t / nsPerCol));
      rctx.fillRect(x, ((p.rowOffset + id) / Math.max(1, totalRows)) * H, 1, rowH);
    }
  }
  // events → flash layers
  for (const [key, list] of Object.entries(f.events)) {
    stats.events += list.length;
    for (const fl of flashes) {
      if (fl.layer.key !== key) continue;
      for (const ev of list) if (fl.layer.type === undefined || ev.e.type === fl.layer.type) fl.until = Math.max(fl.until, ev.t + (fl.layer.holdMs ?? 30) * 1e6);
    }
  }
  for (const g of gauges) {
    const v = f.analog[g.layer.key]?.[g.layer.channel ?? 0];
    if (v !== undefined) g.mesh.scaling.y = Math.max(0.001, v * (g.layer.scale ?? 1));
  }
  // traces
  const TH = tracesCv.height;
  traces.forEach((t) => {
    const v = f.analog[t.key]?.[t.channel];
    if (v === undefined) return;
    if (!t.fixed && (v < t.min || v > t.max)) {
      t.min = Math.min(t.min, v);
      t.max = Math.max(t.max, v);
    }
    const span = t.max - t.min || 1;
    const y = TH - 4 - ((v - t.min) / span) * (TH - 8);
    tctx.strokeStyle = t.color;
    tctx.lineWidth = 1.5;
    tctx.beginPath();
    tctx.moveTo(W - 1 - lastShift, t.lastY ?? y);
    tctx.lineTo(W - 1, y);
    tctx.stroke();
    t.lastY = y;
  });
  (document.getElementById('simtime') as HTMLElement).textContent = `t = ${(f.tNs / 1e6).toFixed(1)} ms`;
}

function applyStatus(s: StatusMsg): void {
  stats.status = s;
  (document.getElementById('state') as HTMLElement).textContent = s.paused ? 'paused' : s.state;
  const sel = document.getElementById('speed') as HTMLSelectElement;
  sel.value = s.speed === null ? 'max' : String(s.speed);
}

function updateNeuronColors(): void {
  for (const p of pops) {
    const c = p.colors;
    for (let i = 0; i < p.size; i++) {
      const a = Math.exp(-(simT - (p.last[i] as number)) / FLASH_TAU_NS);
      const o = 4 * i;
      c[o] = (REST[0] as number) + ((HOT[0] as number) - (REST[0] as number)) * a;
      c[o + 1] = (REST[1] as number) + ((HOT[1] as number) - (REST[1] as number)) * a;
      c[o + 2] = (REST[2] as number) + ((HOT[2] as number) - (REST[2] as number)) * a;
    }
    p.mesh.thinInstanceBufferUpdated('color');
  }
  for (const fl of flashes) {
    const on = simT < fl.until;
    fl.mesh.visibility = on ? 1 : 0.15;
    fl.mat.emissiveColor = on ? fl.mat.diffuseColor : Color3.Black();
  }
}

function screenRect(group: string): { x: number; y: number; w: number; h: number } | undefined {
  const meshes = groups.get(group);
  if (!meshes || meshes.length === 0) return undefined;
  const w = engine.getRenderWidth();
  const h = engine.getRenderHeight();
  const vp = camera.viewport.toGlobal(w, h) as Viewport;
  const tm = scene.getTransformMatrix();
  let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
  for (const m of meshes) {
    m.computeWorldMatrix(true);
    const bb = m.getBoundingInfo().boundingBox;
    for (const v of bb.vectorsWorld) {
      const p = Vector3.Project(v, Matrix.IdentityReadOnly, tm, vp);
      x0 = Math.min(x0, p.x); y0 = Math.min(y0, p.y); x1 = Math.max(x1, p.x); y1 = Math.max(y1, p.y);
    }
  }
  const r = canvas.getBoundingClientRect();
  const sx = r.width / w;
  const sy = r.height / h;
  return { x: r.left + x0 * sx, y: r.top + y0 * sy, w: (x1 - x0) * sx, h: (y1 - y0) * sy };
}

// ----- controls -----
(document.getElementById('play') as HTMLElement).onclick = () => send({ type: 'resume' });
(document.getElementById('pause') as HTMLElement).onclick = () => send({ type: 'pause' });
(document.getElementById('step') as HTMLElement).onclick = () => send({ type: 'step', ms: 10 });
(document.getElementById('speed') as HTMLSelectElement).onchange = (e) => {
  const v = (e.target as HTMLSelectElement).value;
  send({ type: 'speed', factor: v === 'max' ? null : Number(v) });
};

function connect(): void {
  ws = new WebSocket(`ws://${location.host}/ws`);
  ws.onopen = () => (stats.connected = true);
  ws.onclose = () => (stats.connected = false);
  ws.onmessage = (ev) => {
    const m = JSON.parse(ev.data as string) as ServerMsg;
    if (m.type === 'hello') {
      buildScene(m);
      void scene.whenReadyAsync().then(() => (stats.ready = true));
    } else if (m.type === 'frame') {
      const t0 = performance.now();
      onFrame(m);
      stats.frameMsSum += performance.now() - t0;
    }
    else if (m.type === 'status') applyStatus(m);
    else stats.errors.push(m.message);
  };
}

// ----- render loop with fps accounting -----
let winStart = performance.now();
let winFrames = 0;
let renderMsSum = 0;
engine.runRenderLoop(() => {
  const t0 = performance.now();
  if (hello) updateNeuronColors();
  scene.render();
  const t1 = performance.now();
  renderMsSum += t1 - t0;
  stats.renders++;
  winFrames++;
  if (t1 - winStart >= 1000) {
    stats.fps = (winFrames * 1000) / (t1 - winStart);
    stats.renderMsAvg = renderMsSum / winFrames;
    adaptScale(stats.fps);
    (document.getElementById('fps') as HTMLElement).textContent = `${stats.fps.toFixed(0)} fps${scaleLevel !== 1 ? ` (1/${scaleLevel} res)` : ''}`;
    winStart = t1;
    winFrames = 0;
    renderMsSum = 0;
  }
});
// Resolution: ?scale=N renders the 3D view at 1/N resolution; the default (auto) starts at full
// resolution and lowers it in steps while the page draws < 30 fps (software GL such as headless
// Chromium's SwiftShader is fill-rate bound), raising it again above 50 fps.
const scaleArg = new URLSearchParams(location.search).get('scale') ?? 'auto';
const autoScale = scaleArg === 'auto';
let scaleLevel = autoScale ? 1 : Math.max(0.25, Number(scaleArg) || 1);
engine.setHardwareScalingLevel(scaleLevel);
function adaptScale(fps: number): void {
  if (!autoScale) return;
  const next = fps < 30 ? Math.min(3, scaleLevel + 0.25) : fps > 50 ? Math.max(1, scaleLevel - 0.25) : scaleLevel;
  if (next !== scaleLevel) {
    scaleLevel = next;
    engine.setHardwareScalingLevel(scaleLevel);
  }
  stats.scale = scaleLevel;
}
window.addEventListener('resize', () => engine.resize());
engine.resize();
connect();
