using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Readiness.Sample;

/// <summary>
/// /v1/artifacts/verify: diffver's artifact verification. Ready: an artifact whose content does not match its SHA-256
/// is rejected with 422. Not ready: every artifact is reported valid (the verification is a no-op).
/// </summary>
public sealed class ArtifactVerificationEndpoint : ISampleEndpoint
{
    public string Path => "/v1/artifacts/verify";
    public string Method => "POST";

    public SampleResponse Handle(SampleRequest request, bool ready)
    {
        if (!ready) return SampleResponse.Json("""{"valid":true}""");
        try
        {
            using var doc = JsonDocument.Parse(request.Body);
            var content = doc.RootElement.GetProperty("content").GetString() ?? "";
            var digest = doc.RootElement.GetProperty("sha256").GetString() ?? "";
            var actual = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(content))).ToLowerInvariant();
            return actual == digest.ToLowerInvariant()
                ? SampleResponse.Json("""{"valid":true}""")
                : SampleResponse.Json("""{"valid":false,"reason":"digest mismatch"}""", 422);
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            return SampleResponse.Json("""{"valid":false,"reason":"not an artifact"}""", 400);
        }
    }
}
