using System.Net;
using System.Net.Http.Headers;
using Amazon.Runtime;

namespace MergeBus.Storage.S3;

/// <summary>
/// HTTP for <see cref="S3ObjectStorage.RehearseWriteAsync"/>: no connection is opened; each request's body is read to
/// its end, as a socket would send it, and answered 200 with an ETag, as S3 answers a PutObject.
/// </summary>
internal sealed class OfflineHttpClientFactory : HttpClientFactory
{
    public static readonly OfflineHttpClientFactory Instance = new();

    public override HttpClient CreateHttpClient(IClientConfig clientConfig) => new(new Answerer());

    // The SDK's own cache is keyed by configuration and shared across clients: this client's HTTP must never be
    // handed to a real one, so nothing of it is cached.
    public override bool UseSDKHttpClientCaching(IClientConfig clientConfig) => false;

    public override bool DisposeHttpClientsAfterUse(IClientConfig clientConfig) => true;

    public override string GetConfigUniqueString(IClientConfig clientConfig) => "mergebus-offline-rehearsal";

    private sealed class Answerer : HttpMessageHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            // Asynchronous as a socket is, so the SDK's awaits suspend and resume as on a real upload.
            await Task.Yield();
            if (request.Content is not null) await request.Content.CopyToAsync(Stream.Null, cancellationToken);
            var answer = new HttpResponseMessage(HttpStatusCode.OK) { RequestMessage = request, Content = new ByteArrayContent([]) };
            answer.Headers.ETag = new EntityTagHeaderValue("\"00000000000000000000000000000000\"");
            return answer;
        }
    }
}
