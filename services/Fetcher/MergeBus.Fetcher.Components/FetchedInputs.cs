using MergeBus.Contracts;

namespace MergeBus.Fetcher.Components;

public sealed record FetchedInputs(MixPlan Plan, TransferCounts Transfer);
