import type { Catalog } from '../i18n/catalog.js';
import { composeCatalog } from '../i18n/compose-catalog.js';
import fields from './fields.ru.json' with { type: 'json' };
import messages from './messages.ru.json' with { type: 'json' };
import vocab from './vocab/ru.json' with { type: 'json' };

/** The catalog of locale `ru`: issue messages, field labels and help, vocabulary labels. */
export const ru: Catalog = composeCatalog(messages, fields, vocab);
