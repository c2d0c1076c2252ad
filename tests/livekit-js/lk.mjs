// Loads LiveKit's own JS packages (livekit-server-sdk and the @livekit/protocol it depends on) from the
// repository's tool folder, or from LIVEKIT_NODE_MODULES. ES modules ignore NODE_PATH, so resolve by hand.
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const here = path.dirname(fileURLToPath(import.meta.url));
const modules = process.env.LIVEKIT_NODE_MODULES || process.env.NODE_PATH?.split(path.delimiter)[0]
  || path.join(here, '..', '..', '.tools', 'node', 'node_modules');
const require = createRequire(path.join(modules, 'noop.js'));

export const protocol = require('@livekit/protocol');
export const sdk = require('livekit-server-sdk');

export async function readStdin() {
  const chunks = [];
  for await (const chunk of process.stdin) chunks.push(chunk);
  return Buffer.concat(chunks).toString('utf8');
}
