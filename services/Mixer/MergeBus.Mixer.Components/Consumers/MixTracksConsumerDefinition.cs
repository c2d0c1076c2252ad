using MergeBus.Protocol.Jobs;
using MergeBus.Steps;

namespace MergeBus.Mixer.Components.Consumers;

public sealed class MixTracksConsumerDefinition : StepConsumerDefinition<MixTracksConsumer>
{
    public MixTracksConsumerDefinition(StepRetrySettings retry, MixerSettings mixer)
        : base(StepEndpoints.MixTracks, retry)
    {
        // Mixing is CPU-bound: by default one job per core, and no more messages held than jobs running.
        ConcurrentMessageLimit = mixer.ConcurrentJobs;
    }
}
