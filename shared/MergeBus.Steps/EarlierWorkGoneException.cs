using MergeBus.Protocol;

namespace MergeBus.Steps;

/// <summary>
/// The step needs what an earlier step left (the staged mix) and it is gone, for instance removed by the staging
/// retention before a retry: the saga starts the job again from fetch instead of failing it.
/// </summary>
public sealed class EarlierWorkGoneException(string reason) : PermanentMergeException(reason);
