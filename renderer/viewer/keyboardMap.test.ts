import { describe, expect, it } from 'vitest';
import { keyCommand, type KeyPress } from './keyboardMap';

const idle = { editing: false, brushing: false };
const editing = { editing: true, brushing: false };
const brushing = { editing: true, brushing: true };

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
    expect(keyCommand(press('ArrowUp'), idle)).toEqual({ kind: 'step', delta: 1 });
    expect(keyCommand(press('ArrowLeft'), idle)).toEqual({ kind: 'step', delta: -1 });
    expect(keyCommand(press('PageDown'), idle)).toEqual({ kind: 'step', delta: -10 });
    expect(keyCommand(press('Home'), idle)).toEqual({ kind: 'first' });
    expect(keyCommand(press('End'), idle)).toEqual({ kind: 'last' });
  });

  it('1, 2 and 7 choose a tool at any time; 3–6 only while an ROI is edited', () => {
    expect(keyCommand(press('2'), idle)).toEqual({ kind: 'tool', tool: 'window' });
    expect(keyCommand(press('7'), idle)).toEqual({ kind: 'tool', tool: 'ruler' });
    expect(keyCommand(press('5'), idle)).toBeNull();
    expect(keyCommand(press('5'), editing)).toEqual({ kind: 'tool', tool: 'polygon' });
  });

  it('undo/redo with Z/Y, ctrl+Z/ctrl+Y and ctrl+shift+Z; other ctrl keys are left to the browser', () => {
    expect(keyCommand(press('z'), editing)).toEqual({ kind: 'undo' });
    expect(keyCommand(press('y'), editing)).toEqual({ kind: 'redo' });
    expect(keyCommand(press('Z', { ctrlKey: true }), editing)).toEqual({ kind: 'undo' });
    expect(keyCommand(press('Z', { ctrlKey: true, shiftKey: true }), editing)).toEqual({ kind: 'redo' });
    expect(keyCommand(press('y', { metaKey: true }), editing)).toEqual({ kind: 'redo' });
    expect(keyCommand(press('r', { ctrlKey: true }), editing)).toBeNull();
  });

  it('− / + (and =) size the brush while painting and zoom otherwise; fit, fill/outline, cine, Esc, Enter', () => {
    expect(keyCommand(press('-'), brushing)).toEqual({ kind: 'brush', steps: -1 });
    expect(keyCommand(press('='), brushing)).toEqual({ kind: 'brush', steps: 1 });
    expect(keyCommand(press('+'), idle)).toEqual({ kind: 'zoom', steps: 1 });
    expect(keyCommand(press('-'), editing)).toEqual({ kind: 'zoom', steps: -1 });
    expect(keyCommand(press('r'), idle)).toEqual({ kind: 'fit' });
    expect(keyCommand(press('o'), idle)).toEqual({ kind: 'overlay-mode' });
    expect(keyCommand(press(' '), idle)).toEqual({ kind: 'cine' });
    expect(keyCommand(press('Escape'), idle)).toEqual({ kind: 'escape' });
    expect(keyCommand(press('Enter'), editing)).toEqual({ kind: 'close-polygon' });
    expect(keyCommand(press('q'), editing)).toBeNull();
  });

  it('typing in a field is not a viewer key; space and Enter on a button press the button', () => {
    for (const target of ['INPUT', 'SELECT', 'TEXTAREA'])
      expect(keyCommand(press('ArrowUp', { target }), idle)).toBeNull();
    expect(keyCommand(press(' ', { target: 'BUTTON' }), idle)).toBeNull();
    expect(keyCommand(press('Enter', { target: 'BUTTON' }), editing)).toBeNull();
    expect(keyCommand(press('ArrowUp', { target: 'BUTTON' }), idle)).toEqual({ kind: 'step', delta: 1 });
  });
});
