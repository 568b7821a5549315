/** Runs the viewer's key commands (keyboardMap.ts) on the active view and the tools. */
import type { KeyboardEvent } from 'react';
import { keyCommand, type KeyCommand } from './keyboardMap';
import type { ToolContext } from './interaction';
import type { ContourEditing } from './useContourEditing';
import type { ContourTools } from './useContourTools';
import type { RulerTool } from './useRulerTool';
import type { Tool } from './viewerState';

export function useViewerKeyboard(
  ctx: ToolContext,
  tools: {
    editing: ContourEditing;
    contour: ContourTools;
    ruler: RulerTool;
    chooseTool: (tool: Tool) => void;
  },
): (e: KeyboardEvent) => void {
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

  return (e: KeyboardEvent) => {
    const command = keyCommand(
      {
        key: e.key,
        ctrlKey: e.ctrlKey,
        metaKey: e.metaKey,
        shiftKey: e.shiftKey,
        target: (e.target as HTMLElement).tagName,
      },
      live.current.session !== null,
    );
    if (!command) return;
    e.preventDefault();
    run(command);
  };
}
