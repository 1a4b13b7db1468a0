import { describe, expect, it } from 'vitest';
import { Rng, deriveSeed } from '../../core/random.js';

describe('Rng', () => {
  it('restores exactly, including a cached normal deviate', () => {
    const r = new Rng(42);
    r.normal();
    const s = r.getState();
    const a = [r.normal(), r.normal(), r.float(), r.poisson(3)];
    r.setState(s);
    expect([r.normal(), r.normal(), r.float(), r.poisson(3)]).toEqual(a);
  });
  it('has the right moments (uniform mean 1/2, normal variance 1, Poisson mean λ)', () => {
    const r = new Rng(7);
    const n = 200_000;
    let u = 0, z2 = 0, p = 0, q = 0;
    for (let i = 0; i < n; i++) {
      u += r.float53();
      z2 += r.normal() ** 2;
      p += r.poisson(4.5);
      q += r.poisson(80);
    }
    // tolerances: 5 standard errors
    expect(Math.abs(u / n - 0.5)).toBeLessThan(5 * Math.sqrt(1 / 12 / n));
    expect(Math.abs(z2 / n - 1)).toBeLessThan(5 * Math.sqrt(2 / n));
    expect(Math.abs(p / n - 4.5)).toBeLessThan(5 * Math.sqrt(4.5 / n));
    expect(Math.abs(q / n - 80)).toBeLessThan(5 * Math.sqrt(80 / n));
  });
  it('derives distinct, stable seeds per stream name', () => {
    expect(deriveSeed(1, 'a')).toBe(deriveSeed(1, 'a'));
    expect(deriveSeed(1, 'a')).not.toBe(deriveSeed(1, 'b'));
    expect(deriveSeed(1, 'a')).not.toBe(deriveSeed(2, 'a'));
  });
});
