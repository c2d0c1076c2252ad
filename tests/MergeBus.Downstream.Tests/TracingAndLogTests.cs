using System.Diagnostics;
using System.Text.Json.Nodes;
using MergeBus.Distributed.Tests.Support;
using MergeBus.Downstream.Tests.Support;
using MergeBus.LoopbackServers;
using Xunit.Abstractions;

namespace MergeBus.Downstream.Tests;

[Collection(ClusterCollection.Name)]
public sealed class TracingAndLogTests(Cluster cluster, ITestOutputHelper output)
{
    private static readonly string[] FourServices = ["MergeBus.Ingest", "MergeBus.Fetcher", "MergeBus.Mixer", "MergeBus.Publisher"];

    [Fact]
    public async Task One_job_is_one_trace_from_the_queue_claim_through_all_four_services_and_every_job_log_line_names_it()
    {
        await using var collector = new OtlpTraceReceiver(TestPorts.FreeLoopbackPort());
        await using var deployment = await cluster.NewDeploymentAsync("tracing");
        deployment.With("OTEL_EXPORTER_OTLP_ENDPOINT", collector.Endpoint)
            .With("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf")
            .With("OTEL_BSP_SCHEDULE_DELAY", "200")
            .With("MERGEBUS__LOGGING__JSON", "true");
        var starting = deployment.StartAllAsync("mixer-a");
        var sessions = new[] { await Sessions.UploadAsync(deployment, Sessions.TwoPeople(760, 4)), await Sessions.UploadAsync(deployment, Sessions.TwoPeople(761, 4)) };
        await starting;

        var ids = new List<string>();
        foreach (var session in sessions) ids.Add((await deployment.EnqueueAsync(session)).JobId);
        await deployment.WaitForCompletionAsync(ids, TimeSpan.FromSeconds(120));

        var traces = new List<string>();
        foreach (var id in ids)
        {
            var clock = Stopwatch.StartNew();
            string? trace = null;
            while (clock.Elapsed < TimeSpan.FromSeconds(30))
            {
                trace = collector.Spans.FirstOrDefault(s => s.Name == "queue claim" && s.Attributes.GetValueOrDefault("mergebus.job_id") == id)?.TraceId;
                if (trace is not null && FourServices.All(service => collector.Spans.Any(s => s.TraceId == trace && s.Service == service))) break;
                await Task.Delay(200);
            }
            Assert.NotNull(trace);
            var inTrace = collector.Spans.Where(s => s.TraceId == trace).ToList();
            Assert.Equal(FourServices.Order(), inTrace.Select(s => s.Service).Distinct().Order());
            // The claim is the root: no span of the job's trace lacks a parent but it.
            Assert.Equal(["queue claim"], inTrace.Where(s => s.ParentSpanId.Length == 0).Select(s => s.Name));
            traces.Add(trace!);
            output.WriteLine($"job {id}: trace {trace}, {inTrace.Count} spans: " +
                string.Join(", ", inTrace.GroupBy(s => s.Service).Select(g => $"{g.Key} {g.Count()}")));
        }
        Assert.Equal(2, traces.Distinct().Count());

        // JSON logs: every line parses, and every line about a job carries its id in scope.
        foreach (var service in deployment.Services)
        {
            var entries = service.Lines.Where(l => l.StartsWith('{')).Select(l => JsonNode.Parse(l)!.AsObject()).ToList();
            Assert.NotEmpty(entries);
            foreach (var id in ids)
            {
                var aboutJob = entries.Where(e => ((string?)e["Message"] ?? "").Contains(id)).ToList();
                Assert.All(aboutJob, e => Assert.Contains(e["Scopes"]!.AsArray(), s => (string?)s?["JobId"] == id));
            }
        }
        var fetcherLines = deployment.Services.Single(s => s.Name == "fetcher").Lines.Where(l => l.Contains(ids[0])).ToList();
        Assert.NotEmpty(fetcherLines);
        output.WriteLine(fetcherLines[0]);
    }
}
