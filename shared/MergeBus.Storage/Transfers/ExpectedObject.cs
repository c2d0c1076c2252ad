namespace MergeBus.Storage.Transfers;

/// <summary>The manifest's promise about one stored input: its key, size and sha256 of the stored bytes.</summary>
public sealed record ExpectedObject(string Key, long Size, string Sha256);
