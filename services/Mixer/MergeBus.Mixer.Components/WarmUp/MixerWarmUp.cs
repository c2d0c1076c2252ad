using System.Diagnostics;
using MassTransit;
using MergeBus.Contracts;
using MergeBus.Configuration.Outputs;
using MergeBus.Mixer.Components.Mixing;
using MergeBus.Protocol.Jobs;
using MergeBus.Protocol.Manifests;
using MergeBus.Storage;
using MergeBus.Storage.Transfers;
using MergeBus.Storage.WorkFolders;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace MergeBus.Mixer.Components.WarmUp;

/// <summary>
/// A fresh Mixer's first job used to cost ≈ 8 × its tenth: ReadyToRun cannot pregenerate the generic instantiations
/// the mix path runs (async state machines over our types, JSON contracts), so the first job JIT-compiled ≈ 1,100
/// methods. Once the host has started (ready, the bus consuming), on a thread of its own, this mixes a one-second two-person session
/// through the real <see cref="TrackMixer"/>: verified download, libopus decode, placement, limiter, encode, stage.
/// The mix lives in a private work folder of the Mixer's own (a private local store) and is removed after. Beyond it,
/// only reads and in-process work: the real store is asked for a key no job can name (<see cref="StoreWarmUp"/>), its
/// upload is rehearsed with no request sent (<see cref="IStorageWriteRehearsal"/>), the bus's serializer and publish
/// endpoints are exercised without a message sent, and MassTransit's consume pipe runs in a private mediator
/// (<see cref="ConsumePipeWarmUp"/>). No real object, queue, key or status
/// key is written; storage bytes are not counted. Each failure is one log line: jobs run as they would have, only colder.
/// </summary>
public sealed class MixerWarmUp(IRoomMixBuilder builder, WorkerSettings worker, MergeLimits limits, ILogger<MixerWarmUp> logger,
    OutputSettings? outputs = null, IBusControl? bus = null, MergeStores? stores = null, MixerWarmUpGate? gate = null) : IHostedLifecycleService
{
    // Stopped by the host's stop or by the first real job (MixerWarmUpGate), whichever comes first.
    private readonly CancellationTokenSource stopping = CancellationTokenSource.CreateLinkedTokenSource(gate?.JobArrived ?? CancellationToken.None);
    private Task running = Task.CompletedTask;

    /// <summary>Done once the warm-up finished, failed or was stopped; never faults.</summary>
    public Task Completion => running;

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>
    /// After every hosted service (the bus, Kestrel) has started: on 2 cores, a warm-up beside the host's start would
    /// take its ≈ 0.5 CPU s from it, and readiness must not wait for speed. A first job that arrives meanwhile runs
    /// beside it until it starts: then the warm-up gives way (<see cref="MixerWarmUpGate"/>).
    /// </summary>
    public Task StartedAsync(CancellationToken cancellationToken)
    {
        running = Task.Run(() => RunAsync(stopping.Token), CancellationToken.None);
        return Task.CompletedTask;
    }

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await stopping.CancelAsync();
        await running.WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    private static readonly TimeSpan BusPatience = TimeSpan.FromSeconds(30);

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        try
        {
            // The bus's health is the last of readiness to turn: the first job arriving, and the readiness probe's
            // first 200, come before the warm-up's CPU (begun at the host's started, one run showed ready 0.4 s later).
            if (bus is not null) await MergeBus.Steps.BusHealthy.WaitAsync(bus, cancellationToken, BusPatience);
        }
        catch (Exception)
        {
            // Warmed up all the same: only the order is lost.
        }

        var clock = Stopwatch.StartNew();
        using var uncounted = StorageMetrics.Uncounted();
        // First what a job does first: its download from the real store.
        await WarmStoreAsync(clock, cancellationToken);
        try
        {
            // Under the mix work root: a warm-up killed half-way leaves a folder the Mixer's janitor removes.
            using var folder = WorkFolder.Create(TrackMixer.MixWorkRoot(worker), "warm-up-");
            var store = new LocalObjectStorage(Path.Combine(folder.Path, "store"));
            var command = await WarmUpSession.CreateAsync(store, worker.DefaultLayout, worker.Loudness, outputs?.Stems == true, cancellationToken);
            // The session is plain: no key is asked for, and the real vault (Redis) is never touched.
            var mixer = new TrackMixer(new MergeStores(store, store), NoKeys.Instance, builder, worker with { TempDirectory = folder.Path }, limits,
                NullLogger<TrackMixer>.Instance);
            var mixed = await mixer.MixAsync(command, progress: null, cancellationToken);
            // Then what a job does last with the store: its staged upload, rehearsed offline.
            await RehearseStagingAsync(folder.Path, clock, cancellationToken);
            // The bus's own envelope serializer, in process: the command as it arrives, its progress and outcome as
            // they leave. No message is sent.
            MessageWarmUp.RoundTrip(command);
            MessageWarmUp.RoundTrip(new MixProgressed { JobId = command.JobId, Attempt = command.Attempt, Try = command.Try, Fraction = 1 });
            MessageWarmUp.RoundTrip(mixed);
            // MassTransit's consume pipe, in a private mediator: nothing reaches the broker.
            await WarmConsumePipeAsync(command, clock, cancellationToken);
            if (bus is not null)
            {
                // The publish endpoints a job's outcome leaves by, built before it needs them; nothing is sent on them.
                await bus.GetPublishSendEndpoint<MixProgressed>();
                await bus.GetPublishSendEndpoint<TracksMixed>();
            }
            logger.LogInformation("Mixer warmed up in {Ms:F0} ms ({Seconds:F1} s of a synthetic session mixed in a private folder)",
                clock.Elapsed.TotalMilliseconds, mixed.DurationMs / 1000.0);
        }
        catch (Exception) when (cancellationToken.IsCancellationRequested)
        {
            // Stopped (whatever a cancelled mix threw): not a failure.
            if (gate?.JobArrived.IsCancellationRequested == true)
                logger.LogInformation("Mixer warm-up gave way to the first job after {Ms:F0} ms", clock.Elapsed.TotalMilliseconds);
        }
        catch (Exception failed)
        {
            // Only speed is lost: the first job JIT-compiles what the warm-up would have.
            logger.LogWarning("Mixer warm-up failed after {Ms:F0} ms, jobs are not affected: {Reason}", clock.Elapsed.TotalMilliseconds, failed.Message);
        }
    }

    private async Task WarmConsumePipeAsync(MixTracks command, Stopwatch clock, CancellationToken cancellationToken)
    {
        try
        {
            await ConsumePipeWarmUp.RunAsync(command, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception failed)
        {
            logger.LogWarning("Mixer warm-up of the consume pipe failed after {Ms:F0} ms, jobs are not affected: {Reason}",
                clock.Elapsed.TotalMilliseconds, failed.Message);
        }
    }

    private async Task RehearseStagingAsync(string folder, Stopwatch clock, CancellationToken cancellationToken)
    {
        if (stores is null) return;
        try
        {
            var file = Path.Combine(folder, "rehearsal.bin");
            await File.WriteAllBytesAsync(file, new byte[64 * 1024], cancellationToken);
            await StoreWarmUp.RehearseWriteAsync(stores.Staging, StoreWarmUp.MissingKey(), file, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception failed)
        {
            logger.LogWarning("Mixer warm-up of the store's write path failed after {Ms:F0} ms, jobs are not affected: {Reason}",
                clock.Elapsed.TotalMilliseconds, failed.Message);
        }
    }

    private async Task WarmStoreAsync(Stopwatch clock, CancellationToken cancellationToken)
    {
        if (stores is null) return;
        try
        {
            await StoreWarmUp.ReadAsync(stores.Recordings, StoreWarmUp.MissingKey(), cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        catch (Exception failed)
        {
            // The store may not answer yet (readiness says so); the mix's warm-up goes on without it.
            logger.LogWarning("Mixer warm-up of the store's read path failed after {Ms:F0} ms, jobs are not affected: {Reason}",
                clock.Elapsed.TotalMilliseconds, failed.Message);
        }
    }
}
