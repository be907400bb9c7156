// The campaign validator's view of the templates: which exist for a channel and what they read.
import type { TemplateCatalog } from '../campaigns/template-catalog';
import type { Channel } from '../store/contacts';
import type { TemplateRenderer } from './renderer';

export function createTemplateCatalog(renderer: TemplateRenderer): TemplateCatalog {
  return {
    has: (templateId: string, channel: Channel) => renderer.has(templateId, channel),
    variables: (templateId: string, channel: Channel) => renderer.variables(templateId, channel),
  };
}
