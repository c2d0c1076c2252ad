using System.CommandLine;

namespace MergeBus.Cli.Commands;

/// <summary>`mergebus livekit …`: working with stock LiveKit's own recordings.</summary>
public static class LiveKitCommand
{
    public const string Name = "livekit";

    public static Command Create()
    {
        var command = new Command(Name, "Stock LiveKit track egress recordings");
        command.Subcommands.Add(LiveKitManifestCommand.Create());
        return command;
    }
}
