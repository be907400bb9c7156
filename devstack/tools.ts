// Typed view of scripts/tools.mjs, which must stay plain JS because it runs as npm's postinstall.
import * as tools from '../scripts/tools.mjs';

export type ToolName = 'temporal' | 'ferretdb' | 'temporal-test-server';
export const requireTool: (name: ToolName) => string = tools.requireTool;
export const findTool: (name: ToolName) => string | undefined = tools.findTool;
