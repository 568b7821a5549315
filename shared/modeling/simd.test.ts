/** The hand-assembled WebAssembly SIMD kernels agree with plain loops (odd and even lengths). */
import { describe, expect, it } from 'vitest';
import { ensureMemory, loadSimdKernels } from './simd';

describe('SIMD kernels', () => {
  it('dot, axpyWeighted, axpy, wss and axpyDot match scalar loops', () => {
    const k = loadSimdKernels();
    expect(k).not.toBeNull();
    if (!k) return;
    for (const n of [1, 2, 7, 96, 1001]) {
      const buf = ensureMemory(k, 3 * n * 8);
      const a = new Float64Array(buf, 0, n);
      const b = new Float64Array(buf, n * 8, n);
      const c = new Float64Array(buf, 2 * n * 8, n);
      for (let i = 0; i < n; i++) {
        a[i] = Math.sin(i + 1);
        b[i] = Math.cos(3 * i) * 2;
        c[i] = 0.5 + (i % 5) / 7;
      }
      let dot = 0;
      let wss = 0;
      for (let i = 0; i < n; i++) {
        dot += a[i] * b[i];
        wss += c[i] * b[i] * b[i];
      }
      expect(Math.abs(k.dot(0, n * 8, n) - dot)).toBeLessThan(1e-12 * n);
      expect(Math.abs(k.wss(2 * n * 8, n * 8, n) - wss)).toBeLessThan(1e-12 * n);
      const expectR = Array.from(a, (ai, i) => ai - 0.3 * c[i] * b[i]);
      k.axpyWeighted(0, 2 * n * 8, n * 8, 0.3, n);
      expect(Array.from(a)).toEqual(expectR);
      // fused update + dot: bit-identical to the two kernels in sequence
      const r2 = Float64Array.from(a);
      k.axpyWeighted(0, 2 * n * 8, n * 8, -0.7, n);
      const expectDot = k.dot(0, 2 * n * 8, n);
      const expectR2 = Array.from(a);
      a.set(r2);
      expect(k.axpyDot(0, 2 * n * 8, n * 8, -0.7, 2 * n * 8, n)).toBe(expectDot);
      expect(Array.from(a)).toEqual(expectR2);
      const expectY = Array.from(b, (bi, i) => bi + -1.25 * c[i]);
      k.axpy(n * 8, 2 * n * 8, -1.25, n);
      expect(Array.from(b)).toEqual(expectY);
    }
  });
});
