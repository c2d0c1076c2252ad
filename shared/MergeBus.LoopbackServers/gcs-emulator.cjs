// Starts firebase-tools' Cloud Storage emulator alone, as a GCS JSON API server for tests (spec §6).
// `firebase emulators:start` needs Java and a rules jar from the internet; the storage module itself needs neither
// once its rules runtime is stubbed out (tests use admin-style unauthenticated access, which skips rules).
// Usage: node gcs-emulator.cjs <firebase-tools package dir> [port]; prints "listening on 127.0.0.1:PORT".
'use strict';
const path = require('path');
const net = require('net');

const [toolsDir, portArg] = process.argv.slice(2);
const lib = (p) => require(path.join(toolsDir, 'lib', p));

function freePort() {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

async function main() {
  const { StorageRulesRuntime } = lib('emulator/storage/rules/runtime');
  StorageRulesRuntime.prototype.start = async function () {};
  StorageRulesRuntime.prototype.stop = async function () {};
  const { StorageEmulator } = lib('emulator/storage/index');
  const { EmulatorRegistry } = lib('emulator/registry');

  const port = Number(portArg) || (await freePort());
  const emulator = new StorageEmulator({
    projectId: 'mergebus-test', host: '127.0.0.1', port, rules: [], auto_download: false,
  });
  // Through the registry: the emulator looks its own host and port up there when it builds object URLs.
  await EmulatorRegistry.start(emulator);
  console.log(`listening on 127.0.0.1:${port}`);

  const stop = () => EmulatorRegistry.stopAll().finally(() => process.exit(0));
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  process.stdin.on('end', stop); // the test process went away: so do we
  process.stdin.resume();
}

main().catch((e) => {
  console.error(e && e.stack ? e.stack : String(e));
  process.exit(1);
});
