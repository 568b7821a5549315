import { describe, expect, it } from 'vitest';
import { pressMode, type PressButtons } from './interaction';

const left: PressButtons = { button: 0, shiftKey: false, ctrlKey: false, altKey: false };

describe('what a press on a view starts', () => {
  it('without an ROI being edited: click or drag (crosshair / window), window tool, ruler; alt-drag moves the crosshair; pan, zoom and ctrl window/level on any tool', () => {
    expect(pressMode(left, 'crosshair', false)).toBe('navigate');
    expect(pressMode({ ...left, altKey: true }, 'crosshair', false)).toBe('crosshair');
    expect(pressMode({ ...left, altKey: true }, 'paint', true)).toBe('crosshair');
    expect(pressMode(left, 'window', false)).toBe('window');
    expect(pressMode(left, 'ruler', false)).toBe('ruler');
    expect(pressMode({ ...left, button: 1 }, 'ruler', false)).toBe('pan');
    expect(pressMode({ ...left, shiftKey: true }, 'crosshair', false)).toBe('pan');
    expect(pressMode({ ...left, button: 2 }, 'crosshair', false)).toBe('zoom');
    expect(pressMode({ ...left, ctrlKey: true }, 'ruler', false)).toBe('window');
  });

  it('while editing: paint and erase stroke, freehand draws, polygon adds a vertex (shift too: it erases)', () => {
    expect(pressMode(left, 'paint', true)).toBe('paint');
    expect(pressMode(left, 'erase', true)).toBe('paint');
    expect(pressMode(left, 'freehand', true)).toBe('freehand');
    expect(pressMode(left, 'polygon', true)).toBe('polygon');
    expect(pressMode({ ...left, shiftKey: true }, 'polygon', true)).toBe('polygon');
    expect(pressMode({ ...left, shiftKey: true }, 'paint', true)).toBe('pan');
    expect(pressMode({ ...left, ctrlKey: true }, 'paint', true)).toBe('window');
  });

  it('a drawing tool left over without an ROI navigates', () => {
    expect(pressMode(left, 'paint', false)).toBe('navigate');
    expect(pressMode(left, 'polygon', false)).toBe('navigate');
  });
});
