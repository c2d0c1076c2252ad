// Preloaded (node --require) into every s3rver we run: the compose stand-in and the tests' S3rverServer.
// 1. s3rver decodes x-amz-copy-source with decodeURI, which keeps %2F encoded; the .NET SDK encodes every '/' of the
//    source as %2F, so every CopyObject of a nested key would fail with NoSuchBucket. decodeURIComponent is what S3
//    itself does (decodeURI has no other caller in s3rver or its dependencies).
globalThis.decodeURI = globalThis.decodeURIComponent;
// 2. s3rver's DeleteObject also removes the key's now-empty parent directories, with a recursive rm that races a
//    concurrent PutObject into a sibling key: the new object vanishes (S3 has no directories, so it cannot happen
//    there). Seen as "staged mix is missing" when one job cleaned its staging while another staged. The patch keeps
//    the file deletions and drops the directory cleanup.
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
