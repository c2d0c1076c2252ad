// A stand-in for LiveKit's Twirp Egress service, answering ListEgress only:
//   node twirp-egress.mjs --port P --data ROOM.json [--api-key K --api-secret S]
// POST /twirp/livekit.Egress/ListEgress with a JSON ListEgressRequest and "Authorization: Bearer <jwt>";
// the token is checked with livekit-server-sdk's TokenVerifier and must grant video.roomRecord. The answer is a
// @livekit/protocol ListEgressResponse built from ROOM.json (re-read on every call; a room description as for
// events.mjs), each egress in its final state. Listens on 127.0.0.1 only; prints {"port": N} once listening and
// one JSON line per request.
import http from 'node:http';
import fs from 'node:fs';
import { protocol, sdk } from './lk.mjs';
import { egressInfo, finalStatus } from './room.mjs';

const args = process.argv.slice(2);
const arg = (name, fallback) => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : fallback; };
const port = Number(arg('--port', '0'));
const dataFile = arg('--data');
const apiKey = arg('--api-key', 'devkey');
const apiSecret = arg('--api-secret', 'secret');
if (!dataFile) { console.error('usage: twirp-egress.mjs --port P --data ROOM.json'); process.exit(2); }
const verifier = new sdk.TokenVerifier(apiKey, apiSecret);

// Logs the request line before answering, so that whoever got the answer finds the line already written.
const answer = (res, line, status, body) => {
  line.status = status;
  process.stdout.write(JSON.stringify(line) + '\n');
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(body);
};
const twirpError = (res, line, status, code, msg) => answer(res, line, status, JSON.stringify({ code, msg }));

const server = http.createServer(async (req, res) => {
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  const line = { method: req.method, path: req.url };
  try {
    if (req.method !== 'POST' || req.url !== '/twirp/livekit.Egress/ListEgress') {
      return twirpError(res, line, 404, 'bad_route', `no handler for ${req.method} ${req.url}`);
    }
    const auth = req.headers.authorization ?? '';
    let claims;
    try {
      claims = await verifier.verify(auth.replace(/^Bearer /, ''));
    } catch (err) {
      line.error = String(err?.message ?? err);
      return twirpError(res, line, 401, 'unauthenticated', 'invalid token');
    }
    if (!claims.video?.roomRecord) return twirpError(res, line, 403, 'permission_denied', 'roomRecord grant required');
    const request = protocol.ListEgressRequest.fromJsonString(Buffer.concat(chunks).toString('utf8') || '{}', { ignoreUnknownFields: true });
    line.request = request.toJson();
    const desc = JSON.parse(fs.readFileSync(dataFile, 'utf8'));
    const items = (desc.egresses ?? [])
      .filter(() => !request.roomName || request.roomName === desc.room.name)
      .filter((e) => !request.egressId || request.egressId === e.egress_id)
      .map((e) => egressInfo(desc, e, finalStatus(e), true))
      .filter((e) => !request.active || e.status <= protocol.EgressStatus.EGRESS_ENDING);
    line.items = items.length;
    return answer(res, line, 200, new protocol.ListEgressResponse({ items }).toJsonString());
  } catch (err) {
    line.error = String(err?.message ?? err);
    return twirpError(res, line, 400, 'malformed', line.error);
  }
});
server.listen(port, '127.0.0.1', () => {
  process.stdout.write(JSON.stringify({ port: server.address().port }) + '\n');
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
