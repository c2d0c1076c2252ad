using System.Globalization;
using System.Reflection;

namespace MergeBus.Redis.Saga;

/// <summary>Finds the property MassTransit's state machine writes the current state into.</summary>
internal static class SagaStateProperty<TSaga>
{
    private static readonly PropertyInfo? Property =
        Find("CurrentState") ?? Find("State");

    public static string? Default(TSaga saga) =>
        Property?.GetValue(saga) switch
        {
            null => null,
            string name => name,
            int number => number.ToString(CultureInfo.InvariantCulture),
            var other => other.ToString(),
        };

    private static PropertyInfo? Find(string name)
    {
        var property = typeof(TSaga).GetProperty(name, BindingFlags.Public | BindingFlags.Instance);
        return property is not null && (property.PropertyType == typeof(string) || property.PropertyType == typeof(int))
            ? property
            : null;
    }
}
