// The Custom Elements Manifest (custom-elements.json) of <talap-intake-form>, made by
// `cem analyze` during the build from the class and its JSDoc (@summary, @attr, @event, @csspart,
// @cssproperty). The plugin below keeps it to the public API.

/** The public module of each source file: the class alone, and the entry that registers the tag. */
const publicModules = {
  'src/intake-form.component.ts': 'dist/component.js',
  'src/intake-form.ts': 'dist/index.js',
};

/** Keeps what a user of the element can use: no private or protected members, no internal declarations. */
function publicApiOnly() {
  return {
    name: 'talap-public-api-only',
    packageLinkPhase({ customElementsManifest }) {
      // The tag is registered under an exported constant: name it by its value.
      const constants = new Map();
      for (const module of customElementsManifest.modules) {
        for (const declaration of module.declarations ?? []) {
          const literal = /^'([a-z][a-z0-9-]*-[a-z0-9-]*)'$/.exec(declaration.default ?? '');
          if (declaration.kind === 'variable' && literal)
            constants.set(declaration.name, literal[1]);
        }
      }
      const declarers = new Map();
      for (const module of customElementsManifest.modules) {
        for (const declaration of module.declarations ?? []) {
          if (declaration.kind === 'class') declarers.set(declaration.name, module.path);
        }
      }
      const exportedHere = (module, name) =>
        (module.declarations ?? []).some((declaration) => declaration.name === name);
      for (const module of customElementsManifest.modules) {
        const exported = new Set((module.exports ?? []).map((entry) => entry.declaration?.name));
        module.declarations = (module.declarations ?? []).filter((declaration) =>
          exported.has(declaration.name),
        );
        for (const declaration of module.declarations) {
          if (declaration.tagName && constants.has(declaration.tagName)) {
            declaration.tagName = constants.get(declaration.tagName);
          }
          if (declaration.members) {
            declaration.members = declaration.members.filter(
              (member) =>
                !member.static &&
                !member.name.startsWith('#') &&
                member.privacy !== 'private' &&
                member.privacy !== 'protected',
            );
          }
          // An event dispatched with a computed name shows up as one named after the variable:
          // the element's events are the ones its JSDoc declares, each with a description.
          if (declaration.events) {
            declaration.events = declaration.events.filter((event) => event.description);
          }
        }
        for (const entry of module.exports ?? []) {
          if (entry.kind === 'custom-element-definition' && constants.has(entry.name)) {
            entry.name = constants.get(entry.name);
          }
          // A re-exported class is declared in the module it comes from.
          const declared = declarers.get(entry.declaration?.name);
          if (declared && !exportedHere(module, entry.declaration.name)) {
            entry.declaration.module = declared;
          }
        }
      }
      for (const module of customElementsManifest.modules) {
        for (const entry of module.exports ?? []) {
          const path = entry.declaration?.module?.replace(/^\//, '').replace(/\.js$/, '.ts');
          if (path in publicModules) entry.declaration.module = publicModules[path];
        }
        module.path = publicModules[module.path] ?? module.path;
      }
    },
  };
}

export default {
  globs: ['src/intake-form.component.ts', 'src/intake-form.ts'],
  outdir: '.',
  litelement: true,
  packagejson: false,
  plugins: [publicApiOnly()],
};
