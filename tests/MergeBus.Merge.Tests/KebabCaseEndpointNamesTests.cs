using MassTransit;
using MergeBus.ServiceDefaults.Messaging;

namespace MergeBus.Merge.Tests;

/// <summary>Our regex-free endpoint names (issue 22: start-up) must be MassTransit's kebab-case names, queue for queue.</summary>
public class KebabCaseEndpointNamesTests
{
    private static readonly IEndpointNameFormatter MassTransits = KebabCaseEndpointNameFormatter.Instance;

    public static TheoryData<string> Names() =>
    [
        "SubmitOrder", "MergeJobState", "mix-tracks", "fetch_inputs", "HTTPServer", "Job2Done", "job2Done", "a1B2c3D",
        "ÄrgerMitUmlauten", "already-kebab-case", "Mixed_Snake_Case", "X", "", "ABC", "aBC", "9Lives", "trailingA",
        "with space Here", "dots.In.Names", "MERGE_TMP", "camelCaseWithIDs",
    ];

    [Theory]
    [MemberData(nameof(Names))]
    public void A_name_is_sanitized_exactly_as_by_MassTransits_kebab_case_formatter(string name)
    {
        Assert.Equal(MassTransits.SanitizeName(name), KebabCaseEndpointNames.Instance.SanitizeName(name));
    }

    [Fact]
    public void Every_consumer_and_saga_of_the_services_gets_the_queue_name_it_had()
    {
        var types = new[]
            {
                typeof(MergeBus.Fetcher.Components.Consumers.FetchInputsConsumer).Assembly,
                typeof(MergeBus.Mixer.Components.Consumers.MixTracksConsumer).Assembly,
                typeof(MergeBus.Publisher.Components.Consumers.PublishMixConsumer).Assembly,
                typeof(MergeBus.Ingest.Components.StateMachines.MergeJobStateMachine).Assembly,
            }
            .SelectMany(assembly => assembly.GetTypes())
            .Where(type => type is { IsClass: true, IsAbstract: false } && (typeof(IConsumer).IsAssignableFrom(type) || typeof(ISaga).IsAssignableFrom(type)))
            .ToList();

        Assert.NotEmpty(types);
        foreach (var type in types)
        {
            Assert.Equal(NameOf(MassTransits, type), NameOf(KebabCaseEndpointNames.Instance, type));
        }
    }

    [Fact]
    public void Words_are_joined_as_by_MassTransits_kebab_case_formatter()
    {
        // Protected in MassTransit: read as its names would use it (namespaces, activity suffixes).
        var joinSeparator = typeof(DefaultEndpointNameFormatter).GetProperty("JoinSeparator",
            System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.NonPublic)!;

        Assert.Equal(joinSeparator.GetValue(MassTransits), joinSeparator.GetValue(KebabCaseEndpointNames.Instance));
    }

    private static string NameOf(IEndpointNameFormatter formatter, Type type) =>
        (string)typeof(IEndpointNameFormatter).GetMethod(typeof(ISaga).IsAssignableFrom(type) ? nameof(IEndpointNameFormatter.Saga) : nameof(IEndpointNameFormatter.Consumer))!
            .MakeGenericMethod(type).Invoke(formatter, null)!;
}
