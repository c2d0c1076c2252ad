using System.Collections.Concurrent;
using System.Reflection;
using MassTransit;

namespace MergeBus.ServiceDefaults.Telemetry;

/// <summary>Finds a message's job id: its own JobId property, or that of the message a Fault wraps.</summary>
internal static class JobIdReader
{
    private static readonly ConcurrentDictionary<Type, Func<object, string?>> Readers = new();

    public static Func<T, string?> For<T>() where T : class
    {
        var reader = Readers.GetOrAdd(typeof(T), Build);
        return message => reader(message);
    }

    private static Func<object, string?> Build(Type type)
    {
        if (type.GetProperty("JobId", BindingFlags.Public | BindingFlags.Instance) is { PropertyType: var t } property && t == typeof(string))
            return message => property.GetValue(message) as string;
        if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(Fault<>))
        {
            var inner = Readers.GetOrAdd(type.GetGenericArguments()[0], Build);
            var messageProperty = type.GetProperty(nameof(Fault<object>.Message))!;
            return fault => messageProperty.GetValue(fault) is { } wrapped ? inner(wrapped) : null;
        }
        return _ => null;
    }
}
