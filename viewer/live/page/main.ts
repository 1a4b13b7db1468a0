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
import { BoundingInfo } from '@babylonjs/core/Culling/boundingInfo.js';
import { ShaderMaterial } from '@babylonjs/core/Materials/shaderMaterial.js';
import { Mesh } from '@babylonjs/core/Meshes/mesh.js';
import { Viewport } from '@babylonjs/core/Maths/math.viewport.js';
import { TransformNode } from '@babylonjs/core/Meshes/transformNode.js';
import type { AbstractMesh } from '@babylonjs/core/Meshes/abstractMesh.js';
import { CreateBox } from '@babylonjs/core/Meshes/Builders/boxBuilder.js';
import { CreateSphere } from '@babylonjs/core/Meshes/Builders/sphereBuilder.js';
import { CreateCapsule } from '@babylonjs/core/Meshes/Builders/capsuleBuilder.js';
import { CreateCylinder } from '@babylonjs/core/Meshes/Builders/cylinderBuilder.js';
import { CreateGround } from '@babylonjs/core/Meshes/Builders/groundBuilder.js';
import { toPagePose } from '../protocol.js';
import type { ControlMsg, FlashLayer, FrameMsg, GaugeLayer, HelloMsg, LinkDesc, ServerMsg, StatusMsg, TraceLayer } from '../protocol.js';

const FLASH_TAU_NS = 20e6;
const REST = [0.13, 0.16, 0.28];
const HOT = [1.0, 0.85, 0.25];
/** Emissive colour of a flash layer while off (shared: never mutated). */
const NO_EMISSION = Color3.Black();
const TRACE_COLORS = ['#6cf', '#f96', '#9e6', '#e6e', '#fd5', '#5fd'];

interface Pop {
  readonly key: string;
  readonly size: number;
  readonly rowOffset: number;
  readonly last: Float64Array;
  /** Per-neuron flash intensity in [0, 1] (one float per vertex of the point cloud, updated in place). */
  readonly glow: Float32Array;
  /** Whether any neuron was lit at the last upload (a dark population is uploaded once, then skipped). */
  lit: boolean;
  readonly mesh: Mesh;
  readonly mat: ShaderMaterial;
  /** Edge of a neuron's square in world units (the point size follows the camera distance). */
  readonly worldSize: number;
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
  lastX: number | undefined;
}

const stats = {
  connected: false, frames: 0, spikes: 0, events: 0, renders: 0, ticks: 0, lastTNs: 0, status: undefined as StatusMsg | undefined,
  fps: 0, renderMsAvg: 0, frameMsSum: 0, scale: 1, ready: false, errors: [] as string[], title: '',
};
(window as unknown as { __viewer: unknown }).__viewer = {
  stats,
  send: (m: ControlMsg) => send(m),
  /** Screen rectangle (CSS px) of 'body' or 'brain' (or a layer name). */
  rect: (group: string) => screenRect(group),
  /** Render every animation frame even when nothing changed (the fps benchmark's renderer ceiling). */
  alwaysRender: false,
};
const viewerApi = (window as unknown as { __viewer: { alwaysRender: boolean } }).__viewer;

const canvas = document.getElementById('scene') as HTMLCanvasElement;
const engine = new Engine(canvas, false, { preserveDrawingBuffer: false, stencil: false, antialias: false }, false);
const scene = new Scene(engine);
scene.clearColor = new Color4(0.06, 0.08, 0.1, 1);
// Nothing in the scene is pickable by hover; no shadows, post-processes, fog or particles are used.
scene.skipPointerMovePicking = true;
scene.skipPointerDownPicking = true;
scene.skipPointerUpPicking = true;
scene.fogEnabled = false;
scene.shadowsEnabled = false;
scene.postProcessesEnabled = false;
scene.particlesEnabled = false;
scene.spritesEnabled = false;
scene.lensFlaresEnabled = false;
scene.probesEnabled = false;
scene.autoClearDepthAndStencil = true;
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
ground.isPickable = false;
ground.freezeWorldMatrix();
groundMat.freeze();

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
  m.material.freeze();
  m.isPickable = false;
  m.rotationQuaternion = new Quaternion();
  addToGroup('body', m);
  return m;
}

// Neurons: one point per neuron, one draw call per population. The vertex shader only projects
// the point and sizes it by distance; the colour is a mix of rest and hot by the per-vertex glow.
const NEURON_VS = `precision highp float;
attribute vec3 position;
attribute float glow;
uniform mat4 worldViewProjection;
uniform float pxPerUnit;
varying float vGlow;
void main(void) {
  gl_Position = worldViewProjection * vec4(position, 1.0);
  gl_PointSize = max(1.5, pxPerUnit / gl_Position.w);
  vGlow = glow;
}`;
const NEURON_FS = `precision mediump float;
uniform vec3 rest;
uniform vec3 hot;
varying float vGlow;
void main(void) {
  gl_FragColor = vec4(mix(rest, hot, vGlow), 1.0);
}`;

