using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using static MergeBus.Cli.Commands.JobsCommand;

namespace MergeBus.Cli.Api;

/// <summary>`mergebus jobs show`: the job, then tables of its steps and attempts, artifacts, channels and warnings.</summary>
public static class JobReport
{
    public static string Render(JsonNode answer)
    {
        var job = answer["job"]!;
        var text = new StringBuilder();
        text.AppendLine($"job        {S(job, "id")}");
        text.AppendLine($"state      {S(job, "state")}{(answer["status"] is { } st ? $" (status key: {st})" : "")}");
        text.AppendLine($"room       {S(job, "room")}   session {S(job, "sessionId")}   source {S(job, "source")}");
        text.AppendLine($"manifest   {S(job, "manifestPath")}");
        text.AppendLine($"submitted  {Time(S(job, "submittedAt"))}   finished {(job["finishedAt"] is { } f ? Time(f.ToString()) : "-")}");
        text.AppendLine($"attempts   {S(job, "attempts")} ({S(job, "failedAttempts")} failed)");
        if (S(job, "lastError").Length > 0) text.AppendLine($"error      {S(job, "lastError")}");
        var lanes = job["participants"]?.AsArray() ?? [];
        if (lanes.Count > 0)
        {
            text.AppendLine($"timeline   {Seconds(job["timelineSamples"])} with {lanes.Count} participants, mix {S(job, "mixDurationMs")} ms");
        }

        text.AppendLine().AppendLine("STEPS AND ATTEMPTS");
        text.Append(Table.Render(["ATTEMPT", "STEP", "OUTCOME", "WORKER", "HOST", "STARTED", "DURATION", "DOWN/UP", "ERROR"],
            [.. (job["steps"]?.AsArray() ?? []).Select(s => new[]
            {
                S(s, "attempt"), S(s, "step"), S(s, "outcome") + (s?["permanent"]?.GetValue<bool>() == true ? " (permanent)" : ""),
                S(s, "workerId"), S(s, "host"), Time(S(s, "startedAt")),
                s?["durationMs"] is { } ms ? (ms.GetValue<double>() / 1000).ToString("0.000", CultureInfo.InvariantCulture) + " s" : "-",
                $"{Bytes(s?["bytesDownloaded"])}/{Bytes(s?["bytesUploaded"])}", S(s, "error"),
            })]));
        if (lanes.Count > 0)
        {
            text.AppendLine().AppendLine("PARTICIPANTS");
            text.Append(Table.Render(["PARTICIPANT", "JOINS AT", "LEAVES AT", "AUDIO RUNS", "HOLES"],
                [.. lanes.Select(l =>
                {
                    var offset = l!["offsetSamples"]!.GetValue<long>();
                    var runs = l["runs"]!.AsArray();
                    return new[]
                    {
                        S(l, "identity"), Seconds(offset), Seconds(offset + l["timelineSamples"]!.GetValue<long>()),
                        runs.Count.ToString(CultureInfo.InvariantCulture), Math.Max(0, runs.Count - 1).ToString(CultureInfo.InvariantCulture),
                    };
                })]));
        }
        var artifacts = job["artifacts"]?.AsArray() ?? [];
        if (artifacts.Count > 0)
        {
            text.AppendLine().AppendLine("ARTIFACTS");
            text.Append(Table.Render(["FORMAT", "KEY", "SIZE", "DURATION", "SHA256"],
                [.. artifacts.Select(a => new[] { S(a, "format"), S(a, "storageUri"), Bytes(a?["size"]), $"{S(a, "durationMs")} ms", S(a, "sha256") })]));
        }
        var channels = job["channels"]?.AsArray() ?? [];
        if (channels.Count > 0)
        {
            text.AppendLine().AppendLine("CHANNELS");
            foreach (var c in channels) text.AppendLine($"  {S(c, "channel")}: {string.Join(", ", c!["participantIds"]!.AsArray().Select(p => p!.ToString()))}");
        }
        var warnings = job["warnings"]?.AsArray() ?? [];
        if (warnings.Count > 0)
        {
            text.AppendLine().AppendLine("WARNINGS");
            foreach (var w in warnings) text.AppendLine($"  {w}");
        }
        text.AppendLine().AppendLine($"({S(answer, "note")})");
        return text.ToString();
    }

    private static string Seconds(JsonNode? samples) => samples is null ? "-" : Seconds(samples.GetValue<long>());

    private static string Seconds(long samples) => (samples / 48000.0).ToString("0.000", CultureInfo.InvariantCulture) + " s";

    private static string Bytes(JsonNode? node)
    {
        var bytes = node?.GetValue<long>() ?? 0;
        return bytes switch
        {
            >= 1 << 20 => (bytes / 1048576.0).ToString("0.0", CultureInfo.InvariantCulture) + " MiB",
            >= 1 << 10 => (bytes / 1024.0).ToString("0.0", CultureInfo.InvariantCulture) + " KiB",
            _ => $"{bytes} B",
        };
    }
}
