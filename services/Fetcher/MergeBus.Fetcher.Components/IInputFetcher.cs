using MergeBus.Contracts;

namespace MergeBus.Fetcher.Components;

public interface IInputFetcher
{
    /// <summary>Verifies every input and works out the mix plan.</summary>
    /// <exception cref="MergeBus.Protocol.PermanentMergeException">The inputs are bad; retrying cannot help.</exception>
    Task<FetchedInputs> FetchAsync(FetchInputs command, CancellationToken cancellationToken);
}
