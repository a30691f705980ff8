namespace Readiness;

/// <summary>
/// The last entry of an attestation chain as a run or a bundle saw it. A hash chain cannot show that entries were cut
/// from its end; comparing the file with a head recorded earlier can. Written as <c>ENTRIES:HASH</c>.
/// </summary>
public sealed class AttestationChainHead
{
    public const string Genesis = "0000000000000000000000000000000000000000000000000000000000000000";

    /// <summary>The evidence file the head was read from.</summary>
    public string? Path { get; set; }
    public int Entries { get; set; }
    /// <summary>Hash of the last entry; all zeros for an empty chain.</summary>
    public string LastHash { get; set; } = Genesis;

    public static AttestationChainHead Parse(string text)
    {
        var parts = (text ?? "").Trim().Split(':');
        if (parts.Length != 2 || !int.TryParse(parts[0], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var entries)
            || parts[1].Length != 64 || !parts[1].All(Uri.IsHexDigit) || (entries == 0) != (parts[1] == Genesis))
            throw new ArgumentException($"'{text}' is not a chain head: expected ENTRIES:HASH, e.g. 3:9f2c... (64 hex digits), as a report's attestationChain shows.");
        return new AttestationChainHead { Entries = entries, LastHash = parts[1].ToLowerInvariant() };
    }

    public override string ToString() => $"{Entries}:{LastHash}";
}
