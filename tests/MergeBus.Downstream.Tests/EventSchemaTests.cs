using System.Text.Json.Nodes;
using MergeBus.Downstream.Tests.Support;

namespace MergeBus.Downstream.Tests;

public sealed class EventSchemaTests
{
    public static TheoryData<string> Events() => [.. EventSchemas.PublicEvents.Select(t => t.Name)];

    [Theory]
    [MemberData(nameof(Events))]
    public void Every_field_of_the_committed_schema_is_still_published_with_the_same_type(string name)
    {
        var type = EventSchemas.PublicEvents.Single(t => t.Name == name);
        if (Environment.GetEnvironmentVariable(EventSchemas.WriteVariable) == "1") EventSchemas.Write(type);
        Assert.True(File.Exists(EventSchemas.PathOf(type)),
            $"no committed schema for {name}: run the tests once with {EventSchemas.WriteVariable}=1 and commit docs/events/schemas");

        var breaks = EventSchemas.Breaks(EventSchemas.ReadCommitted(type), EventSchemas.Generate(type));

        Assert.True(breaks.Count == 0, $"{name} broke its published contract:\n{string.Join("\n", breaks)}");
    }

    [Fact]
    public void A_removed_or_retyped_field_is_caught()
    {
        var committed = EventSchemas.ReadCommitted(typeof(MergeBus.Contracts.MergeJobCompleted));
        var current = JsonNode.Parse(committed.ToJsonString())!.AsObject();
        var properties = current["properties"]!.AsObject();
        properties.Remove("roomName");
        properties["attempts"] = new JsonObject { ["type"] = "string" };

        var breaks = EventSchemas.Breaks(committed, current);

        Assert.Contains(breaks, b => b.Contains("roomName: removed"));
        Assert.Contains(breaks, b => b.Contains("attempts: type was"));
    }

    [Fact]
    public void An_added_field_is_not_a_break()
    {
        var committed = EventSchemas.ReadCommitted(typeof(MergeBus.Contracts.MergeJobCompleted));
        var current = JsonNode.Parse(committed.ToJsonString())!.AsObject();
        current["properties"]!.AsObject()["somethingNew"] = new JsonObject { ["type"] = "string" };

        Assert.Empty(EventSchemas.Breaks(committed, current));
    }
}
