// The campaign JSON editor: CodeMirror with JSON highlighting and a linter that, as the marketer types,
// checks the syntax locally and the campaign with the server's validator (the same one that guards
// saving and launching), then marks each problem at the line its JSON Pointer names.
import { defaultKeymap, history, historyKeymap } from '@codemirror/commands';
import { json } from '@codemirror/lang-json';
import { bracketMatching, defaultHighlightStyle, indentOnInput, syntaxHighlighting } from '@codemirror/language';
import { type Diagnostic, linter, lintGutter } from '@codemirror/lint';
import { EditorState, type Text } from '@codemirror/state';
import {
  drawSelection,
  EditorView,
  highlightActiveLine,
  highlightActiveLineGutter,
  keymap,
  lineNumbers,
} from '@codemirror/view';
import type { CampaignProblem } from '../api-types';
import { locatePointer, parseJsonWithLocations } from '../json-locations';

export interface LocatedProblem extends CampaignProblem {
  from: number;
  line: number;
}

export type EditorCheck =
  | { kind: 'syntax'; message: string; line: number }
  | { kind: 'checked'; value: Record<string, unknown>; problems: LocatedProblem[] }
  | { kind: 'unchecked'; value: Record<string, unknown>; message: string };

export interface CampaignEditorOptions {
  doc: string;
  label: string;
  readOnly?: boolean;
  validate(definition: Record<string, unknown>): Promise<CampaignProblem[]>;
  /** Every finished check of the current text, for the problem list and the journey preview. */
  onCheck(check: EditorCheck): void;
  onChange?(): void;
}

const LINT_DELAY_MS = 400;

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Underline only the first line of a multi-line value: the whole object would drown the text. */
function firstLine(doc: Text, from: number, to: number): { from: number; to: number } {
  const line = doc.lineAt(from);
  return { from, to: Math.max(from + 1, Math.min(to, line.to)) };
}

export function campaignJsonEditor(options: CampaignEditorOptions) {
  const check = async (view: EditorView): Promise<Diagnostic[]> => {
    const doc = view.state.doc;
    const text = doc.toString();
    const stale = () => view.state.doc !== doc;
    const parsed = parseJsonWithLocations(text);
    if (!parsed.ok) {
      const at = Math.min(parsed.offset, doc.length);
      options.onCheck({ kind: 'syntax', message: parsed.message, line: doc.lineAt(at).number });
      return [
        { from: at, to: Math.min(at + 1, doc.length), severity: 'error', source: 'JSON', message: parsed.message },
      ];
    }
    if (!isObject(parsed.value)) {
      const message = 'A campaign is a JSON object: { "id": …, "name": …, "trigger": …, "start": …, "steps": [ … ] }';
      options.onCheck({ kind: 'syntax', message, line: 1 });
      return [{ from: 0, to: Math.min(1, doc.length), severity: 'error', message }];
    }
    const value = parsed.value;
    let problems: CampaignProblem[];
    try {
      problems = await options.validate(value);
    } catch (err) {
      if (!stale())
        options.onCheck({ kind: 'unchecked', value, message: err instanceof Error ? err.message : String(err) });
      return [];
    }
    if (stale()) return [];
    const located = problems.map((problem) => {
      const from = Math.min(locatePointer(parsed.spans, problem.path)?.from ?? 0, doc.length);
      return { ...problem, from, line: doc.lineAt(from).number };
    });
    options.onCheck({ kind: 'checked', value, problems: located });
    return located.map((p) => ({
      ...firstLine(doc, p.from, locatePointer(parsed.spans, p.path)?.to ?? p.from + 1),
      severity: 'error',
      source: p.code,
      message: p.message,
    }));
  };

  const view = new EditorView({
    state: EditorState.create({
      doc: options.doc,
      extensions: [
        lineNumbers(),
        highlightActiveLineGutter(),
        highlightActiveLine(),
        drawSelection(),
        history(),
        indentOnInput(),
        bracketMatching(),
        syntaxHighlighting(defaultHighlightStyle, { fallback: true }),
        // Tab is left to the browser, so keyboard users can leave the editor; Enter keeps indentation.
        keymap.of([...defaultKeymap, ...historyKeymap]),
        json(),
        lintGutter(),
        linter(check, { delay: LINT_DELAY_MS }),
        // Long descriptions wrap instead of scrolling sideways (and off a phone's screen).
        EditorView.lineWrapping,
        EditorState.readOnly.of(Boolean(options.readOnly)),
        EditorView.contentAttributes.of({ 'aria-label': options.label }),
        EditorView.updateListener.of((update) => {
          if (update.docChanged) options.onChange?.();
        }),
      ],
    }),
  });

  return {
    element: view.dom,
    text: () => view.state.doc.toString(),
    /** Puts the cursor at a problem and shows it. */
    goTo(offset: number) {
      view.dispatch({ selection: { anchor: offset }, scrollIntoView: true });
      view.focus();
    },
    destroy: () => view.destroy(),
  };
}
