using MergeBus.Contracts;

namespace MergeBus.Cli.Output;

/// <summary>
/// A one-line bar on a terminal, plain lines otherwise (logs, CI). Written to stderr so stdout stays parseable.
/// </summary>
public sealed class ProgressDisplay(bool quiet)
{
    private readonly bool interactive = !Console.IsErrorRedirected;
    private readonly object gate = new();
    private int lastPercentPrinted = -1;
    private bool barDrawn;
    private readonly Dictionary<string, int> triesByStep = [];

    public void OnStep(MergeJobStepStarted step)
    {
        if (quiet) return;
        lock (gate)
        {
            EndBar();
            // The saga numbers tries across steps; people care how often this step was tried.
            var tries = triesByStep[step.Step] = triesByStep.GetValueOrDefault(step.Step) + 1;
            var attempt = tries > 1 ? $" (try {tries})" : "";
            Console.Error.WriteLine(step.Step switch
            {
                "fetch" => "fetching and verifying inputs",
                "mix" => "mixing",
                "publish" => "publishing the mix and updating the manifest",
                _ => step.Step,
            } + attempt);
        }
    }

    public void OnProgress(MixProgressed progress)
    {
        if (quiet) return;
        var percent = (int)Math.Round(progress.Fraction * 100);
        lock (gate)
        {
            if (interactive)
            {
                const int width = 30;
                var filled = percent * width / 100;
                Console.Error.Write($"\r  [{new string('#', filled)}{new string('.', width - filled)}] {percent,3}%  " +
                    $"{progress.ProcessedMs / 1000.0,7:F1} / {progress.TotalMs / 1000.0:F1} s");
                barDrawn = true;
            }
            else if (percent / 10 > lastPercentPrinted / 10 || (percent == 100 && lastPercentPrinted != 100))
            {
                Console.Error.WriteLine($"  mixed {percent}% ({progress.ProcessedMs / 1000.0:F1} of {progress.TotalMs / 1000.0:F1} s)");
                lastPercentPrinted = percent;
            }
        }
    }

    public void Finish()
    {
        lock (gate) EndBar();
    }

    private void EndBar()
    {
        if (!barDrawn) return;
        Console.Error.WriteLine();
        barDrawn = false;
    }
}
