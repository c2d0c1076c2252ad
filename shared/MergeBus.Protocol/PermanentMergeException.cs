namespace MergeBus.Protocol;

/// <summary>
/// Bad input: retrying cannot help. The message is one line, safe for logs, status keys and manifests.
/// </summary>
public class PermanentMergeException(string reason, Exception? inner = null) : Exception(reason, inner);
