using System.Runtime.CompilerServices;
using MergeBus.Configuration.Ingest;
using JasperFx;
using JasperFx.Events;
using JasperFx.Events.Projections;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace MergeBus.Ingest.Components.History;

/// <summary>
/// The job history on Marten. Kept out of <see cref="HistoryExtensions.AddJobHistory"/>: a ReadyToRun method
/// resolves every type it names before it runs, so naming Marten's options there loaded Marten, JasperFx and
/// Weasel on every start, history on or off (issue 22: Ingest's start-up).
/// </summary>
internal static class MartenJobHistoryRegistration
{
    private static readonly Type[] EventTypes =
    [
        typeof(JobSubmitted), typeof(StepStarted), typeof(StepSucceeded), typeof(StepFailed), typeof(InputsRead),
        typeof(MixMade), typeof(JobCompleted), typeof(JobDeadLettered), typeof(RetryRequested),
    ];

    // Not inlined into its caller, or the caller would name Marten's types again.
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void Add(IServiceCollection services, HistorySettings settings)
    {
        services.AddMarten(options =>
        {
            options.Connection(settings.ConnectionString);
            options.DatabaseSchemaName = settings.Schema;
            options.AutoCreateSchemaObjects = AutoCreate.CreateOrUpdate;
            options.DisableNpgsqlLogging = true;
            options.Events.StreamIdentity = StreamIdentity.AsString;
            options.Events.AddEventTypes(EventTypes);
            options.Projections.Snapshot<JobSummary>(SnapshotLifecycle.Inline);
            options.Schema.For<JobSummary>().Index(j => j.SortKey).Index(j => j.Room).Index(j => j.SessionId).Index(j => j.State);
            options.Schema.For<RecordedMessage>();
        });
        services.TryAddSingleton<IJobHistoryRecorder, MartenJobHistoryRecorder>();
        services.TryAddSingleton<IJobHistoryReader, MartenJobHistoryReader>();
        services.TryAddSingleton<JobHistorySweeper>();
        services.AddHostedService(sp => sp.GetRequiredService<JobHistorySweeper>());
    }
}
