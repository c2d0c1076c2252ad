using MergeBus.Distributed.Tests.Support;
using MergeBus.Downstream.Tests.Support;
using MergeBus.LoopbackServers;
using Xunit.Abstractions;

namespace MergeBus.Downstream.Tests;

[Collection(ClusterCollection.Name)]
public sealed class MetricsTests(Cluster cluster, ITestOutputHelper output)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(150);

    [Fact]
    public async Task Every_service_serves_prometheus_text_whose_counters_and_histograms_move_by_what_three_jobs_did()
    {
        await using var deployment = await cluster.NewDeploymentAsync("metrics");
        var services = await Task.WhenAll(
            deployment.StartAsync("Ingest", "ingest"), deployment.StartAsync("Fetcher", "fetcher"),
            deployment.StartAsync("Mixer", "mixer-a"), deployment.StartAsync("Publisher", "publisher"));
        var (ingest, fetcher, mixer, publisher) = (services[0], services[1], services[2], services[3]);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        async Task<IReadOnlyList<PrometheusSample>> Scrape(ServiceProcess service)
        {
            using var response = await http.GetAsync(service.Url + "/metrics");
            response.EnsureSuccessStatusCode();
            Assert.StartsWith("text/plain", response.Content.Headers.ContentType?.MediaType);
            return PrometheusText.Parse(await response.Content.ReadAsStringAsync());
        }
        var before = await Task.WhenAll(services.Select(Scrape));

        var sessions = new List<UploadedSession>();
        foreach (var seed in Enumerable.Range(720, 3)) sessions.Add(await Sessions.UploadAsync(deployment, Sessions.TwoPeople(seed, 5)));
        var ids = new List<string>();
        foreach (var session in sessions) ids.Add((await deployment.EnqueueAsync(session)).JobId);
        // Scrape while the jobs run: every answer must parse.
        var waiting = deployment.WaitForCompletionAsync(ids, Patience);
        var scrapesWhileRunning = 0;
        while (!waiting.IsCompleted)
        {
            await Task.WhenAll(services.Select(Scrape));
            scrapesWhileRunning++;
            await Task.Delay(200);
        }
        await waiting;
        await Task.Delay(TimeSpan.FromSeconds(3)); // queue gauges refresh every 2 s
        var after = await Task.WhenAll(services.Select(Scrape));
        double Delta(int service, string name, params (string, string)[] labels) =>
            after[service].Sum(name, labels) - before[service].Sum(name, labels);

        Assert.Equal(3, Delta(0, "mergebus_jobs_started_total"));
        Assert.Equal(3, Delta(0, "mergebus_jobs_completed_total"));
        Assert.Equal(0, Delta(0, "mergebus_jobs_dead_lettered_total"));
        var sagas = await Task.WhenAll(ids.Select(id => SagaDocuments.ReadAsync(deployment, id)));
        foreach (var step in new[] { "fetch", "mix", "publish" })
        {
            Assert.Equal(3, Delta(0, "mergebus_step_duration_seconds_count", ("step", step)));
            var recorded = sagas.Sum(s => (long)s!["StepDurationsMs"]![step]!) / 1000.0;
            Assert.Equal(recorded, Delta(0, "mergebus_step_duration_seconds_sum", ("step", step)), 3);
        }
        Assert.Equal(3, Delta(2, "mergebus_mixer_realtime_factor_count"));
        // Seconds of mix per second of work: positive; how large depends on the machine's load.
        Assert.True(Delta(2, "mergebus_mixer_realtime_factor_sum") > 0);
        var downloaded = sagas.Sum(s => (long)s!["Transfer"]!["BytesDownloaded"]!);
        var uploaded = sagas.Sum(s => (long)s!["Transfer"]!["BytesUploaded"]!);
        Assert.True(downloaded > 0 && uploaded > 0);
        Assert.Equal(downloaded, Enumerable.Range(1, 3).Sum(i => Delta(i, "mergebus_storage_downloaded_bytes_total")));
        Assert.Equal(uploaded, Enumerable.Range(1, 3).Sum(i => Delta(i, "mergebus_storage_uploaded_bytes_total")));
        Assert.Equal(0, after[0].Sum("mergebus_queue_depth", ("state", "pending")));
        Assert.Equal(0, after[0].Sum("mergebus_queue_depth", ("state", "processing")));
        Assert.Equal(0, after[0].Sum("mergebus_mixer_backlog"));
        Assert.Contains(after[0], s => s.Name == "mergebus_queue_depth" && s.Labels["state"] == "dead");

        output.WriteLine($"{scrapesWhileRunning} scrapes of 4 services while 3 jobs ran; all parsed");
        foreach (var (service, samples) in new[] { ("ingest", after[0]), ("mixer", after[2]), ("fetcher", after[1]) })
            foreach (var sample in samples.Where(s => s.Name.StartsWith("mergebus_")))
                output.WriteLine($"{service}: {sample.Name}{{{string.Join(",", sample.Labels.Where(l => !l.Key.StartsWith("otel_")).Select(l => $"{l.Key}=\"{l.Value}\""))}}} {sample.Value}");
    }
}
