using MergeBus.Protocol.Jobs;
using MergeBus.Steps;
using Microsoft.Extensions.Logging;

namespace MergeBus.Fetcher.Components;

/// <summary>Removes fetch work folders under MERGE_TMP_DIR that no live fetch owns (a Fetcher killed mid-fetch left them).</summary>
public sealed class FetchWorkFolderJanitor(WorkerSettings worker, ILogger<FetchWorkFolderJanitor> logger)
    : WorkFolderSweeper(worker, MergeSteps.Fetch, logger);
