using System.CommandLine;
using MergeBus.Cli.Commands;

var root = new RootCommand("MergeBus: turns a LiveKit egress session into one synchronized room mix")
{
    MergeCommand.Create(),
    DemoCommand.Create(),
    RunCommand.Create(),
    JobsCommand.Create(),
    JobsCommand.CreateQueue(),
    BenchCommand.Create(),
    SeedCommand.Create(),
    LiveKitCommand.Create(),
};
var parsed = root.Parse(args);
if (parsed.Errors.Count > 0)
{
    // A command line that cannot run exits 2 with the reason and the usage, before anything is read or written.
    foreach (var error in parsed.Errors) Console.Error.WriteLine($"mergebus: {error.Message}");
    var path = string.Join(' ', parsed.CommandResult.Command.Parents.OfType<Command>().Reverse().Skip(1)
        .Select(c => c.Name).Append(parsed.CommandResult.Command.Name).Where(n => n != root.Name));
    Console.Error.WriteLine(parsed.CommandResult.Command.Name == MergeCommand.Name
        ? MergeCommand.Usage
        : $"usage: mergebus {path} [options] (see mergebus {path} --help)".Replace("  ", " "));
    return MergeCommand.UsageErrorExitCode;
}
return await parsed.InvokeAsync();
