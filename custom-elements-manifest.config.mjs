// custom-elements.json, generated from the element's JSDoc (@fires, @slot, @csspart, @cssprop,
// attribute docs) by `npm run cem` and by `npm run build`; `npm run cem:check` fails on drift.
import { readFileSync } from 'node:fs';
import { posix } from 'node:path';

/** Entry modules that register a class as a side effect (DittofeedEmbed.define()). */
const REGISTERS = { 'src/index.ts': 'DittofeedEmbed' };

const toDist = (path) => path.replace(/^src\//, 'dist/').replace(/\.ts$/, '.js');

/**
 * The manifest describes the published files: module paths and references go from src/*.ts
 * (or ./x.js relative to the module) to the dist/*.js files that package.json exports.
 */
function publishedPaths() {
  const rewrite = (node, from) => {
    if (Array.isArray(node)) return node.forEach((n) => rewrite(n, from));
    if (!node || typeof node !== 'object') return;
    if (typeof node.module === 'string') {
      const path = node.module.startsWith('.') ? posix.join(posix.dirname(from), node.module) : node.module;
      node.module = toDist(path.replace(/\.js$/, '.ts'));
    }
    for (const value of Object.values(node)) rewrite(value, from);
  };
  return {
    name: 'published-paths',
    packageLinkPhase({ customElementsManifest }) {
      for (const mod of customElementsManifest.modules) {
        rewrite(mod.declarations, mod.path);
        rewrite(mod.exports, mod.path);
        const registered = REGISTERS[mod.path];
        if (registered) {
          const tagName = customElementsManifest.modules
            .flatMap((m) => m.declarations ?? [])
            .find((d) => d.name === registered && d.tagName)?.tagName;
          const declaration = mod.exports?.find((e) => e.name === registered)?.declaration;
          if (tagName && declaration) {
            mod.exports.push({ kind: 'custom-element-definition', name: tagName, declaration });
          }
        }
        mod.path = toDist(mod.path);
      }
    },
  };
}

/**
 * The analyzer reads attributes twice, from Lit's `static properties` (under the property name)
 * and from the `@attr` docs (with a wrong `attribute` back-reference), and counts internal state
 * and the generic `dispatchEvent(new CustomEvent(name))` helper. Keep public members only, one
 * attribute per public property under its real attribute name, and the documented (`@fires`)
 * events.
 */
function tidyElement() {
  return {
    name: 'tidy-element',
    packageLinkPhase({ customElementsManifest }) {
      const elements = customElementsManifest.modules
        .flatMap((m) => m.declarations ?? [])
        .filter((d) => d.customElement);
      for (const element of elements) {
        const members = new Map((element.members ?? []).map((m) => [m.name, m]));
        // Private members are not API; listing them would make every refactor a manifest change.
        element.members = (element.members ?? []).filter(
          (m) => !m.name.startsWith('#') && (m.privacy ?? 'public') === 'public',
        );
        const byField = new Map();
        for (const attribute of element.attributes ?? []) {
          const field = attribute.fieldName ?? attribute.name;
          const member = members.get(field);
          if (member && member.privacy && member.privacy !== 'public') continue;
          const name = member?.attribute ?? (attribute.name.includes('-') ? attribute.name : undefined);
          const merged = byField.get(field) ?? {};
          for (const [key, value] of Object.entries(attribute)) merged[key] ??= value;
          if (name) merged.name = name;
          merged.fieldName = field;
          delete merged.attribute;
          byField.set(field, merged);
        }
        element.attributes = [...byField.values()];
        if (element.events?.some((e) => e.description)) {
          element.events = element.events.filter((e) => e.description);
        }
      }
    },
  };
}

/**
 * The element's defaults live in src/defaults.ts (one place for the element, its config and the
 * server helper); the manifest shows their values, not the constants' names.
 */
function resolvedDefaults() {
  const values = new Map(
    [...readFileSync('src/defaults.ts', 'utf8').matchAll(/export const (DEFAULT_\w+) = ([^;]+);/g)].map(([, name, value]) => [name, value]),
  );
  const resolve = (node) => {
    if (Array.isArray(node)) return node.forEach(resolve);
    if (!node || typeof node !== 'object') return;
    if (typeof node.default === 'string' && values.has(node.default)) node.default = values.get(node.default);
    for (const value of Object.values(node)) resolve(value);
  };
  return {
    name: 'resolved-defaults',
    packageLinkPhase({ customElementsManifest }) {
      resolve(customElementsManifest.modules);
    },
  };
}

export default {
  // The element and the entry points that register or export it.
  globs: ['src/dittofeed-embed.ts', 'src/index.ts', 'src/element.ts'],
  outdir: '.',
  litelement: true,
  // package.json's "customElements" field is kept by hand (the analyzer would rewrite the file).
  packagejson: false,
  dependencies: false,
  plugins: [tidyElement(), resolvedDefaults(), publishedPaths()],
};
