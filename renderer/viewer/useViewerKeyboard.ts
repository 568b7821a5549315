/** Runs the viewer's key commands (keyboardMap.ts) on the active view and the tools. */
import { useEffect, useEffectEvent } from 'react';
import type { Axis } from '../../shared/contour/plane';
import { keyCommand, type KeyCommand } from './keyboardMap';
import type { ToolContext } from './interaction';
import type { ContourEditing } from './useContourEditing';
import type { ContourTools } from './useContourTools';
import type { RulerTool } from './useRulerTool';
import type { Tool } from './viewerState';

/** The parts of a DOM or React keyboard event the viewer reads. */
type KeyEvent = Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'shiftKey' | 'target' | 'preventDefault'>;

/** Zoom factor of one − / + press. */
const KEY_ZOOM = 1.25;

export function useViewerKeyboard(
  ctx: ToolContext,
  tools: {
    editing: ContourEditing;
    contour: ContourTools;
    ruler: RulerTool;
    chooseTool: (tool: Tool) => void;
  },
): (e: KeyEvent) => void {
  const { state, dispatch, live, requestDraw } = ctx;
  const { active } = state;
  const slices = state.volume?.meta.size[active] ?? 1;

  const run = (command: KeyCommand) => {
    switch (command.kind) {
      case 'step':
        return dispatch({ type: 'step', axis: active, delta: command.delta });
      case 'first':
        return dispatch({ type: 'step', axis: active, delta: -slices });
      case 'last':
        return dispatch({ type: 'step', axis: active, delta: slices });
      case 'undo':
      case 'redo':
        return tools.editing.undoRedo(command.kind);
      case 'tool':
        return tools.chooseTool(command.tool);
      case 'brush':
        return dispatch({ type: 'brush-step', steps: command.steps });
      case 'zoom':
        return dispatch({ type: 'zoom', axis: active, factor: KEY_ZOOM ** command.steps });
      case 'fit':
        return dispatch({ type: 'reset-views' });
      case 'overlay-mode':
        return dispatch({ type: 'overlay-mode', mode: 'toggle' });
      case 'cine':
        return dispatch({ type: 'cine', playing: 'toggle' });
      case 'escape':
        // A ruler being drawn or adjusted is cancelled (the stored one keeps its ends), with the ruler tool kept.
        if (tools.ruler.cancel()) return;
        live.current.polygon = null;
        dispatch({ type: 'tool', tool: 'crosshair' });
        return requestDraw();
      case 'close-polygon':
        return tools.contour.closePolygon(1);
    }
  };

  return (e: KeyEvent) => {
    const editing = live.current.session !== null;
    const brushing = editing && (state.tool === 'paint' || state.tool === 'erase');
    const command = keyCommand(
      {
        key: e.key,
        ctrlKey: e.ctrlKey,
        metaKey: e.metaKey,
        shiftKey: e.shiftKey,
        target: (e.target as HTMLElement | null)?.tagName ?? '',
      },
      { editing, brushing },
    );
    if (!command) return;
    e.preventDefault();
    run(command);
  };
}

/**
 * The keys work as soon as a series is shown, without a click into the image first: the active view takes
 * the focus when the series has loaded, and keys typed while nothing has the focus (the page itself, e.g.
 * after a dialog closed) go to the viewer too.
 */
export function useKeysAtOnce(
  loaded: boolean,
  active: Axis,
  focusPane: (axis: Axis) => void,
  onKeyDown: (e: KeyEvent) => void,
): void {
  const focusActive = useEffectEvent(() => focusPane(active));
  useEffect(() => {
    if (loaded) focusActive();
  }, [loaded]);
  const onPageKey = useEffectEvent((e: KeyboardEvent) => {
    if (e.target === document.body || e.target === document.documentElement) onKeyDown(e);
  });
  useEffect(() => {
    const listener = (e: KeyboardEvent) => onPageKey(e);
    window.addEventListener('keydown', listener);
    return () => window.removeEventListener('keydown', listener);
  }, []);
}
