import type { Catalog } from '../i18n/catalog.js';
import { composeCatalog } from '../i18n/compose-catalog.js';
import fields from './fields.kk.json' with { type: 'json' };
import messages from './messages.kk.json' with { type: 'json' };
import vocab from './vocab/kk.json' with { type: 'json' };

/** The catalog of locale `kk`: issue messages, field labels and help, vocabulary labels. */
export const kk: Catalog = composeCatalog(messages, fields, vocab);
