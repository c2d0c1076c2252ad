using System.Security.Cryptography;
using System.Text;

namespace MergeBus.Protocol.Jobs;

/// <summary>
/// A job id maps to one saga id, always: submitting the same job twice finds the same saga instead of a second one.
/// </summary>
public static class JobCorrelation
{
    public static Guid FromJobId(string jobId)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes("mergebus-job:" + jobId));
        return new Guid(hash.AsSpan(0, 16));
    }
}
