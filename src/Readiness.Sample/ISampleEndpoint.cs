using System.Text;

namespace Readiness.Sample;

/// <summary>
/// One route of the bundled sample target. <see cref="SampleTarget"/> serves every endpoint listed in
/// <see cref="SampleTarget.Discover"/>: adding an endpoint is adding one file and one line there.
/// </summary>
public interface ISampleEndpoint
{
    /// <summary>Absolute path, e.g. "/health". Matched case-insensitively, without the query string.</summary>
    string Path { get; }
    /// <summary>HTTP method, e.g. "GET"; "*" for any.</summary>
    string Method { get; }
    /// <summary>
    /// Answers a request. <paramref name="ready"/> is the target's switch: false serves the deliberately flawed
    /// configuration the demo shows failing, true serves a production-ready one.
    /// </summary>
    SampleResponse Handle(SampleRequest request, bool ready);
}

public sealed class SampleRequest
{
    public string Method { get; init; } = "GET";
    public string Path { get; init; } = "/";
    public string Query { get; init; } = "";
    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
    public byte[] Body { get; init; } = Array.Empty<byte>();
    public string BodyText => Encoding.UTF8.GetString(Body);
    /// <summary>The client's address, for endpoints that count per client (rate limits, lockout).</summary>
    public string RemoteAddress { get; init; } = "";
}

public sealed class SampleResponse
{
    public int Status { get; init; } = 200;
    public string ContentType { get; init; } = "text/plain; charset=utf-8";
    public string Body { get; init; } = "";
    public Dictionary<string, string> Headers { get; init; } = new(StringComparer.OrdinalIgnoreCase);

    public static SampleResponse Text(string body, int status = 200) => new() { Status = status, Body = body };
    public static SampleResponse Json(string json, int status = 200) => new() { Status = status, Body = json, ContentType = "application/json" };
}
