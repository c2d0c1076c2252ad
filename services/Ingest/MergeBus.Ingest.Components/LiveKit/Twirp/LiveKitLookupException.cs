namespace MergeBus.Ingest.Components.LiveKit.Twirp;

/// <summary>ListEgress failed: no URL, no key, a network error or an error answer. The message is one line, without secrets.</summary>
public sealed class LiveKitLookupException(string message) : Exception(message);
