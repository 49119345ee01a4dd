/** Builds one locale's catalog from its three JSON files; vocabulary labels get the `vocab.` prefix. */
export function composeCatalog(
  messages: Record<string, string>,
  fields: Record<string, string>,
  vocab: Record<string, string>,
): Readonly<Record<string, string>> {
  const catalog: Record<string, string> = { ...messages, ...fields };
  for (const [key, label] of Object.entries(vocab)) catalog[`vocab.${key}`] = label;
  return catalog;
}
