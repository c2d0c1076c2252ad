namespace MergeBus.Mixer.Components.Mixing;

/// <summary>
/// Identity is the unit: inputs with one <see cref="MixInput.PersonKey"/> are one person (a rejoin, a second
/// track), who gets one channel, one gain, one speech.json entry and one stem. People are in the order of their
/// first input, which is the mix's channel order.
/// </summary>
internal sealed class MixPeople
{
    private MixPeople(IReadOnlyList<string> keys, int[] personOf)
    {
        Keys = keys;
        PersonOf = personOf;
        InputsOf = [.. Enumerable.Range(0, keys.Count).Select(p => (IReadOnlyList<int>)[.. Enumerable.Range(0, personOf.Length).Where(i => personOf[i] == p)])];
    }

    /// <summary>Each person's key, in channel order.</summary>
    public IReadOnlyList<string> Keys { get; }

    /// <summary>Per input: its person's index.</summary>
    public IReadOnlyList<int> PersonOf { get; }

    /// <summary>Per person: their inputs' indexes, in input order.</summary>
    public IReadOnlyList<IReadOnlyList<int>> InputsOf { get; }

    public int Count => Keys.Count;

    public static MixPeople Of(IReadOnlyList<MixInput> inputs)
    {
        var keys = new List<string>();
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        var personOf = new int[inputs.Count];
        for (var i = 0; i < inputs.Count; i++)
        {
            var key = inputs[i].PersonKey;
            if (!index.TryGetValue(key, out var person))
            {
                person = keys.Count;
                index[key] = person;
                keys.Add(key);
            }

            personOf[i] = person;
        }

        return new MixPeople(keys, personOf);
    }

    /// <summary>The person's participant ids, each once, in input order.</summary>
    public IReadOnlyList<string> ParticipantIdsOf(int person, IReadOnlyList<MixInput> inputs) =>
        [.. InputsOf[person].Select(i => inputs[i].ParticipantId).Distinct(StringComparer.Ordinal)];
}
