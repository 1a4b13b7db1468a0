/**
 * Browser-side renderer: draws RenderShapes with Babylon.js into a canvas from a pinhole camera
 * (right-handed, Z up, like the physics world) and returns RGBA pixels. Runs in any WebGL page;
 * headless Chromium renders it through SwiftShader (specs/ecosystem.md §1). Bundle it for the page
 * with esbuild (tests/bodies/camera.test.ts shows how) and call `globalThis.neuroloopRender`.
 */
import { Engine } from '@babylonjs/core/Engines/engine.js';
import { Scene } from '@babylonjs/core/scene.js';
import { UniversalCamera } from '@babylonjs/core/Cameras/universalCamera.js';
import { Quaternion, Vector3 } from '@babylonjs/core/Maths/math.vector.js';
import { lightScene, shapeMesh } from './babylon-scene.js';
import type { RenderShape } from './scene-shapes.js';

/** A pinhole camera in the world frame. */
export interface CameraPose {
  readonly position: [number, number, number];
  readonly target: [number, number, number];
  /** Vertical field of view (rad). */
  readonly fovRad: number;
}

/** Renders `shapes` into `canvas` (sized width × height) and returns RGBA bytes, top row first. With `keepCanvas` the engine stays alive so the frame remains visible. */
export async function renderShapes(canvas: HTMLCanvasElement, shapes: readonly RenderShape[], cam: CameraPose, width: number, height: number, keepCanvas = false): Promise<Uint8Array> {
  canvas.width = width;
  canvas.height = height;
  const engine = new Engine(canvas, true, { preserveDrawingBuffer: true, antialias: true });
  const scene = new Scene(engine);
  lightScene(scene);
  const camera = new UniversalCamera('cam', new Vector3(...cam.position), scene);
  camera.upVector = new Vector3(0, 0, 1);
  camera.setTarget(new Vector3(...cam.target));
  camera.fov = cam.fovRad;
  camera.minZ = 0.01;
  shapes.forEach((s, i) => {
    const m = shapeMesh(s, i, scene);
    m.position = new Vector3(...s.position);
    m.rotationQuaternion = new Quaternion(...s.rotation);
  });
  // Shaders compile asynchronously: render only once every mesh and material is ready.
  await scene.whenReadyAsync();
  scene.render();
  const px = await engine.readPixels(0, 0, width, height);
  const bytes = new Uint8Array((px as ArrayBufferView).buffer.slice(0));
  // WebGL rows start at the bottom: flip so row 0 is the top of the image.
  const row = width * 4;
  const flipped = new Uint8Array(bytes.length);
  for (let y = 0; y < height; y++) flipped.set(bytes.subarray((height - 1 - y) * row, (height - y) * row), y * row);
  if (keepCanvas) {
    // Leave the last frame on the canvas (e.g. for a screenshot); dispose via the returned pixels' owner.
    (canvas as unknown as { neuroloopDispose?: () => void }).neuroloopDispose = () => engine.dispose();
  } else engine.dispose();
  return flipped;
}
