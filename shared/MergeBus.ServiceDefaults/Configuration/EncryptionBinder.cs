using MergeBus.Configuration;
using MergeBus.Protocol.Lkae;

namespace MergeBus.ServiceDefaults.Configuration;

/// <summary>audio_recording_encryption of the egress config (spec §5): the mode and the worker's own master key.</summary>
public static class EncryptionBinder
{
    public static ConfigurationKeys Keys { get; } = new("audio_recording_encryption.mode", "audio_recording_encryption.master_key");

    public static (string Mode, byte[]? MasterKey) Bind(ConfigurationValues values)
    {
        var mode = values.Get("audio_recording_encryption.mode") ?? "none";
        var keyText = values.Get("audio_recording_encryption.master_key");
        if (mode is not ("none" or "aes_256" or "s3_sse" or "s3_kms" or "gcs_cmek"))
            throw new ConfigurationException("audio_recording_encryption.mode", "must be none, aes_256, s3_sse, s3_kms or gcs_cmek");
        if (mode == "aes_256" && keyText is null)
            throw new ConfigurationException("audio_recording_encryption.master_key", "is required when the mode is aes_256");
        if (keyText is null) return (mode, null);
        try
        {
            return (mode, MasterKey.Parse(keyText));
        }
        catch (Exception e) when (e is FormatException or ArgumentException or MergeBus.Protocol.PermanentMergeException)
        {
            throw new ConfigurationException("audio_recording_encryption.master_key", "must be the base64 of 32 bytes");
        }
    }
}
