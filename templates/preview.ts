// A message as the customer would get it, without sending, tracking or recording anything: for the
// marketer's preview in the API. Links stay as written, so the preview can be clicked without
// counting as a click.
import type { Channel } from '../store/contacts';
import type { RenderContext } from './render-context';
import type { RenderedByChannel, TemplateRenderer } from './renderer';

export function previewMessage<C extends Channel>(
  renderer: TemplateRenderer,
  id: string,
  channel: C,
  locale: string,
  context: RenderContext,
): RenderedByChannel[C] {
  return renderer.render(id, channel, locale, context);
}
