import { describe, expect, it } from 'vitest';
import { edgeLabels, orientationLabel } from './orientation';

describe('orientation markers', () => {
  it('label an axial slice as radiologists read it (patient left on screen right, anterior up)', () => {
    expect(edgeLabels([1, 0, 0, 0, 1, 0, 0, 0, 1])).toEqual({ right: 'L', left: 'R', bottom: 'P', top: 'A' });
  });

  it('label a coronal slice (rows run towards the feet)', () => {
    // ImageOrientationPatient [1,0,0, 0,0,-1]: i = +x (L), j = -z (F).
    expect(edgeLabels([1, 0, 0, 0, 0, 0, 0, -1, 0])).toEqual({
      right: 'L',
      left: 'R',
      bottom: 'F',
      top: 'H',
    });
  });

  it('name the strongest components of an oblique axis first', () => {
    expect(orientationLabel([0.8, -0.6, 0])).toBe('LA');
    expect(orientationLabel([0.99, 0.05, -0.1])).toBe('L');
    expect(orientationLabel([0, 0, 0])).toBe('');
  });
});
