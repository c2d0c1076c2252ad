namespace MergeBus.Protocol.Manifests;

/// <summary>
/// Identity is the unit: every manifest entry (one recorded track, a fragment of a person) with the same
/// <c>participant_identity</c> is one person. An entry without an identity is a person of its own, keyed by its
/// <c>participant_id</c>.
/// </summary>
public static class PersonKeys
{
    public static string Of(string? identity, string participantId) =>
        string.IsNullOrEmpty(identity) ? participantId : identity;
}
