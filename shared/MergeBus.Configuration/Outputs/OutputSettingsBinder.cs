namespace MergeBus.Configuration.Outputs;

/// <summary>mergebus.outputs (stems, sample_rate).</summary>
public static class OutputSettingsBinder
{
    public const string StemsKey = "mergebus.outputs.stems";
    public const string SampleRateKey = "mergebus.outputs.sample_rate";

    /// <summary>The rates a mix is written at (the manifest's sample_rate takes the same ones).</summary>
    public static readonly IReadOnlyList<int> SampleRates = [8000, 16000, 24000, 32000, 44100, 48000];

    public static ConfigurationKeys Keys { get; } = new(StemsKey, SampleRateKey);

    public static OutputSettings Bind(ConfigurationValues values)
    {
        int? rate = values.Get(SampleRateKey) is null ? null : values.Int(SampleRateKey, 48000, min: 1);
        if (rate is { } r && !SampleRates.Contains(r))
            throw new ConfigurationException(SampleRateKey, $"must be one of {string.Join(", ", SampleRates)}");
        return new OutputSettings { Stems = values.Bool(StemsKey, false), SampleRate = rate };
    }
}
