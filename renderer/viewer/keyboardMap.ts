/**
 * The viewer's keys (3D Slicer-like), as a pure map from a key press to a command (keyboardMap.test.ts):
 * arrows / Page / Home / End page through the active view's slices, 1–7 choose a tool (3–6 only while an ROI
 * is being edited), − / + size the brush while painting and zoom otherwise, Z / Y and ctrl+Z / ctrl+Y
 * undo/redo, R resets zoom and pan,
 * O switches fill/outline, space plays cine, Esc cancels, Enter closes a polygon. useViewerKeyboard runs them.
 */
import type { Tool } from './viewerState';

export interface ToolInfo {
  id: Tool;
  label: string;
  key: string;
  /** Only while an ROI is being edited. */
  needsEdit: boolean;
}

export const TOOLS: readonly ToolInfo[] = [
  { id: 'crosshair', label: 'Crosshair', key: '1', needsEdit: false },
  { id: 'window', label: 'Window', key: '2', needsEdit: false },
  { id: 'paint', label: 'Paint', key: '3', needsEdit: true },
  { id: 'erase', label: 'Erase', key: '4', needsEdit: true },
  { id: 'polygon', label: 'Polygon', key: '5', needsEdit: true },
  { id: 'freehand', label: 'Freehand', key: '6', needsEdit: true },
  { id: 'ruler', label: 'Ruler', key: '7', needsEdit: false },
];

export type KeyCommand =
  | { kind: 'step'; delta: number }
  | { kind: 'first' }
  | { kind: 'last' }
  | { kind: 'undo' }
  | { kind: 'redo' }
  | { kind: 'tool'; tool: Tool }
  | { kind: 'brush'; steps: number }
  | { kind: 'zoom'; steps: number }
  | { kind: 'fit' }
  | { kind: 'overlay-mode' }
  | { kind: 'cine' }
  | { kind: 'escape' }
  | { kind: 'close-polygon' };

export interface KeyPress {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  shiftKey: boolean;
  /** tagName of the element the key went to. */
  target: string;
}

const PLAIN_KEYS: Record<string, KeyCommand> = {
  ArrowRight: { kind: 'step', delta: 1 },
  ArrowUp: { kind: 'step', delta: 1 },
  ArrowLeft: { kind: 'step', delta: -1 },
  ArrowDown: { kind: 'step', delta: -1 },
  PageUp: { kind: 'step', delta: 10 },
  PageDown: { kind: 'step', delta: -10 },
  Home: { kind: 'first' },
  End: { kind: 'last' },
  z: { kind: 'undo' },
  y: { kind: 'redo' },
  '-': { kind: 'zoom', steps: -1 },
  '+': { kind: 'zoom', steps: 1 },
  '=': { kind: 'zoom', steps: 1 },
  r: { kind: 'fit' },
  o: { kind: 'overlay-mode' },
  ' ': { kind: 'cine' },
  Escape: { kind: 'escape' },
  Enter: { kind: 'close-polygon' },
};

/** What the keys act on: an ROI being edited (tools 3–6), with the brush or eraser in hand (− / +). */
export interface KeyContext {
  editing: boolean;
  brushing: boolean;
}

/** The command of a key press, or null when the viewer leaves the key alone (typing in a field, a button's own keys). */
export function keyCommand(press: KeyPress, { editing, brushing }: KeyContext): KeyCommand | null {
  if (press.target === 'INPUT' || press.target === 'SELECT' || press.target === 'TEXTAREA') return null;
  // Space and Enter on a focused button press the button, nothing else.
  if (press.target === 'BUTTON' && (press.key === ' ' || press.key === 'Enter')) return null;
  if (press.ctrlKey || press.metaKey) {
    const k = press.key.toLowerCase();
    if (k === 'z' && !press.shiftKey) return { kind: 'undo' };
    if (k === 'y' || (k === 'z' && press.shiftKey)) return { kind: 'redo' };
    return null;
  }
  const tool = TOOLS.find((t) => t.key === press.key);
  if (tool && (!tool.needsEdit || editing)) return { kind: 'tool', tool: tool.id };
  const command = PLAIN_KEYS[press.key] ?? null;
  return command?.kind === 'zoom' && brushing ? { kind: 'brush', steps: command.steps } : command;
}
