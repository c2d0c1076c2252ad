namespace MergeBus.Protocol.Manifests;

/// <summary>
/// Where a person's stem goes: beside the mix, as <c>{mix name}_{sanitized identity}{extension}</c>. People whose
/// identities sanitize alike are numbered (_2, _3, …) in the order given (channel order), so a rerun names them alike.
/// </summary>
public static class StemNaming
{
    /// <summary>Used when an identity keeps no character at all (spec §2 would say "room").</summary>
    public const string Fallback = "person";

    /// <summary>The stem key of each person for one format, by person (<see cref="PersonKeys"/>), from the mix's key.</summary>
    public static IReadOnlyDictionary<string, string> KeysFor(string mixKey, IEnumerable<string> people)
    {
        var directory = KeyPaths.DirectoryOf(mixKey);
        var fileName = mixKey[(mixKey.LastIndexOf('/') + 1)..];
        var dot = fileName.LastIndexOf('.');
        var (mixName, extension) = dot > 0 ? (fileName[..dot], fileName[dot..]) : (fileName, "");
        var taken = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var keys = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var person in people.Distinct(StringComparer.Ordinal))
        {
            var name = NameOf(person);
            var candidate = name;
            // Case is ignored: some stores and disks do, and two stems must never land on one object.
            for (var n = 2; !taken.Add(candidate); n++) candidate = $"{name}_{n}";
            keys[person] = KeyPaths.Combine(directory, $"{mixName}_{candidate}{extension}");
        }

        return keys;
    }

    private static string NameOf(string identity)
    {
        var name = NameSanitizer.Sanitize(identity);
        return name == NameSanitizer.Fallback && !identity.Contains(NameSanitizer.Fallback, StringComparison.Ordinal) ? Fallback : name;
    }
}
