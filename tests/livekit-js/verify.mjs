// stdin: {api_key, api_secret, body, authorization}. Checks it with livekit-server-sdk's own WebhookReceiver,
// the cross-check that a signature made by MergeBus is one LiveKit's SDK accepts.
// stdout: {"ok": true, "id": ..., "event": ...} or {"ok": false, "error": ...}; exit 0 either way.
import { sdk, readStdin } from './lk.mjs';

const input = JSON.parse(await readStdin());
const receiver = new sdk.WebhookReceiver(input.api_key, input.api_secret);
try {
  const event = await receiver.receive(input.body, input.authorization);
  process.stdout.write(JSON.stringify({ ok: true, id: event.id, event: event.event }));
} catch (err) {
  process.stdout.write(JSON.stringify({ ok: false, error: String(err?.message ?? err) }));
}
