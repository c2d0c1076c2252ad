using MergeBus.Protocol.Jobs;
using MergeBus.Steps;
using Microsoft.Extensions.Logging;

namespace MergeBus.Mixer.Components;

/// <summary>Removes mix work folders under MERGE_TMP_DIR that no live mix owns (a Mixer killed mid-mix left them).</summary>
public sealed class MixWorkFolderJanitor(WorkerSettings worker, ILogger<MixWorkFolderJanitor> logger)
    : WorkFolderSweeper(worker, MergeSteps.Mix, logger);
