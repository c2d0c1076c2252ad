using System.Text.RegularExpressions;

namespace MergeBus.Configuration;

/// <summary>
/// The keys one section reads: exact names, plus a pattern for the entries of a list of mappings
/// (<c>mergebus.webhooks.0.url</c>). The settings loader refuses a <c>mergebus.*</c> key no section claims.
/// </summary>
public sealed class ConfigurationKeys(IEnumerable<string> names, Regex? entries = null)
{
    private readonly HashSet<string> names = new(names, StringComparer.OrdinalIgnoreCase);

    public ConfigurationKeys(params string[] names) : this((IEnumerable<string>)names) { }

    public IReadOnlyCollection<string> Names => names;

    public bool Contains(string key) => names.Contains(key) || entries?.IsMatch(key) == true;
}
