import type { Editor } from '../editor';
import { BoxTool } from './box-tool';
import { EraserTool } from './eraser-tool';
import { HandTool } from './hand-tool';
import { LineTool } from './line-tool';
import { PenTool } from './pen-tool';
import { SelectTool } from './select-tool';
import type { Tool, ToolId } from './tool';

export function createTools(editor: Editor): Record<ToolId, Tool> {
  return {
    select: new SelectTool(editor),
    hand: new HandTool(editor),
    rect: new BoxTool(editor, 'rect', 'rect'),
    ellipse: new BoxTool(editor, 'ellipse', 'ellipse'),
    triangle: new BoxTool(editor, 'triangle', 'triangle'),
    star: new BoxTool(editor, 'star', 'star'),
    text: new BoxTool(editor, 'text', 'text'),
    sticky: new BoxTool(editor, 'sticky', 'sticky'),
    frame: new BoxTool(editor, 'frame', 'frame'),
    line: new LineTool(editor, 'line', 'line'),
    arrow: new LineTool(editor, 'arrow', 'arrow'),
    pen: new PenTool(editor),
    eraser: new EraserTool(editor),
  };
}
