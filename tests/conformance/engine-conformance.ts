/**
 * The engine conformance suite. Every engine calls `describeEngineConformance` from its own test
 * file with a factory; the suite checks the contract of core/engine.ts:
 *  - init returns a valid value for every declared output (outputs exist before the first step);
 *  - dt is a positive integer and advance only accepts to = now + dt;
 *  - outputs after each step are valid for their declarations;
 *  - reset restores: the same inputs after reset (same seed) give the same outputs as after init;
 *  - bad inputs (unknown port, wrong type, wrong shape, NaN) are rejected with a NeuroloopError
 *    naming the port;
 *  - dispose is idempotent.
 */
import { describe, expect, it } from 'vitest';
import type { Engine, EngineContext } from '../../core/engine.js';
import { NeuroloopError } from '../../core/errors.js';
import { type Inputs, type Outputs, type PortDecl, type PortValue, checkPortValue, isSpikeBatch } from '../../core/ports.js';

/** Options of the suite for one engine. */
export interface ConformanceOptions {
  /** Builds a fresh, un-initialised engine. */
  readonly create: () => Engine | Promise<Engine>;
  /** Inputs for step k (default: none). Must be deterministic in k. */
  readonly inputs?: (k: number) => Inputs;
  /** Steps to run in the reset/determinism check (default 20). */
  readonly steps?: number;
  /** Seed given at init (default 1234). */
  readonly seed?: number;
  /** Reset options used in the restore check (default `{ seed }`). */
  readonly resetKeep?: readonly string[];
  /** Output ports excluded from the equality check (e.g. wall-clock stamps), with a reason. */
  readonly nondeterministicOutputs?: readonly string[];
  /** Set false for engines without input ports to check. */
  readonly checkBadInputs?: boolean;
  /** Extra time for slow engines (ms). */
  readonly timeoutMs?: number;
}

const ctx = (seed: number): EngineContext => ({ seed, startNs: 0, log: () => undefined });

/** Registers the conformance tests for one engine under `describe(name)`. */
export function describeEngineConformance(name: string, opts: ConformanceOptions): void {
  const steps = opts.steps ?? 20;
  const seed = opts.seed ?? 1234;
  const inputsAt = opts.inputs ?? (() => ({}));
  const skip = new Set(opts.nondeterministicOutputs ?? []);
  const timeout = opts.timeoutMs ?? 60_000;

  describe(`engine conformance: ${name}`, () => {
    it('has a positive integer dt and declares ports', async () => {
      const e = await opts.create();
      try {
        expect(Number.isSafeInteger(e.dt) && e.dt > 0).toBe(true);
        expect(typeof e.name).toBe('string');
        expect(Object.keys(e.ports.outputs).length).toBeGreaterThan(0);
      } finally {
        await e.dispose();
      }
    }, timeout);

    it('gives every declared output before the first step', async () => {
      const e = await opts.create();
      try {
        const out = await e.init(ctx(seed));
        checkAllOutputs(e, out);
      } finally {
        await e.dispose();
      }
    }, timeout);

    it('honours dt: valid outputs each step, wrong `to` rejected', async () => {
      const e = await opts.create();
      try {
        await e.init(ctx(seed));
        let t = 0;
        for (let k = 0; k < Math.min(steps, 5); k++) {
          t += e.dt;
          checkAllOutputs(e, await e.advance(t, inputsAt(k)));
        }
        await expect(Promise.resolve().then(() => e.advance(t + 2 * e.dt, inputsAt(0)))).rejects.toThrow(NeuroloopError);
      } finally {
        await e.dispose();
      }
    }, timeout);

    it('reset restores the initial state (same inputs → same outputs)', async () => {
      const e = await opts.create();
      try {
        const init = await e.init(ctx(seed));
        const first = await runSteps(e, steps, inputsAt);
        const afterReset = await e.reset({ seed, ...(opts.resetKeep ? { keep: opts.resetKeep } : {}) });
        expectSameOutputs(init, afterReset, skip);
        const second = await runSteps(e, steps, inputsAt);
        for (let k = 0; k < steps; k++) expectSameOutputs(first[k] as Outputs, second[k] as Outputs, skip, k);
      } finally {
        await e.dispose();
      }
    }, timeout);

    if (opts.checkBadInputs !== false) {
      it('rejects bad inputs with an error naming the port', async () => {
        const e = await opts.create();
        try {
          await e.init(ctx(seed));
          await expectRejectNamed(e, { __no_such_port__: new Float64Array(1) }, '__no_such_port__');
          for (const [port, decl] of Object.entries(e.ports.inputs)) {
            for (const bad of badValuesFor(decl)) await expectRejectNamed(e, { [port]: bad } as unknown as Inputs, port);
          }
        } finally {
          await e.dispose();
        }
      }, timeout);
    }

    it('dispose is idempotent', async () => {
      const e = await opts.create();
      await e.init(ctx(seed));
      await e.dispose();
      await e.dispose();
    }, timeout);
  });
}