function neuronCloud(key: string, positions: Float32Array, glow: Float32Array): { mesh: Mesh; mat: ShaderMaterial } {
  const mesh = new Mesh(`pop-${key}`, scene);
  mesh.setVerticesData('position', positions, false, 3);
  mesh.setVerticesData('glow', glow, true, 1);
  mesh.isUnIndexed = true;
  const mat = new ShaderMaterial(`pop-${key}-mat`, scene, { vertexSource: NEURON_VS, fragmentSource: NEURON_FS }, {
    attributes: ['position', 'glow'],
    uniforms: ['worldViewProjection', 'pxPerUnit', 'rest', 'hot'],
  });
  mat.pointsCloud = true;
  mat.backFaceCulling = false;
  mat.setColor3('rest', new Color3(REST[0], REST[1], REST[2]));
  mat.setColor3('hot', new Color3(HOT[0], HOT[1], HOT[2]));
  mat.setFloat('pxPerUnit', 1);
  mesh.material = mat;
  mesh.isPickable = false;
  return { mesh, mat };
}

function buildScene(h: HelloMsg): void {
  hello = h;
  stats.title = h.title;
  document.title = h.title;
  links = (h.scene.bodies?.links ?? []).map(linkMesh);
  // Brain: populations stacked along y, each a cube grid, centred at x = 1.2.
  const brain = new TransformNode('brain', scene);
  brain.position = new Vector3(1.25, 0, 0);
  brain.computeWorldMatrix(true);
  const n = h.scene.populations.length;
  h.scene.populations.forEach((p, k) => {
    const side = Math.max(1, Math.ceil(Math.cbrt(p.size)));
    const span = 0.8 / Math.max(1, Math.sqrt(n));
    const step = span / side;
    const positions = new Float32Array(3 * p.size);
    const glow = new Float32Array(p.size);
    const yOff = (k - (n - 1) / 2) * (span * 1.25);
    for (let i = 0; i < p.size; i++) {
      const given = p.positions;
      positions[3 * i] = given ? (given[3 * i] ?? 0) : ((i % side) - (side - 1) / 2) * step;
      positions[3 * i + 1] = given ? (given[3 * i + 1] ?? 0) : (Math.floor(i / (side * side)) - (side - 1) / 2) * step + yOff;
      positions[3 * i + 2] = given ? (given[3 * i + 2] ?? 0) : ((Math.floor(i / side) % side) - (side - 1) / 2) * step;
    }
    const worldSize = step * 0.55;
    const { mesh, mat } = neuronCloud(p.key, positions, glow);
    mesh.parent = brain;
    mesh.computeWorldMatrix(true);
    mesh.freezeWorldMatrix();
    // Half a neuron of margin so the screen rectangle of the brain covers the squares, not only their centres.
    const lo = [Infinity, Infinity, Infinity];
    const hi = [-Infinity, -Infinity, -Infinity];
    for (let i = 0; i < positions.length; i++) {
      const v = positions[i] as number;
      const a = i % 3;
      if (v < (lo[a] as number)) lo[a] = v;
      if (v > (hi[a] as number)) hi[a] = v;
    }
    const m = worldSize / 2;
    mesh.setBoundingInfo(new BoundingInfo(new Vector3((lo[0] as number) - m, (lo[1] as number) - m, (lo[2] as number) - m), new Vector3((hi[0] as number) + m, (hi[1] as number) + m, (hi[2] as number) + m), mesh.getWorldMatrix()));
    addToGroup('brain', mesh);
    pops.push({ key: p.key, size: p.size, rowOffset: totalRows, last: new Float64Array(p.size).fill(-Infinity), glow, lit: true, mesh, mat, worldSize });
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
  sceneDirty = true;
}

function addTrace(l: TraceLayer): void {
  const fixed = l.min !== undefined && l.max !== undefined;
  traces.push({ key: l.key, channel: l.channel ?? 0, label: l.name, color: l.color ?? TRACE_COLORS[traces.length % TRACE_COLORS.length] as string, min: l.min ?? Infinity, max: l.max ?? -Infinity, fixed, lastY: undefined, lastX: undefined });
}

// ----- scrolling 2D panels (one pixel column = windowNs / width of simulated time) -----
// Incoming frames only queue spikes and trace samples; the panels are drawn once per rendered
// frame: one blit-scroll of each canvas by the columns simulated time moved, then the queued
// spikes and trace segments (drawn at their own columns, so nothing is lost between renders).
const raster = document.getElementById('raster') as HTMLCanvasElement;
const rctx = raster.getContext('2d', { alpha: false }) as CanvasRenderingContext2D;
const tracesCv = document.getElementById('traces') as HTMLCanvasElement;
const tctx = tracesCv.getContext('2d', { alpha: false }) as CanvasRenderingContext2D;
let windowNs = 1e9;
let lastCol: number | undefined;
for (const c of [rctx, tctx]) {
  c.fillStyle = '#0c0f12';
  c.fillRect(0, 0, 380, 300);
}
/** Queued spikes (raster row, time) since the last panel update; grown by doubling, never shrunk. */
let qRow = new Int32Array(4096);
let qT = new Float64Array(4096);
let qN = 0;
/** Queued trace samples: per trace, (time, value) pairs since the last panel update. */
const qTrace: number[][] = [];
let panelsDirty = false;
let simTimeText = '';

function queueSpike(row: number, t: number): void {
  if (qN === qRow.length) {
    const r = new Int32Array(qRow.length * 2);
    r.set(qRow);
    qRow = r;
    const tt = new Float64Array(qT.length * 2);
    tt.set(qT);
    qT = tt;
  }
  qRow[qN] = row;
  qT[qN] = t;
  qN++;
}

function updatePanels(tNs: number): void {
  const W = raster.width;
  const H = raster.height;
  const nsPerCol = windowNs / W;
  const col = Math.floor(tNs / nsPerCol);
  if (lastCol === undefined) lastCol = col;
  let shift = col - lastCol;
  if (shift < 0 || shift > W) shift = W; // reset (trial restart) or a long jump: clear
  if (shift > 0) {
    for (const [cv, c] of [[raster, rctx], [tracesCv, tctx]] as const) {
      if (shift < W) {
        c.globalCompositeOperation = 'copy';
        c.drawImage(cv, -shift, 0);
        c.globalCompositeOperation = 'source-over';
      }
      c.fillStyle = '#0c0f12';
      c.fillRect(W - shift, 0, shift, cv.height);
    }
    if (shift >= W) for (const t of traces) t.lastY = undefined;
  }
  lastCol = col;
  // spikes
  if (qN > 0) {
    const rows = Math.max(1, totalRows);
    const rowH = Math.max(1, H / rows);
    rctx.fillStyle = '#ffd24a';
    for (let i = 0; i < qN; i++) {
      const x = W - 1 - (col - Math.floor((qT[i] as number) / nsPerCol));
      if (x < 0) continue;
      rctx.fillRect(x, ((qRow[i] as number) / rows) * H, 1, rowH);
    }
    qN = 0;
  }
  // traces: one polyline per trace through its queued samples, joined to the last drawn point
  const TH = tracesCv.height;
  tctx.lineWidth = 1.5;
  traces.forEach((t, k) => {
    const q = qTrace[k];
    if (q === undefined || q.length === 0) return;
    tctx.strokeStyle = t.color;
    tctx.beginPath();
    let started = false;
    if (t.lastY !== undefined && t.lastX !== undefined) {
      tctx.moveTo(t.lastX - shift, t.lastY);
      started = true;
    }
    for (let i = 0; i < q.length; i += 2) {
      const v = q[i + 1] as number;
      if (!t.fixed && (v < t.min || v > t.max)) {
        t.min = Math.min(t.min, v);
        t.max = Math.max(t.max, v);
      }
      const span = t.max - t.min || 1;
      const y = TH - 4 - ((v - t.min) / span) * (TH - 8);
      const x = W - 1 - (col - Math.floor((q[i] as number) / nsPerCol));
      if (started) tctx.lineTo(x, y);
      else {
        tctx.moveTo(x - 1, y);
        tctx.lineTo(x, y);
        started = true;
      }
      t.lastY = y;
      t.lastX = x;
    }
    tctx.stroke();
    q.length = 0;
  });
}
/** The top bar's time label, at most 10 times per wall second while running (each change repaints the bar). */
let textShownT = -1;
let textWall = -Infinity;
function updateTimeLabel(now: number): void {
  if (simT === textShownT || (now - textWall < 100 && stats.status?.paused !== true)) return;
  textShownT = simT;
  textWall = now;
  const txt = `t = ${(simT / 1e6).toFixed(1)} ms`;
  if (txt !== simTimeText) {
    simTimeText = txt;
    simtimeEl.textContent = txt;
  }
}
const simtimeEl = document.getElementById('simtime') as HTMLElement;

function onFrame(f: FrameMsg): void {
  stats.frames++;
  if (f.tNs !== simT) sceneDirty = true; // bodies and gauges are drawn at the received time
  simT = f.tNs;
  stats.lastTNs = f.tNs;
  panelsDirty = true;
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
  // spikes: neuron flash state and the raster queue
  for (const p of pops) {
    const s = f.spikes[p.key];
    if (!s) continue;
    stats.spikes += s.id.length;
    for (let i = 0; i < s.id.length; i++) {
      const id = s.id[i] as number;
      const t = s.t[i] as number;
      if (id >= 0 && id < p.size && t > (p.last[id] as number)) p.last[id] = t;
      queueSpike(p.rowOffset + id, t);
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
  // traces: queue (t, value)
  traces.forEach((t, k) => {
    const v = f.analog[t.key]?.[t.channel];
    if (v === undefined) return;
    const q = (qTrace[k] ??= []);
    q.push(f.tNs, v);
  });
}

function applyStatus(s: StatusMsg): void {
  stats.status = s;
  (document.getElementById('state') as HTMLElement).textContent = s.paused ? 'paused' : s.state;
  const sel = document.getElementById('speed') as HTMLSelectElement;
  sel.value = s.speed === null ? 'max' : String(s.speed);
}

/** Below this intensity a neuron is drawn at rest (exp(-t/τ) < 1e-3 after ~7 τ). */
const GLOW_FLOOR = 1e-3;

function updateNeuronColors(): void {
  for (const p of pops) {
    const g = p.glow;
    let lit = false;
    for (let i = 0; i < p.size; i++) {
      const a = Math.exp(-(displayT - (p.last[i] as number)) / FLASH_TAU_NS);
      const v = a > GLOW_FLOOR ? (a < 1 ? a : 1) : 0;
      if (v > 0) lit = true;
      g[i] = v;
    }
    // A population that was dark and stays dark needs no upload.
    if (lit || p.lit) p.mesh.updateVerticesData('glow', g, false, false);
    p.lit = lit;
  }
  for (const fl of flashes) {
    const on = displayT < fl.until;
    fl.mesh.visibility = on ? 1 : 0.15;
    fl.mat.emissiveColor = on ? fl.mat.diffuseColor : NO_EMISSION;
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
// The scene is rendered only when something visible changed: new simulated time (bodies, neuron
// fade, layers), the camera moved, or the canvas was resized. A paused run costs no GL work.
let sceneDirty = true;
// Display time: the simulated time the neuron fade and the layers are drawn at. It follows the
// received time at the realtime factor between frames (frames arrive in bursts), never passes it,
// and jumps when far behind, on a reset, while paused, or at speed 'max'. A tick where it did not move and
// nothing else changed renders nothing.
let displayT = 0;
let renderedT = -1;
let lastTick = performance.now();
function advanceDisplayTime(now: number): void {
  const speed = stats.status?.speed;
  const dtNs = (now - lastTick) * 1e6;
  lastTick = now;
  if (speed === null || speed === undefined || stats.status?.paused === true || simT < displayT || simT - displayT > 100e6 * Math.max(1, speed)) displayT = simT;
  else displayT = Math.min(simT, displayT + dtNs * speed);
  if (displayT !== renderedT) sceneDirty = true;
}
camera.onViewMatrixChangedObservable.add(() => (sceneDirty = true));
let winStart = performance.now();
let winFrames = 0;
let winTicks = 0;
let renderMsSum = 0;
const fpsEl = document.getElementById('fps') as HTMLElement;
engine.runRenderLoop(() => {
  stats.ticks++;
  winTicks++;
  const t0 = performance.now();
  if (panelsDirty) {
    updatePanels(simT);
    panelsDirty = false;
  }
  updateTimeLabel(t0);
  advanceDisplayTime(t0);
  if (sceneDirty || viewerApi.alwaysRender) {
    sceneDirty = false;
    renderedT = displayT;
    if (hello) updateNeuronColors();
    const pxPerUnit = engine.getRenderHeight() / (2 * Math.tan(camera.fov / 2));
    for (const p of pops) p.mat.setFloat('pxPerUnit', p.worldSize * pxPerUnit);
    scene.render();
    stats.renders++;
    winFrames++;
  }
  const t1 = performance.now();
  renderMsSum += t1 - t0;
  if (t1 - winStart >= 1000) {
    stats.fps = (winFrames * 1000) / (t1 - winStart);
    stats.renderMsAvg = renderMsSum / Math.max(1, winFrames);
    // Auto resolution follows the animation-frame rate (a render too slow for the display delays
    // the next tick), not the render count, which is bounded by how often the data changes.
    if (winFrames > 0) adaptScale((winTicks * 1000) / (t1 - winStart));
    fpsEl.textContent = `${stats.fps.toFixed(0)} fps${scaleLevel !== 1 ? ` (1/${scaleLevel} res)` : ''}`;
    winStart = t1;
    winFrames = 0;
    winTicks = 0;
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
    sceneDirty = true;
  }
  stats.scale = scaleLevel;
}
window.addEventListener('resize', () => {
  engine.resize();
  sceneDirty = true;
});
engine.resize();
connect();
