// Validates Kubernetes objects (a JSON array on stdin) against the JSON schemas that npm's kubernetes-models and
// @kubernetes-models/keda ship (the OpenAPI schemas of Kubernetes and of KEDA's CRDs). One line per object,
// "ok KIND NAME" or "invalid KIND NAME: reason"; exit 1 when any is invalid or has no schema.
//   node validate-schemas.mjs MODELS_DIR < objects.json     (MODELS_DIR holds node_modules/)
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import path from 'node:path';

const modules = path.join(process.argv[2] ?? '.', 'node_modules');
const objects = JSON.parse(readFileSync(0, 'utf8'));
let failed = 0;
for (const object of objects) {
  const { apiVersion = '', kind = '' } = object;
  const name = object.metadata?.name ?? '?';
  const [group, version] = apiVersion.includes('/') ? apiVersion.split('/') : ['', apiVersion];
  const file = group.endsWith('keda.sh')
    ? path.join(modules, '@kubernetes-models', 'keda', group, version, `${kind}.js`)
    : path.join(modules, 'kubernetes-models', group || '', version, `${kind}.js`);
  let Model;
  try {
    Model = (await import(pathToFileURL(file).href))[kind];
  } catch {
    console.log(`invalid ${kind} ${name}: no schema for ${apiVersion} ${kind}`);
    failed++;
    continue;
  }
  try {
    new Model(object).validate();
    console.log(`ok ${kind} ${name}`);
  } catch (e) {
    console.log(`invalid ${kind} ${name}: ${String(e.message ?? e).replace(/\s+/g, ' ')}`);
    failed++;
  }
}
process.exit(failed ? 1 : 0);
