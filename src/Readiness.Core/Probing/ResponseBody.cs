using System.Text;

namespace Readiness.Core.Probing;

/// <summary>
/// Reads HTTP bodies up to a byte limit. A server that streams without end (or a 2 GB /metrics) would otherwise cost
/// memory until the timeout and end in a parse of a body cut mid-line; past the limit the read stops and the check
/// reports the size as the finding.
/// </summary>
public static class ResponseBody
{
    public const int DefaultLimitMegabytes = 16;
    public const long DefaultLimitBytes = DefaultLimitMegabytes * 1024L * 1024;

    public static async Task<string> ReadTextAsync(HttpResponseMessage response, long limitBytes, CancellationToken cancellationToken)
    {
        await using var stream = await OpenAsync(response, limitBytes, cancellationToken).ConfigureAwait(false);
        using var reader = new StreamReader(stream, EncodingOf(response), detectEncodingFromByteOrderMarks: true);
        return await reader.ReadToEndAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The body as a stream that throws <see cref="ResponseTooLargeException"/> once it passes the limit.</summary>
    public static async Task<Stream> OpenAsync(HttpResponseMessage response, long limitBytes, CancellationToken cancellationToken)
    {
        if (response.Content.Headers.ContentLength is { } announced && announced > limitBytes)
            throw new ResponseTooLargeException(limitBytes);
        var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        return new LimitedReadStream(stream, limitBytes);
    }

    private static Encoding EncodingOf(HttpResponseMessage response)
    {
        var charset = response.Content.Headers.ContentType?.CharSet?.Trim('"');
        if (string.IsNullOrEmpty(charset)) return Encoding.UTF8;
        try { return Encoding.GetEncoding(charset); }
        catch (ArgumentException) { return Encoding.UTF8; }
    }
}

/// <summary>A finding about the target that surfaced as an exception deep in a read: the runner reports it as Failed, not Error.</summary>
public class TargetFindingException(string message) : Exception(message);

public sealed class ResponseTooLargeException(long limitBytes)
    : TargetFindingException($"The response body is larger than {Megabytes(limitBytes)}, the limit for one response; it was not parsed. " +
                             "Raise settings.maxResponseMB in the checklist if the body is meant to be this large.")
{
    public long LimitBytes { get; } = limitBytes;

    private static string Megabytes(long bytes) =>
        bytes % (1024 * 1024) == 0 ? $"{bytes / (1024 * 1024)} MB" : $"{bytes / (1024.0 * 1024):0.##} MB";
}

/// <summary>Read-only pass-through that counts bytes and stops at the limit.</summary>
internal sealed class LimitedReadStream(Stream inner, long limitBytes) : Stream
{
    private long _read;

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => _read; set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Count(inner.Read(buffer, offset, count));
    public override int Read(Span<byte> buffer) => Count(inner.Read(buffer));

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        Count(await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    private int Count(int read)
    {
        _read += read;
        if (_read > limitBytes) throw new ResponseTooLargeException(limitBytes);
        return read;
    }

    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing) inner.Dispose();
        base.Dispose(disposing);
    }
}
