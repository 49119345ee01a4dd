import type { Catalog } from '../i18n/catalog.js';
import { composeCatalog } from '../i18n/compose-catalog.js';
import fields from './fields.en.json' with { type: 'json' };
import messages from './messages.en.json' with { type: 'json' };
import vocab from './vocab/en.json' with { type: 'json' };

/** The catalog of locale `en`: issue messages, field labels and help, vocabulary labels. */
export const en: Catalog = composeCatalog(messages, fields, vocab);
