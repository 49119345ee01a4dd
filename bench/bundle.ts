// The widget's weight against peers measured in the same run: the single-file English build of
// <talap-intake-form> (dist/talap-intake-form.bundle.js, made by the package build), Lit alone,
// and SurveyJS's framework-free form library (survey-core + survey-js-ui) rendering a ten-field
// form. Each peer is bundled the same way as ours: esbuild, minified, ESM, for the browser, then
// gzip -9. Exits non-zero when ours is over its 45,000 B budget.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

const budget = 45_000;
const root = fileURLToPath(new URL('..', import.meta.url));
const packageDir = `${root}packages/intake-form/`;
const bundleFile = `${packageDir}dist/talap-intake-form.bundle.js`;

/** The ten-field SurveyJS form: the kinds of question an intake form asks, rendered into a page. */
const surveyEntry = `
import { Model } from 'survey-core';
import { renderSurvey } from 'survey-js-ui';

const survey = new Model({
  title: 'Report what happened',
  showProgressBar: 'top',
  pages: [
    {
      name: 'about',
      elements: [
        { type: 'boolean', name: 'consent', title: 'I agree that my report is recorded', isRequired: true },
        { type: 'text', name: 'age', title: 'Your age', inputType: 'number', min: 0, max: 120 },
        { type: 'dropdown', name: 'gender', title: 'Gender identity', choices: ['woman', 'man', 'non_binary', 'other'] },
        { type: 'checkbox', name: 'populations', title: 'Key populations', choices: ['sex_workers', 'lgbt', 'people_who_use_drugs', 'people_living_with_hiv'] },
        { type: 'text', name: 'contact', title: 'How to reach you', inputType: 'email' },
      ],
    },
    {
      name: 'incident',
      elements: [
        { type: 'text', name: 'date', title: 'When it happened', inputType: 'date', isRequired: true },
        { type: 'dropdown', name: 'country', title: 'Country', choices: ['KZ', 'KG', 'UZ', 'TJ'] },
        { type: 'radiogroup', name: 'violation', title: 'What happened', choices: ['health_care_denied', 'police', 'violence', 'other'], showOtherItem: true },
        { type: 'radiogroup', name: 'perpetrator', title: 'Who did it', choices: ['police', 'health_worker', 'family', 'other'] },
        { type: 'comment', name: 'description', title: 'Describe what happened', maxLength: 4000 },
      ],
    },
  ],
});
survey.onComplete.add((sender) => console.log(JSON.stringify(sender.data)));
renderSurvey(survey, document.getElementById('form'));
`;

/** Bundles `contents` as an entry in `dir` (whose node_modules it resolves from). */
async function gzippedBundle(
  contents: string,
  dir: string,
): Promise<{ raw: number; gzip: number }> {
  const result = await build({
    stdin: { contents, resolveDir: dir, loader: 'js' },
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    legalComments: 'none',
    define: { 'process.env.NODE_ENV': '"production"' },
    write: false,
    logLevel: 'silent',
  });
  const bytes = result.outputFiles[0]?.contents ?? new Uint8Array();
  return { raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length };
}

function gzippedFile(file: string): { raw: number; gzip: number } {
  const bytes = readFileSync(file);
  return { raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length };
}

if (!existsSync(bundleFile)) {
  console.log('dist/talap-intake-form.bundle.js is missing: building @talap/intake-form first.');
  const child = spawnSync('pnpm', ['--filter', '@talap/intake-form', 'run', 'build'], {
    cwd: root,
    stdio: 'inherit',
  });
  if (child.status !== 0 || !existsSync(bundleFile)) {
    console.error('The build failed: run `pnpm --filter @talap/intake-form build` and try again.');
    process.exit(1);
  }
}

const ours = gzippedFile(bundleFile);
// Lit as the widget has it (a dependency of the package), SurveyJS from the workspace root.
const lit = await gzippedBundle(`export { LitElement, html, css } from 'lit';`, packageDir);
const survey = await gzippedBundle(surveyEntry, root);
const surveyCss = gzippedFile(`${root}node_modules/survey-core/survey-core.min.css`);
const version = (dir: string, name: string) =>
  (
    JSON.parse(readFileSync(`${dir}node_modules/${name}/package.json`, 'utf8')) as {
      version: string;
    }
  ).version;

const rows: [string, { raw: number; gzip: number }][] = [
  ['<talap-intake-form> (whole case form, English)', ours],
  [`lit ${version(packageDir, 'lit')} (LitElement, html, css)`, lit],
  [`SurveyJS ${version(root, 'survey-core')}, ten-field form (survey-js-ui)`, survey],
  ['SurveyJS stylesheet (survey-core.min.css)', surveyCss],
];
console.log('bundle sizes (esbuild, minified, ESM, browser; gzip -9):');
for (const [name, size] of rows) {
  console.log(
    `  ${name.padEnd(52)} ${String(size.raw).padStart(9)} B ${String(size.gzip).padStart(8)} B gzip`,
  );
}
console.log(`ratio ours/lit:      ${(ours.gzip / lit.gzip).toFixed(2)}`);
console.log(`ratio ours/SurveyJS: ${(ours.gzip / survey.gzip).toFixed(2)} (script only)`);
console.log(
  `ratio ours/SurveyJS: ${(ours.gzip / (survey.gzip + surveyCss.gzip)).toFixed(2)} (script and stylesheet; ours has its styles inside)`,
);
console.log(`budget: ${ours.gzip} of ${budget} B (${((ours.gzip / budget) * 100).toFixed(0)}%)`);
if (ours.gzip > budget) {
  console.error(`<talap-intake-form> is ${ours.gzip} B gzipped, over its ${budget} B budget.`);
  process.exit(1);
}
