namespace MergeBus.Storage;

/// <summary>The content type an object is stored with, so browsers and consoles show manifests and mixes sensibly.</summary>
internal static class ContentTypes
{
    public static string Of(string key) => Path.GetExtension(key).ToLowerInvariant() switch
    {
        ".json" => "application/json",
        ".ogg" => "audio/ogg",
        ".wav" => "audio/wav",
        ".svg" => "image/svg+xml",
        _ => "application/octet-stream",
    };
}
