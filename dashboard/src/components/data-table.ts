// A plain table of already formatted values; the first column names the row, numeric columns align right.
import { h } from '../dom';

/** `numeric`: which columns hold numbers (default: all but the first). */
export function dataTable(headers: string[], rows: string[][], numeric = headers.map((_, i) => i > 0)): HTMLElement {
  return h(
    'div',
    { class: 'table-wrap' },
    h(
      'table',
      null,
      h(
        'thead',
        null,
        h(
          'tr',
          null,
          headers.map((t, i) => h('th', { scope: 'col', class: numeric[i] ? 'num' : null }, t)),
        ),
      ),
      h(
        'tbody',
        null,
        rows.map((row) =>
          h(
            'tr',
            null,
            row.map((cell, i) =>
              i ? h('td', { class: numeric[i] ? 'num' : null }, cell) : h('th', { scope: 'row' }, cell),
            ),
          ),
        ),
      ),
    ),
  );
}