async function runSteps(e: Engine, steps: number, inputsAt: (k: number) => Inputs): Promise<Outputs[]> {
  const out: Outputs[] = [];
  let t = 0;
  for (let k = 0; k < steps; k++) {
    t += e.dt;
    out.push(cloneOutputs(await e.advance(t, inputsAt(k))));
  }
  return out;
}

function checkAllOutputs(e: Engine, out: Outputs): void {
  for (const [port, decl] of Object.entries(e.ports.outputs)) {
    expect(out[port], `output '${port}' missing`).toBeDefined();
    checkPortValue(`${e.name}.outputs.${port}`, decl, out[port]);
  }
}

async function expectRejectNamed(e: Engine, inputs: Inputs, port: string): Promise<void> {
  let err: unknown;
  try {
    await e.advance(e.dt, inputs);
  } catch (x) {
    err = x;
  }
  expect(err, `bad input on '${port}' was accepted`).toBeInstanceOf(NeuroloopError);
  expect(String((err as Error).message)).toContain(port);
}

function badValuesFor(decl: PortDecl): unknown[] {
  switch (decl.kind) {
    case 'analog': {
      const n = decl.shape.reduce((a, b) => a * b, 1);
      const nan = new Float64Array(n);
      nan[0] = Number.NaN;
      return ['not an array', new Float64Array(n + 1), nan];
    }
    case 'spikes':
      return [[1, 2, 3], { ids: Int32Array.of(decl.size), timesNs: Float64Array.of(0), count: 1 }];
    case 'events':
      return ['not events', [{ notype: 1 }]];
  }
}

function cloneOutputs(o: Outputs): Outputs {
  const c: Record<string, PortValue> = {};
  for (const [k, v] of Object.entries(o)) {
    if (v instanceof Float64Array) c[k] = Float64Array.from(v);
    else if (isSpikeBatch(v)) c[k] = { ids: v.ids.slice(0, v.count), timesNs: v.timesNs.slice(0, v.count), count: v.count };
    else c[k] = JSON.parse(JSON.stringify(v)) as PortValue;
  }
  return c;
}

function expectSameOutputs(a: Outputs, b: Outputs, skip: Set<string>, step = -1): void {
  for (const k of Object.keys(a)) {
    if (skip.has(k)) continue;
    const va = a[k];
    const vb = b[k];
    const where = `output '${k}'${step >= 0 ? ` at step ${step}` : ''}`;
    if (va instanceof Float64Array) expect(Array.from(vb as Float64Array), where).toEqual(Array.from(va));
    else if (isSpikeBatch(va)) {
      const sb = vb as typeof va;
      expect(Array.from(sb.ids.slice(0, sb.count)), where).toEqual(Array.from(va.ids.slice(0, va.count)));
      expect(Array.from(sb.timesNs.slice(0, sb.count)), where).toEqual(Array.from(va.timesNs.slice(0, va.count)));
    } else expect(vb, where).toEqual(va);
  }
}
