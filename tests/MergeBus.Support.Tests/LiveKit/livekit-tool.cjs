// LiveKit's own JS SDK (livekit-server-sdk, @livekit/protocol) for the LiveKit intake tests. Run with NODE_PATH at
// .tools/node/node_modules.
//   node livekit-tool.cjs sign < {key, secret, items: [{event, ttl?, tamper?}]}
//     → [{body, authorization, sdkAccepts}]: each event as LiveKit serializes a WebhookEvent, signed as the LiveKit
//       server signs webhooks (AccessToken with a sha256 claim), and whether the SDK's WebhookReceiver accepts it.
//       ttl: as AccessToken takes it ("10m", or "2 hours ago" for an expired token); tamper: "body" changes the body
//       after signing.
//   node livekit-tool.cjs twirp KEY SECRET ANSWERS.json
//     → a ListEgress stand-in on 127.0.0.1 ("listening on PORT"): checks the bearer token (roomRecord grant) with the
//       SDK's TokenVerifier and answers ListEgressResponse {items} from ANSWERS.json ({room_name: [EgressInfo JSON]}),
//       logging "list ROOM" per call.
const { AccessToken, TokenVerifier, WebhookReceiver } = require('livekit-server-sdk');
const { WebhookEvent, ListEgressRequest, ListEgressResponse, EgressInfo } = require('@livekit/protocol');
const crypto = require('node:crypto');
const http = require('node:http');
const fs = require('node:fs');

async function sign() {
  const input = JSON.parse(fs.readFileSync(0, 'utf8'));
  const receiver = new WebhookReceiver(input.key, input.secret);
  const out = [];
  for (const item of input.items) {
    let body = WebhookEvent.fromJson(item.event).toJsonString();
    const token = new AccessToken(input.key, input.secret, { ttl: item.ttl || '10m' });
    token.sha256 = crypto.createHash('sha256').update(body).digest('base64');
    const authorization = await token.toJwt();
    if (item.tamper === 'body') body = body.replace('}', ',"numParticipants":7}');
    let sdkAccepts = true;
    try {
      await receiver.receive(body, authorization);
    } catch {
      sdkAccepts = false;
    }
    out.push({ body, authorization, sdkAccepts });
  }
  process.stdout.write(JSON.stringify(out));
}

function twirp(key, secret, answersPath) {
  const verifier = new TokenVerifier(key, secret);
  const answers = JSON.parse(fs.readFileSync(answersPath, 'utf8'));
  const server = http.createServer((request, response) => {
    const chunks = [];
    request.on('data', (c) => chunks.push(c));
    request.on('end', async () => {
      const fail = (status, code, msg) => {
        response.writeHead(status, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ code, msg }));
      };
      if (request.method !== 'POST' || request.url !== '/twirp/livekit.Egress/ListEgress') return fail(404, 'bad_route', 'no such route');
      const auth = request.headers.authorization || '';
      try {
        const claims = await verifier.verify(auth.replace(/^Bearer /, ''));
        if (!claims.video || !claims.video.roomRecord) return fail(403, 'permission_denied', 'no roomRecord grant');
      } catch (e) {
        return fail(401, 'unauthenticated', String(e.message || e));
      }
      const asked = ListEgressRequest.fromJsonString(Buffer.concat(chunks).toString('utf8'), { ignoreUnknownFields: true });
      console.log(`list ${asked.roomName}`);
      const items = (answers[asked.roomName] || []).map((e) => EgressInfo.fromJson(e));
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(new ListEgressResponse({ items }).toJsonString());
    });
  });
  server.listen(0, '127.0.0.1', () => console.log(`listening on ${server.address().port}`));
}

const [mode, ...args] = process.argv.slice(2);
if (mode === 'sign') sign().catch((e) => { console.error(e); process.exit(1); });
else if (mode === 'twirp') twirp(...args);
else { console.error('usage: sign | twirp KEY SECRET ANSWERS.json'); process.exit(2); }
