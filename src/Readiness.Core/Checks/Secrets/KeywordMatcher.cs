using System.Runtime.CompilerServices;

namespace Readiness.Core.Checks.Secrets;

/// <summary>
/// Aho-Corasick automaton over ASCII keywords, case-insensitive: one table lookup per character finds every keyword
/// occurrence, overlapping ones included. This is the scanner's pre-filter; a regex alternation of ~90 keywords with
/// IgnoreCase cost ten times more per line.
/// </summary>
internal sealed class KeywordMatcher
{
    private const int Alphabet = 128;
    private readonly int[] _next;
    private readonly int[][] _outputs;

    public KeywordMatcher(IReadOnlyList<string> keywords)
    {
        Keywords = keywords;
        var children = new List<Dictionary<char, int>> { new() };
        var outputs = new List<List<int>> { new() };
        for (var k = 0; k < keywords.Count; k++)
        {
            var state = 0;
            foreach (var raw in keywords[k])
            {
                var c = Lower(raw);
                if (c >= Alphabet) throw new ArgumentException($"Keyword '{keywords[k]}' must be ASCII.");
                if (!children[state].TryGetValue(c, out var child))
                {
                    child = children.Count;
                    children.Add(new());
                    outputs.Add(new());
                    children[state][c] = child;
                }
                state = child;
            }
            outputs[state].Add(k);
        }

        // Breadth-first: complete the transition table with failure links so matching never backtracks.
        _next = new int[children.Count * Alphabet];
        var fail = new int[children.Count];
        var queue = new Queue<int>();
        for (var c = 0; c < Alphabet; c++)
        {
            if (children[0].TryGetValue((char)c, out var s)) { _next[c] = s; queue.Enqueue(s); }
        }
        while (queue.Count > 0)
        {
            var state = queue.Dequeue();
            outputs[state].AddRange(outputs[fail[state]]);
            for (var c = 0; c < Alphabet; c++)
            {
                if (children[state].TryGetValue((char)c, out var s))
                {
                    fail[s] = _next[fail[state] * Alphabet + c];
                    _next[state * Alphabet + c] = s;
                    queue.Enqueue(s);
                }
                else _next[state * Alphabet + c] = _next[fail[state] * Alphabet + c];
            }
        }
        _outputs = outputs.Select(o => o.Distinct().ToArray()).ToArray();
    }

    public IReadOnlyList<string> Keywords { get; }

    /// <summary>True when any keyword occurs in <paramref name="text"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // a loop over every character of every line: skip tier-0 code
    public bool Any(ReadOnlySpan<char> text)
    {
        var state = 0;
        foreach (var raw in text)
        {
            var c = Lower(raw);
            state = c < Alphabet ? _next[state * Alphabet + c] : 0;
            if (_outputs[state].Length > 0) return true;
        }
        return false;
    }

    /// <summary>Adds the index of every keyword occurring in <paramref name="text"/> to <paramref name="found"/> (no duplicates).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Collect(ReadOnlySpan<char> text, List<int> found)
    {
        var state = 0;
        foreach (var raw in text)
        {
            var c = Lower(raw);
            state = c < Alphabet ? _next[state * Alphabet + c] : 0;
            var outputs = _outputs[state];
            if (outputs.Length == 0) continue;
            foreach (var k in outputs)
                if (!found.Contains(k)) found.Add(k);
        }
    }

    private static char Lower(char c) => c is >= 'A' and <= 'Z' ? (char)(c + 32) : c;
}
