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
};
return await root.Parse(args).InvokeAsync();
