/**
 * Browser side of the colour camera: a persistent Babylon.js scene that is built once (meshes,
 * materials, lights) and then re-posed and re-rendered for every frame, which is what makes a
 * camera at 10–30 Hz affordable (rebuilding the scene and recompiling shaders per frame costs tens of
 * ms). Bundled with esbuild by chromium-camera.ts and loaded into a blank page; it installs
 * `globalThis.neuroloopCamera`. Right-handed, Z up, like the physics world.
 */
import { Engine } from '@babylonjs/core/Engines/engine.js';
import { Scene } from '@babylonjs/core/scene.js';
import { UniversalCamera } from '@babylonjs/core/Cameras/universalCamera.js';
import { Quaternion, Vector3 } from '@babylonjs/core/Maths/math.vector.js';
import type { Mesh } from '@babylonjs/core/Meshes/mesh.js';
import { lightScene, shapeMesh, type ShapeLook } from './babylon-scene.js';

/** Geometry of one shape (its pose comes per frame). */
export type PageShape = ShapeLook;

/** Camera of one frame, world frame. */
export interface PageCamera {
  readonly position: readonly [number, number, number];
  readonly target: readonly [number, number, number];
  readonly up: readonly [number, number, number];
  readonly fovRad: number;
}

/** What the page exposes to the Node side. */
export interface CameraPageApi {
  setup(shapes: readonly PageShape[], width: number, height: number, antialias: boolean): Promise<void>;
  /** `poses`: 7 numbers per shape (x, y, z, qx, qy, qz, qw). Returns RGB bytes, top row first, base64. */
  frame(poses: readonly number[], cam: PageCamera): Promise<string>;
  /** The last frame as a PNG data URL. */
  png(): string;
  dispose(): void;
}

let engine: Engine | undefined;
let scene: Scene | undefined;
let camera: UniversalCamera | undefined;
let meshes: Mesh[] = [];
let w = 0;
let h = 0;
let canvas: HTMLCanvasElement | undefined;
// Frame buffers, allocated once per setup (no per-frame allocation but the returned string).
let rgba = new Uint8Array(0);
let rgb = new Uint8Array(0);

const api: CameraPageApi = {
  async setup(shapes, width, height, antialias) {
    api.dispose();
    canvas = document.createElement('canvas');
    canvas.width = width;
    canvas.height = height;
    document.body.appendChild(canvas);
    w = width;
    h = height;
    rgba = new Uint8Array(w * h * 4);
    rgb = new Uint8Array(w * h * 3);
    // preserveDrawingBuffer keeps the frame readable after render (readPixels, toDataURL).
    engine = new Engine(canvas, antialias, { preserveDrawingBuffer: true, antialias }, false);
    engine.setHardwareScalingLevel(1);
    const sc = new Scene(engine);
    scene = sc;
    lightScene(sc);
    camera = new UniversalCamera('cam', new Vector3(0, 0, 1), sc);
    camera.minZ = 0.01;
    meshes = shapes.map((s, i) => {
      const m = shapeMesh(s, i, sc);
      m.rotationQuaternion = new Quaternion(0, 0, 0, 1);
      return m;
    });
    // Shaders compile asynchronously: wait once here, so every frame renders complete.
    await sc.whenReadyAsync();
  },

  async frame(poses, cam) {
    if (!engine || !scene || !camera) throw new Error('neuroloopCamera.frame() before setup()');
    for (let i = 0; i < meshes.length; i++) {
      const m = meshes[i]!;
      const o = 7 * i;
      m.position.set(poses[o]!, poses[o + 1]!, poses[o + 2]!);
      m.rotationQuaternion!.set(poses[o + 3]!, poses[o + 4]!, poses[o + 5]!, poses[o + 6]!);
    }
    camera.position.set(cam.position[0], cam.position[1], cam.position[2]);
    camera.upVector = new Vector3(cam.up[0], cam.up[1], cam.up[2]);
    camera.setTarget(new Vector3(cam.target[0], cam.target[1], cam.target[2]));
    camera.fov = cam.fovRad;
    scene.render();
    await engine.readPixels(0, 0, w, h, true, true, rgba);
    const px = rgba;
    // WebGL rows start at the bottom: flip to top row first and drop alpha.
    for (let y = 0; y < h; y++) {
      const src = (h - 1 - y) * w * 4;
      const dst = y * w * 3;
      for (let x = 0; x < w; x++) {
        rgb[dst + 3 * x] = px[src + 4 * x]!;
        rgb[dst + 3 * x + 1] = px[src + 4 * x + 1]!;
        rgb[dst + 3 * x + 2] = px[src + 4 * x + 2]!;
      }
    }
    let bin = '';
    for (let i = 0; i < rgb.length; i += 0x8000) bin += String.fromCharCode(...rgb.subarray(i, i + 0x8000));
    return btoa(bin);
  },

  png() {
    if (!canvas) throw new Error('neuroloopCamera.png() before setup()');
    return canvas.toDataURL('image/png');
  },

  dispose() {
    engine?.dispose();
    canvas?.remove();
    engine = undefined;
    scene = undefined;
    camera = undefined;
    canvas = undefined;
    meshes = [];
  },
};

(globalThis as unknown as { neuroloopCamera: CameraPageApi }).neuroloopCamera = api;
