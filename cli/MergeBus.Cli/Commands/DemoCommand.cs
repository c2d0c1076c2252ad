using System.CommandLine;

namespace MergeBus.Cli.Commands;

public static class DemoCommand
{
    public static Command Create()
    {
        var command = new Command("demo", "Generate a realistic session, merge it, and check the mix");
        command.SetAction((_, _) => Task.FromResult(0));
        return command;
    }
}
