/** The mean-field engine on the bus contract: conformance, coupling metadata, errors, determinism. */
import { describe, expect, it } from 'vitest';
import { Bus } from '../../../core/bus.js';
import { SimulationError, ValidationError } from '../../../core/errors.js';
import { MeanFieldEngine, pairConnectivity, randomConnectivity } from '../../../brains/meanfield/index.js';
import { describeEngineConformance } from '../../conformance/engine-conformance.js';

const conn = randomConnectivity(6, 3, { density: 0.5 });

describeEngineConformance('MeanFieldEngine (JansenRit, stochastic Heun, proxy, BOLD)', {
  create: () => new MeanFieldEngine({
    name: 'mf', model: { kind: 'JansenRit' }, connectivity: conn, coupling: { kind: 'SigmoidalJansenRit', a: 10 },
    integrator: { kind: 'Heun', nsig: [0, 0, 0, 0, 1e-4, 0] }, dtMs: 0.1, stepsPerExchange: 5, proxyNodes: [2], bold: { periodMs: 8 },
  }),
  inputs: (k) => ({ drive: new Float64Array(6).fill(0.01 * (k % 3)), proxy: Float64Array.of(0.001 * k) }),
  steps: 30,
});

describeEngineConformance('MeanFieldEngine (JansenRit, deterministic Heun: fused kernel, proxy, drive)', {
  create: () => new MeanFieldEngine({
    name: 'mfd', model: { kind: 'JansenRit' }, connectivity: conn, coupling: { kind: 'SigmoidalJansenRit', a: 10 },
    integrator: { kind: 'Heun' }, dtMs: 0.1, stepsPerExchange: 5, proxyNodes: [1], initialState: 'midpoint',
  }),
  inputs: (k) => ({ drive: new Float64Array(6).fill(0.02 * (k % 4)), proxy: Float64Array.of(0.002 * (k % 3)) }),
  steps: 30,
});

describeEngineConformance('MeanFieldEngine (Zerlaut first order, RK4)', {
  create: () => new MeanFieldEngine({
    name: 'zer', model: { kind: 'ZerlautAdaptationFirstOrder' }, connectivity: pairConnectivity(1, 9), coupling: { kind: 'Linear', a: 0.0005 },
    integrator: { kind: 'RK4' }, dtMs: 0.1, initialState: 'midpoint',
  }),
  inputs: (k) => ({ drive: Float64Array.of(0.002 + 1e-4 * k, 0.002) }),
});

describe('MeanFieldEngine specifics', () => {
  it('runs the fused Jansen–Rit kernel for deterministic Heun and the generic path with noise', () => {
    const mk = (nsig?: number): MeanFieldEngine => new MeanFieldEngine({
      model: { kind: 'JansenRit' }, connectivity: conn, coupling: { kind: 'SigmoidalJansenRit' }, integrator: nsig === undefined ? { kind: 'Heun' } : { kind: 'Heun', nsig },
    });
    expect(mk().sim.isFused).toBe(true);
    expect(mk(1e-5).sim.isFused).toBe(false);
  });
  it('declares rate coupling with the realised minimum delay (touching the proxies)', () => {
    const e = new MeanFieldEngine({ model: { kind: 'JansenRit' }, connectivity: pairConnectivity(1, 10.5), coupling: { kind: 'SigmoidalJansenRit' }, proxyNodes: [0] });
    expect(e.coupling).toEqual({ kind: 'rate', minDelayNs: 35 * 100_000 });
    expect(e.dt).toBe(100_000);
  });
  it('rejects a dt that is not whole nanoseconds, and bad stepsPerExchange, naming the field', () => {
    expect(() => new MeanFieldEngine({ model: { kind: 'JansenRit' }, connectivity: conn, coupling: { kind: 'SigmoidalJansenRit' }, dtMs: 0.01220703125 }))
      .toThrow(/dtMs/);
    expect(() => new MeanFieldEngine({ model: { kind: 'JansenRit' }, connectivity: conn, coupling: { kind: 'SigmoidalJansenRit' }, stepsPerExchange: 0 }))
      .toThrow(ValidationError);
    expect(() => new MeanFieldEngine({ model: { kind: 'JansenRit', params: { vv0: 6 } as never }, connectivity: conn, coupling: { kind: 'SigmoidalJansenRit' } }))
      .toThrow(/JansenRit\.params\.vv0/);
    expect(() => new MeanFieldEngine({ model: { kind: 'Generic2dOscillator' }, connectivity: conn, coupling: { kind: 'SigmoidalJansenRit' } }))
      .toThrow(/SigmoidalJansenRit/);
  });
  it('stops with a SimulationError naming variable and node when the state blows up', () => {
    const e = new MeanFieldEngine({ name: 'g2d', model: { kind: 'Generic2dOscillator' }, connectivity: pairConnectivity(1, 3), coupling: { kind: 'Linear' }, dtMs: 1, integrator: { kind: 'Euler' } });
    e.init({ seed: 1, startNs: 0, log: () => undefined });
    let err: unknown;
    try {
      for (let k = 1; k < 1000; k++) e.advance(k * e.dt, { drive: Float64Array.of(1e6, 0) });
    } catch (x) { err = x; }
    expect(err).toBeInstanceOf(SimulationError);
    expect((err as SimulationError).engine).toBe('g2d');
    expect((err as SimulationError).variable).toMatch(/Generic2dOscillator\.(V|W)/);
    expect((err as SimulationError).index).toBe(0);
  });
  it('runs on the bus; the same seed gives bit-identical noisy trajectories', async () => {
    const run = async (seed: number): Promise<number[]> => {
      const e = new MeanFieldEngine({ name: 'mf', model: { kind: 'JansenRit' }, connectivity: conn, coupling: { kind: 'SigmoidalJansenRit', a: 10 },
        integrator: { kind: 'Heun', nsig: [0, 0, 0, 0, 1e-3, 0] }, stepsPerExchange: 10 });
      const bus = new Bus({ engines: [e], seed });
      await bus.init();
      await bus.runUntil(200_000_000);
      const out = bus.latest('mf')['state'] as Float64Array;
      await bus.dispose();
      return Array.from(out);
    };
    const a = await run(5);
    expect(await run(5)).toEqual(a);
    expect(await run(6)).not.toEqual(a);
  });
});
