// A modal question before something that changes what customers receive. <dialog> gives focus
// trapping, Escape to cancel and the right roles; the action's failure is shown inside the dialog.
import { type Child, h } from '../dom';
import { errorMessage } from './error-view';

export interface ConfirmOptions {
  title: string;
  body: Child[];
  confirmLabel: string;
  danger?: boolean;
  /** Runs on confirm; a thrown error keeps the dialog open with the message. */
  action: () => Promise<void>;
}

/** Resolves true when the action ran, false when the marketer cancelled. */
export function confirmDialog(options: ConfirmOptions): Promise<boolean> {
  return new Promise((resolve) => {
    let done = false;
    const error = h('div', { class: 'error-text', role: 'alert' });
    const cancel = h('button', { type: 'button' }, 'Cancel');
    const confirm = h('button', { type: 'submit', class: options.danger ? 'danger' : 'primary' }, options.confirmLabel);
    const dialog = h(
      'dialog',
      { class: 'dialog', 'aria-labelledby': 'dialog-title' },
      h(
        'form',
        { method: 'dialog' },
        h('h2', { id: 'dialog-title' }, options.title),
        h('div', { class: 'dialog-body' }, options.body),
        error,
        h('div', { class: 'actions' }, cancel, confirm),
      ),
    );
    const finish = (ran: boolean) => {
      done = ran;
      dialog.close();
    };
    dialog.addEventListener('close', () => {
      dialog.remove();
      resolve(done);
    });
    cancel.addEventListener('click', () => finish(false));
    dialog.querySelector('form')?.addEventListener('submit', async (event) => {
      event.preventDefault();
      confirm.disabled = true;
      error.replaceChildren();
      try {
        await options.action();
        finish(true);
      } catch (err) {
        error.append(h('p', null, errorMessage(err)));
        confirm.disabled = false;
      }
    });
    document.body.append(dialog);
    dialog.showModal();
    cancel.focus();
  });
}
