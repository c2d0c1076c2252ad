// Preloaded into the s3rver stand-in (node --require), the same two fixes the test fixture applies
// (tests/MergeBus.Testing/Servers/S3rverServer.cs says why):
// 1. x-amz-copy-source is decoded with decodeURI, which keeps %2F: every CopyObject of a nested key would fail.
globalThis.decodeURI = globalThis.decodeURIComponent;
// 2. DeleteObject's recursive cleanup of empty parent folders races a PutObject into a sibling key.
const Module = require('module');
const load = Module._load;
Module._load = function (request, parent, isMain) {
  const exported = load.apply(this, arguments);
  if (typeof exported === 'function' && exported.name === 'FilesystemStore' && !exported.__mergebusPatched) {
    const fs = require('fs/promises');
    exported.prototype.deleteObject = async function (bucket, key) {
      await Promise.all(['object', 'object.md5', 'metadata.json'].map((kind) =>
        fs.unlink(this.getResourcePath(bucket, key, kind)).catch((err) => { if (err.code !== 'ENOENT') throw err; })));
    };
    exported.__mergebusPatched = true;
  }
  return exported;
};
// 3. Debian bookworm's node 18 lacks the ES2023 copying array methods that the @koa/router s3rver pulls in
//    calls (toReversed): every request would answer 500.
for (const [name, make] of Object.entries({
  toReversed: (a) => [...a].reverse(),
  toSorted: (a, compare) => [...a].sort(compare),
})) {
  if (!Array.prototype[name]) {
    Object.defineProperty(Array.prototype, name, { value(...args) { return make(this, ...args); }, writable: true, configurable: true });
  }
}
