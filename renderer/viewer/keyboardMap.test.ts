import { describe, expect, it } from 'vitest';
import { keyCommand, type KeyPress } from './keyboardMap';

const press = (key: string, more: Partial<KeyPress> = {}): KeyPress => ({
  key,
  ctrlKey: false,
  metaKey: false,
  shiftKey: false,
  target: 'DIV',
  ...more,
});

describe('viewer keys', () => {
  it('page through slices with the arrows, Page Up/Down (10) and Home/End', () => {
    expect(keyCommand(press('ArrowUp'), false)).toEqual({ kind: 'step', delta: 1 });
    expect(keyCommand(press('ArrowLeft'), false)).toEqual({ kind: 'step', delta: -1 });
    expect(keyCommand(press('PageDown'), false)).toEqual({ kind: 'step', delta: -10 });
    expect(keyCommand(press('Home'), false)).toEqual({ kind: 'first' });
    expect(keyCommand(press('End'), false)).toEqual({ kind: 'last' });
  });

  it('1, 2 and 7 choose a tool at any time; 3–6 only while an ROI is edited', () => {
    expect(keyCommand(press('2'), false)).toEqual({ kind: 'tool', tool: 'window' });
    expect(keyCommand(press('7'), false)).toEqual({ kind: 'tool', tool: 'ruler' });
    expect(keyCommand(press('5'), false)).toBeNull();
    expect(keyCommand(press('5'), true)).toEqual({ kind: 'tool', tool: 'polygon' });
  });

  it('undo/redo with Z/Y, ctrl+Z/ctrl+Y and ctrl+shift+Z; other ctrl keys are left to the browser', () => {
    expect(keyCommand(press('z'), true)).toEqual({ kind: 'undo' });
    expect(keyCommand(press('y'), true)).toEqual({ kind: 'redo' });
    expect(keyCommand(press('Z', { ctrlKey: true }), true)).toEqual({ kind: 'undo' });
    expect(keyCommand(press('Z', { ctrlKey: true, shiftKey: true }), true)).toEqual({ kind: 'redo' });
    expect(keyCommand(press('y', { metaKey: true }), true)).toEqual({ kind: 'redo' });
    expect(keyCommand(press('r', { ctrlKey: true }), true)).toBeNull();
  });

  it('brush radius − / + (and =), fit, fill/outline, cine, Esc, Enter', () => {
    expect(keyCommand(press('-'), true)).toEqual({ kind: 'brush', steps: -1 });
    expect(keyCommand(press('='), true)).toEqual({ kind: 'brush', steps: 1 });
    expect(keyCommand(press('r'), false)).toEqual({ kind: 'fit' });
    expect(keyCommand(press('o'), false)).toEqual({ kind: 'overlay-mode' });
    expect(keyCommand(press(' '), false)).toEqual({ kind: 'cine' });
    expect(keyCommand(press('Escape'), false)).toEqual({ kind: 'escape' });
    expect(keyCommand(press('Enter'), true)).toEqual({ kind: 'close-polygon' });
    expect(keyCommand(press('q'), true)).toBeNull();
  });

  it('typing in a field is not a viewer key; space and Enter on a button press the button', () => {
    for (const target of ['INPUT', 'SELECT', 'TEXTAREA'])
      expect(keyCommand(press('ArrowUp', { target }), false)).toBeNull();
    expect(keyCommand(press(' ', { target: 'BUTTON' }), false)).toBeNull();
    expect(keyCommand(press('Enter', { target: 'BUTTON' }), true)).toBeNull();
    expect(keyCommand(press('ArrowUp', { target: 'BUTTON' }), false)).toEqual({ kind: 'step', delta: 1 });
  });
});
