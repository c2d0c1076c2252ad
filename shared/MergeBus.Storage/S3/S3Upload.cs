using System.Buffers;
using Amazon.S3;
using Amazon.S3.Model;

namespace MergeBus.Storage.S3;

/// <summary>
/// Uploads a stream of unknown length without spooling to disk: content that fits in one part goes up as a
/// single PutObject; anything longer becomes a multipart upload of <see cref="PartSize"/> parts, aborted on failure
/// so no partial object (and no billed orphan parts) remains. S3 makes the object visible only on completion.
/// </summary>
internal sealed class S3Upload(IAmazonS3 client, string bucket, string key)
{
    /// <summary>Above S3's 5 MiB part minimum; 10,000 parts of this size allow objects up to ~160 GiB.</summary>
    public const int PartSize = 16 * 1024 * 1024;

    public async Task RunAsync(Stream content, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(PartSize);
        try
        {
            var filled = await FillAsync(content, buffer, cancellationToken);
            if (filled < PartSize)
            {
                await PutSingleAsync(buffer, filled, cancellationToken);
                return;
            }

            await PutMultipartAsync(content, buffer, filled, cancellationToken);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private async Task PutSingleAsync(byte[] buffer, int length, CancellationToken cancellationToken)
    {
        using var body = new MemoryStream(buffer, 0, length, writable: false);
        await client.PutObjectAsync(new PutObjectRequest
        {
            BucketName = bucket,
            Key = key,
            InputStream = body,
            AutoCloseStream = false,
        }, cancellationToken);
    }

    private async Task PutMultipartAsync(Stream content, byte[] buffer, int filled, CancellationToken cancellationToken)
    {
        var started = await client.InitiateMultipartUploadAsync(
            new InitiateMultipartUploadRequest { BucketName = bucket, Key = key }, cancellationToken);
        var uploadId = started.UploadId;
        try
        {
            var parts = new List<PartETag>();
            while (filled > 0)
            {
                parts.Add(await UploadPartAsync(uploadId, parts.Count + 1, buffer, filled, cancellationToken));
                filled = await FillAsync(content, buffer, cancellationToken);
            }

            await client.CompleteMultipartUploadAsync(new CompleteMultipartUploadRequest
            {
                BucketName = bucket,
                Key = key,
                UploadId = uploadId,
                PartETags = parts,
            }, cancellationToken);
        }
        catch
        {
            await AbortQuietlyAsync(uploadId);
            throw;
        }
    }

    private async Task<PartETag> UploadPartAsync(string uploadId, int partNumber, byte[] buffer, int length,
        CancellationToken cancellationToken)
    {
        using var body = new MemoryStream(buffer, 0, length, writable: false);
        var response = await client.UploadPartAsync(new UploadPartRequest
        {
            BucketName = bucket,
            Key = key,
            UploadId = uploadId,
            PartNumber = partNumber,
            PartSize = length,
            InputStream = body,
        }, cancellationToken);
        return new PartETag(partNumber, response.ETag);
    }

    private async Task AbortQuietlyAsync(string uploadId)
    {
        try
        {
            // Not the caller's token: a cancelled upload must still be cleaned up.
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await client.AbortMultipartUploadAsync(
                new AbortMultipartUploadRequest { BucketName = bucket, Key = key, UploadId = uploadId }, timeout.Token);
        }
        catch (Exception)
        {
            // The original failure matters more; a bucket lifecycle rule reaps anything left behind.
        }
    }

    /// <summary>Reads until the buffer's part is full or the stream ends; returns the bytes read.</summary>
    private static async Task<int> FillAsync(Stream content, byte[] buffer, CancellationToken cancellationToken)
    {
        var total = 0;
        while (total < PartSize)
        {
            var read = await SourceStreamException.ReadAsync(content, buffer.AsMemory(total, PartSize - total),
                cancellationToken);
            if (read == 0)
            {
                break;
            }

            total += read;
        }

        return total;
    }
}
