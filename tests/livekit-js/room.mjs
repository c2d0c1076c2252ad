// Builds LiveKit protocol objects from a plain JSON description of a room (see README.md), so that every
// WebhookEvent and EgressInfo the tests use is made and serialized by @livekit/protocol itself.
import { protocol } from './lk.mjs';

const {
  EgressInfo, EgressStatus, FileInfo, ParticipantInfo, ParticipantInfo_Kind, Room, TrackEgressRequest,
  DirectFileOutput, S3Upload, TrackInfo, TrackType, TrackSource, WebhookEvent,
} = protocol;

const big = (v) => BigInt(v ?? 0);

export function room(desc) {
  return new Room({ sid: desc.room.sid, name: desc.room.name });
}

export function participant(desc, sid) {
  const p = (desc.participants ?? []).find((x) => x.sid === sid);
  if (!p) throw new Error(`unknown participant ${sid}`);
  return new ParticipantInfo({
    sid: p.sid, identity: p.identity, name: p.name ?? p.identity,
    kind: ParticipantInfo_Kind[p.kind ?? 'STANDARD'],
  });
}

export function track(t) {
  return new TrackInfo({
    sid: t.sid,
    type: TrackType[t.type ?? 'AUDIO'],
    source: TrackSource[t.source ?? (t.type === 'VIDEO' ? 'CAMERA' : 'MICROPHONE')],
    name: t.name ?? '',
    mimeType: t.mime_type ?? (t.type === 'VIDEO' ? 'video/VP8' : 'audio/opus'),
  });
}

// status: the EgressStatus name; files only on the final report, as the egress service sends them.
export function egressInfo(desc, e, status, withFiles) {
  const info = new EgressInfo({
    egressId: e.egress_id,
    roomId: desc.room.sid,
    roomName: desc.room.name,
    status: EgressStatus[status],
    startedAt: big(e.started_at),
    endedAt: withFiles ? big(e.ended_at) : 0n,
    updatedAt: big(withFiles ? (e.updated_at ?? e.ended_at) : e.started_at),
    error: withFiles ? (e.error ?? '') : '',
    request: e.track ? {
      case: 'track',
      value: new TrackEgressRequest({
        roomName: desc.room.name,
        trackId: e.track,
        output: {
          case: 'file',
          value: new DirectFileOutput({
            filepath: e.filepath ?? '',
            // An upload section as the request carries it (s3: {access_key, secret, bucket, region}).
            output: e.s3 ? {
              case: 's3',
              value: new S3Upload({ accessKey: e.s3.access_key, secret: e.s3.secret, bucket: e.s3.bucket, region: e.s3.region ?? '' }),
            } : undefined,
          }),
        },
      }),
    } : undefined,
  });
  if (withFiles) {
    info.fileResults = (e.files ?? []).map((f) => new FileInfo({
      filename: f.filename, location: f.location ?? f.filename, size: big(f.size),
      startedAt: big(f.started_at), endedAt: big(f.ended_at), duration: big(f.duration),
    }));
  }
  return info;
}

export function finalStatus(e) {
  return e.status ?? 'EGRESS_COMPLETE';
}

const seconds = (ns) => BigInt(Math.floor(Number(big(ns) / 1000000n) / 1000));

// Every event LiveKit would send for the room, in the order it would send them.
export function events(desc) {
  const out = [];
  let n = 0;
  const add = (name, at, fields) => out.push(new WebhookEvent({
    id: `EV_${desc.room.sid}_${String(++n).padStart(3, '0')}`, event: name, createdAt: BigInt(at ?? 0), room: room(desc), ...fields,
  }));
  for (const t of desc.tracks ?? []) {
    add('track_published', t.published_at, { participant: participant(desc, t.participant), track: track(t) });
  }
  for (const e of desc.egresses ?? []) {
    if (e.start_failed) {
      // What livekit-server sends when it cannot start an auto track egress: egress_ended, FAILED, no egress id.
      add('egress_ended', seconds(e.started_at), { egressInfo: egressInfo(desc, { ...e, egress_id: '' }, 'EGRESS_FAILED', true) });
      continue;
    }
    add('egress_started', seconds(e.started_at), { egressInfo: egressInfo(desc, e, 'EGRESS_STARTING', false) });
    add('egress_updated', seconds(e.started_at), { egressInfo: egressInfo(desc, e, 'EGRESS_ACTIVE', false) });
    add('egress_ended', seconds(e.ended_at), { egressInfo: egressInfo(desc, e, finalStatus(e), true) });
  }
  if (desc.finished_at !== undefined) add('room_finished', desc.finished_at, {});
  return out;
}
