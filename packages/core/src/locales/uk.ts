import type { Catalog } from '../i18n/catalog.js';
import { composeCatalog } from '../i18n/compose-catalog.js';
import fields from './fields.uk.json' with { type: 'json' };
import messages from './messages.uk.json' with { type: 'json' };
import vocab from './vocab/uk.json' with { type: 'json' };

/** The catalog of locale `uk`: issue messages, field labels and help, vocabulary labels. */
export const uk: Catalog = composeCatalog(messages, fields, vocab);
