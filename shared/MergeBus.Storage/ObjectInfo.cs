namespace MergeBus.Storage;

/// <summary>One stored object as a listing or a stat sees it.</summary>
public sealed record ObjectInfo(string Key, long Size, DateTimeOffset LastModified);
