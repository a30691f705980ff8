using System.Text;

namespace Readiness.Core.Tests.Fuzz;

/// <summary>
/// Deterministic mutations of a valid input: the same (seed, index) always gives the same text, so a failure names
/// everything needed to replay it. The mutations aim at what breaks parsers: nesting, aliases, quotes, control
/// characters, cut-off documents, huge lines and repeated spans.
/// </summary>
public static class InputMutator
{
    public const int DefaultSeed = 20261207;

    private static readonly string[] Tokens =
    {
        "[", "]", "{", "}", ":", ": ", ",", "-", "- ", "\"", "'", "&a ", "*a", "<<: *a\n", "!!binary ", "!!python/object ",
        "|", ">", "#", "%", "@", "`", "\n", "\r\n", "\t", "\0", "\u2028", "\uFEFF", "\uD800", "---\n", "...\n", "? ",
        "\\", "\\u0000", "{{", "}}", "${", "${env:X}", "NaN", "1e309", "-0", "0x1F", "9999999999999999999999",
        "null", "~", "true", "<", ">", "</", "<![CDATA[", "&amp;", "&#0;", "# TYPE x counter\n", "# EOF\n", "x{a=\"", "\"}",
    };

    public static string Mutate(string input, int seed, int index)
    {
        // Not HashCode.Combine: it is salted per process, and a replay must give the same text in any process.
        var random = new Random(unchecked(seed * 7919 + index));
        var text = new StringBuilder(input);
        var steps = 1 + random.Next(4);
        for (var s = 0; s < steps; s++) Apply(text, random);
        return text.ToString();
    }

    private static void Apply(StringBuilder text, Random random)
    {
        var at = text.Length == 0 ? 0 : random.Next(text.Length + 1);
        switch (random.Next(10))
        {
            case 0 when text.Length > 0:
                text[Math.Min(at, text.Length - 1)] = Tokens[random.Next(Tokens.Length)][0];
                break;
            case 1:
                text.Insert(at, Tokens[random.Next(Tokens.Length)]);
                break;
            case 2 when text.Length > 0:
                var length = Math.Min(text.Length - Math.Min(at, text.Length - 1), 1 + random.Next(64));
                text.Remove(Math.Min(at, text.Length - 1), length);
                break;
            case 3 when text.Length > 0:
                var start = Math.Min(at, text.Length - 1);
                var span = text.ToString(start, Math.Min(text.Length - start, 1 + random.Next(200)));
                var copies = 1 + random.Next(random.Next(2) == 0 ? 3 : 200);
                text.Insert(start, string.Concat(Enumerable.Repeat(span, copies)));
                break;
            case 4:
                text.Length = Math.Min(text.Length, at);
                break;
            case 5:
                var open = random.Next(2) == 0 ? "[" : "{\"a\":";
                var depth = random.Next(2) == 0 ? 100 + random.Next(200) : 5000 + random.Next(10000);
                text.Insert(at, string.Concat(Enumerable.Repeat(open, depth)));
                break;
            case 6:
                text.Insert(at, new string((char)('a' + random.Next(26)), 1000 + random.Next(200_000)));
                break;
            case 7:
                // An alias bomb: each anchor refers to the previous one several times.
                var bomb = new StringBuilder("\nb0: &b0 [x, x, x, x, x, x, x, x, x]\n");
                for (var level = 1; level < 9; level++)
                    bomb.Append($"b{level}: &b{level} [{string.Join(", ", Enumerable.Repeat($"*b{level - 1}", 9))}]\n");
                text.Insert(at, bomb.ToString());
                break;
            case 8:
                var lines = text.ToString().Split('\n');
                if (lines.Length > 2)
                {
                    int a = random.Next(lines.Length), b = random.Next(lines.Length);
                    (lines[a], lines[b]) = (lines[b], lines[a]);
                    text.Clear().Append(string.Join('\n', lines));
                }
                break;
            default:
                text.Insert(at, (char)random.Next(0, 0x3000));
                break;
        }
    }
}
