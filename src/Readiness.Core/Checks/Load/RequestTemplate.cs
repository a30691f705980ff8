using System.Text;

namespace Readiness.Core.Checks.Load;

/// <summary>
/// One HTTP/1.1 request written to bytes ahead of time. The path, header values and body may contain
/// <c>{{n}}</c>, replaced by the request's sequence number so each request can be distinct (a user per request);
/// everything else is encoded once, so writing a request allocates nothing.
/// </summary>
public sealed class RequestTemplate
{
    public const string CounterToken = "{{n}}";
    private readonly byte[][] _head;   // request line and headers split at the counter
    private readonly byte[][] _body;   // body split at the counter; empty when there is no body
    private readonly bool _hasBody;
    private readonly int _bodyFixedLength;

    public RequestTemplate(Uri url, string method, IReadOnlyDictionary<string, string>? headers, string? body)
    {
        Method = method.ToUpperInvariant();
        if (Method.Length == 0 || !Method.All(c => c is >= 'A' and <= 'Z')) throw new ArgumentException($"'{method}' is not an HTTP method.");
        var head = new StringBuilder();
        head.Append(Method).Append(' ').Append(url.PathAndQuery.Replace("%7B%7Bn%7D%7D", CounterToken, StringComparison.OrdinalIgnoreCase)).Append(" HTTP/1.1\r\n");
        head.Append("Host: ").Append(url.IsDefaultPort ? url.Host : $"{url.Host}:{url.Port}").Append("\r\n");
        var hasUserAgent = false;
        foreach (var (name, value) in headers ?? new Dictionary<string, string>())
        {
            if (name.Contains('\r') || name.Contains('\n') || name.Contains(':') || value.Contains('\r') || value.Contains('\n'))
                throw new ArgumentException($"Header '{name}' contains a line break or colon in its name.");
            if (name.Equals("Host", StringComparison.OrdinalIgnoreCase) || name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase)) continue;
            hasUserAgent |= name.Equals("User-Agent", StringComparison.OrdinalIgnoreCase);
            head.Append(name).Append(": ").Append(value).Append("\r\n");
        }
        if (!hasUserAgent) head.Append("User-Agent: readiness-load\r\n");
        _hasBody = body is not null;
        _head = Split(head.ToString());
        _body = Split(body ?? "");
        _bodyFixedLength = _body.Sum(s => s.Length);
        HasCounter = _head.Length > 1 || _body.Length > 1;
        MaxLength = _head.Sum(s => s.Length) + _body.Sum(s => s.Length) + 20 * (_head.Length + _body.Length) + 64;
    }

    public string Method { get; }
    public bool HasCounter { get; }
    /// <summary>Upper bound of <see cref="Write"/>'s output, for sizing a reusable buffer.</summary>
    public int MaxLength { get; }

    /// <summary>Writes the request for sequence number <paramref name="counter"/> and returns its length.</summary>
    public int Write(Span<byte> destination, long counter)
    {
        Span<byte> digits = stackalloc byte[20];
        counter.TryFormat(digits, out var digitCount, default, System.Globalization.CultureInfo.InvariantCulture);
        digits = digits[..digitCount];

        var at = Join(_head, digits, destination);
        if (_hasBody)
        {
            var bodyLength = _bodyFixedLength + digitCount * (_body.Length - 1);
            at += Ascii(destination[at..], "Content-Length: ");
            bodyLength.TryFormat(destination[at..], out var n, default, System.Globalization.CultureInfo.InvariantCulture);
            at += n;
            at += Ascii(destination[at..], "\r\n\r\n");
            at += Join(_body, digits, destination[at..]);
        }
        else at += Ascii(destination[at..], "\r\n");
        return at;
    }

    /// <summary>The request as text for sequence number 0 (diagnostics and tests).</summary>
    public override string ToString()
    {
        var buffer = new byte[MaxLength];
        return Encoding.UTF8.GetString(buffer, 0, Write(buffer, 0));
    }

    private static int Join(byte[][] parts, ReadOnlySpan<byte> digits, Span<byte> destination)
    {
        var at = 0;
        for (var i = 0; i < parts.Length; i++)
        {
            if (i > 0) { digits.CopyTo(destination[at..]); at += digits.Length; }
            parts[i].CopyTo(destination[at..]);
            at += parts[i].Length;
        }
        return at;
    }

    private static int Ascii(Span<byte> destination, string text) => Encoding.ASCII.GetBytes(text, destination);

    private static byte[][] Split(string text) =>
        text.Split(CounterToken).Select(Encoding.UTF8.GetBytes).ToArray();
}
