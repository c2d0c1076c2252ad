// stdin: a room description (README.md). stdout: a JSON array of {id, event, body, authorization}: each webhook
// LiveKit would send, serialized by @livekit/protocol (toJsonString, as the server's protojson writes it) and
// signed as the server signs it (livekit-server-sdk AccessToken, sha256 claim = base64 SHA-256 of the body).
// Faults: --expired (the token expired 10 minutes ago), --wrong-secret, --altered-body (changed after signing).
// --proto-names: proto field names and enum numbers (protobuf JSON's other spelling, which readers must accept).
import crypto from 'node:crypto';
import { sdk, readStdin } from './lk.mjs';
import { events } from './room.mjs';

const flags = new Set(process.argv.slice(2));
const desc = JSON.parse(await readStdin());
const apiKey = desc.api_key ?? 'devkey';
const apiSecret = flags.has('--wrong-secret') ? 'not-the-secret-' + (desc.api_secret ?? 'x') : (desc.api_secret ?? 'secret');

const signed = [];
for (const event of events(desc)) {
  let body = event.toJsonString(flags.has('--proto-names') ? { useProtoFieldName: true, enumAsInteger: true } : {});
  // The server signs with a 5-minute token (livekit/protocol webhook/url_notifier.go).
  const token = new sdk.AccessToken(apiKey, apiSecret, { ttl: flags.has('--expired') ? '-10m' : '5m' });
  token.sha256 = crypto.createHash('sha256').update(body, 'utf8').digest('base64');
  const authorization = await token.toJwt();
  if (flags.has('--altered-body')) body = body.replace(`"event":"${event.event}"`, `"event":"${event.event}" `);
  signed.push({ id: event.id, event: event.event, body, authorization });
}
process.stdout.write(JSON.stringify(signed));
