/**
 * What the one-shot renderer (babylon-render.ts) and the camera page (camera-page.ts) share, so
 * both draw the same world: right-handed Z-up scene, sky clear colour, sky + sun lights, and one
 * mesh with a diffuse material per shape. Browser only (Babylon.js); poses are set by the caller.
 */
import type { Scene } from '@babylonjs/core/scene.js';
import { HemisphericLight } from '@babylonjs/core/Lights/hemisphericLight.js';
import { DirectionalLight } from '@babylonjs/core/Lights/directionalLight.js';
import { Color3, Color4 } from '@babylonjs/core/Maths/math.color.js';
import { Vector3 } from '@babylonjs/core/Maths/math.vector.js';
import { CreateBox } from '@babylonjs/core/Meshes/Builders/boxBuilder.js';
import { CreateSphere } from '@babylonjs/core/Meshes/Builders/sphereBuilder.js';
import { CreateCapsule } from '@babylonjs/core/Meshes/Builders/capsuleBuilder.js';
import { CreateCylinder } from '@babylonjs/core/Meshes/Builders/cylinderBuilder.js';
import { StandardMaterial } from '@babylonjs/core/Materials/standardMaterial.js';
import type { Mesh } from '@babylonjs/core/Meshes/mesh.js';

/** Geometry and colour of one shape (half extents as in scene-shapes.ts; RGB in [0, 1]). */
export interface ShapeLook {
  readonly kind: 'box' | 'sphere' | 'capsule' | 'cylinder';
  readonly half: readonly [number, number, number];
  readonly color: readonly [number, number, number];
}

/** Right-handed (Z up, like the physics world), sky clear colour, hemispheric sky and a sun. */
export function lightScene(scene: Scene): void {
  scene.useRightHandedSystem = true;
  scene.clearColor = new Color4(0.62, 0.78, 0.95, 1);
  const sky = new HemisphericLight('sky', new Vector3(0, 0, 1), scene);
  sky.intensity = 0.6;
  const sun = new DirectionalLight('sun', new Vector3(-0.4, -0.3, -1), scene);
  sun.intensity = 0.7;
}

/** The mesh of shape `i` with its diffuse material, at the origin. */
export function shapeMesh(s: ShapeLook, i: number, scene: Scene): Mesh {
  const m = s.kind === 'box' ? CreateBox(`s${i}`, { width: 2 * s.half[0], height: 2 * s.half[1], depth: 2 * s.half[2] }, scene)
    : s.kind === 'sphere' ? CreateSphere(`s${i}`, { diameter: 2 * s.half[0], segments: 16 }, scene)
    : s.kind === 'capsule' ? CreateCapsule(`s${i}`, { radius: s.half[0], height: 2 * (s.half[1] + s.half[0]), tessellation: 16 }, scene)
    : CreateCylinder(`s${i}`, { diameter: 2 * s.half[0], height: 2 * s.half[1], tessellation: 24 }, scene);
  const mat = new StandardMaterial(`m${i}`, scene);
  mat.diffuseColor = new Color3(s.color[0], s.color[1], s.color[2]);
  m.material = mat;
  return m;
}
