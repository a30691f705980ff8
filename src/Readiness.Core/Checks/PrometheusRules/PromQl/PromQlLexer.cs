using System.Globalization;
using System.Text;

namespace Readiness.Core.Checks.PrometheusRules.PromQl;

public enum TokenKind { Identifier, MetricIdentifier, Number, Duration, String, Operator, Eof }

public readonly record struct Token(TokenKind Kind, string Text, int Position, double Number = 0, TimeSpan Duration = default)
{
    public bool Is(string op) => Kind == TokenKind.Operator && Text == op;
    public bool IsKeyword(string keyword) => Kind == TokenKind.Identifier && Text.Equals(keyword, StringComparison.OrdinalIgnoreCase);
    public override string ToString() => Kind switch
    {
        TokenKind.Eof => "end of input",
        TokenKind.String => "string",
        TokenKind.Number => $"number \"{Text}\"",
        TokenKind.Duration => $"duration \"{Text}\"",
        _ => $"\"{Text}\"",
    };
}

/// <summary>
/// Splits a PromQL expression into tokens the way the Prometheus lexer does: identifiers (with ':' they are metric
/// identifiers), numbers (decimal, hex, exponent, Inf, NaN), durations (1h30m), the three string quotes with Go
/// escapes, operators, and # comments. Label names inside braces never contain ':'.
/// </summary>
public static class PromQlLexer
{
    private const string Operators2 = "==!=>=<==~!~";

    public static List<Token> Tokenize(string input)
    {
        var tokens = new List<Token>();
        var i = 0;
        var braces = 0;
        var brackets = 0;
        var parens = 0;
        var gotColon = false;
        while (true)
        {
            while (i < input.Length && char.IsWhiteSpace(input[i])) i++;
            if (i >= input.Length) break;
            var c = input[i];
            var start = i;
            if (c == '#') { while (i < input.Length && input[i] != '\n') i++; continue; }
            if (c is '"' or '\'' or '`') { tokens.Add(new Token(TokenKind.String, ReadString(input, ref i), start)); continue; }
            if (char.IsAsciiDigit(c) || (c == '.' && i + 1 < input.Length && char.IsAsciiDigit(input[i + 1])))
            {
                if (braces > 0) throw new PromQlParseException(i, "unexpected number inside braces");
                tokens.Add(ReadNumberOrDuration(input, ref i));
                continue;
            }
            if (brackets > 0 && (IsAlpha(c) || c == ':'))
            {
                // The Prometheus lexer reads any letter or ':' inside brackets as the subquery colon, once per bracket.
                if (gotColon) throw new PromQlParseException(i, $"unexpected colon '{c}'");
                gotColon = true;
                tokens.Add(new Token(TokenKind.Operator, ":", start));
                i++;
                continue;
            }
            if (IsAlpha(c) || (c == ':' && brackets == 0 && braces == 0))
            {
                while (i < input.Length && (IsAlphaNumeric(input[i]) || (input[i] == ':' && braces == 0))) i++;
                var word = input[start..i];
                if (braces == 0 && (word.Equals("inf", StringComparison.OrdinalIgnoreCase) || word.Equals("nan", StringComparison.OrdinalIgnoreCase)))
                    tokens.Add(new Token(TokenKind.Number, word, start, word.Equals("inf", StringComparison.OrdinalIgnoreCase) ? double.PositiveInfinity : double.NaN));
                else
                    tokens.Add(new Token(word.Contains(':') ? TokenKind.MetricIdentifier : TokenKind.Identifier, word, start));
                continue;
            }
            if (i + 1 < input.Length)
            {
                var two = input.Substring(i, 2);
                for (var k = 0; k < Operators2.Length; k += 2)
                {
                    if (Operators2.Substring(k, 2) != two) continue;
                    tokens.Add(new Token(TokenKind.Operator, two, start));
                    i += 2;
                    goto next;
                }
            }
            switch (c)
            {
                case '{': braces++; if (braces > 1) throw new PromQlParseException(i, "unexpected left brace '{' inside braces"); break;
                case '}': if (braces == 0) throw new PromQlParseException(i, "unexpected right brace '}'"); braces--; break;
                case '[': brackets++; gotColon = false; if (brackets > 1) throw new PromQlParseException(i, "unexpected left bracket '['"); break;
                case ']': if (brackets == 0) throw new PromQlParseException(i, "unexpected right bracket ']'"); brackets--; break;
                case '(': parens++; break;
                case ')': if (parens == 0) throw new PromQlParseException(i, "unexpected right parenthesis ')'"); parens--; break;
                case '+' or '-' or '*' or '/' or '%' or '^' or '=' or '>' or '<' or ',' or ':' or '@':
                    break;
                default:
                    throw new PromQlParseException(i, c == '!' ? "unexpected character after '!'" : $"unexpected character '{c}'");
            }
            tokens.Add(new Token(TokenKind.Operator, c.ToString(), start));
            i++;
        next:;
        }
        if (braces > 0) throw new PromQlParseException(input.Length, "unclosed left brace");
        if (brackets > 0) throw new PromQlParseException(input.Length, "unclosed left bracket");
        if (parens > 0) throw new PromQlParseException(input.Length, "unclosed left parenthesis");
        tokens.Add(new Token(TokenKind.Eof, "", input.Length));
        return tokens;
    }

    private static Token ReadNumberOrDuration(string input, ref int i)
    {
        var start = i;
        var digits = "0123456789";
        if (input[i] == '0' && i + 1 < input.Length && input[i + 1] is 'x' or 'X')
        {
            i += 2;
            digits = "0123456789abcdefABCDEF";
        }
        while (i < input.Length && digits.Contains(input[i])) i++;
        if (i < input.Length && input[i] == '.') { i++; while (i < input.Length && digits.Contains(input[i])) i++; }
        if (digits.Length == 10 && i < input.Length && input[i] is 'e' or 'E')
        {
            i++;
            if (i < input.Length && input[i] is '+' or '-') i++;
            while (i < input.Length && char.IsAsciiDigit(input[i])) i++;
        }
        if (i >= input.Length || !IsAlphaNumeric(input[i]))
        {
            var text = input[start..i];
            if (!TryParseNumber(text, out var value)) throw new PromQlParseException(start, $"bad number syntax: \"{text}\"");
            return new Token(TokenKind.Number, text, start, value);
        }
        // Not a plain number: rescan as a duration (digits followed by units, e.g. 1h30m, 500ms).
        i = start;
        var units = 0;
        while (i < input.Length && char.IsAsciiDigit(input[i]))
        {
            while (i < input.Length && char.IsAsciiDigit(input[i])) i++;
            if (i >= input.Length || !"smhdwy".Contains(input[i])) { i = Math.Max(i, start + 1); goto bad; }
            if (input[i] == 'm' && i + 1 < input.Length && input[i + 1] == 's') i++;
            i++;
            units++;
        }
        if (units > 0 && (i >= input.Length || !IsAlphaNumeric(input[i])))
        {
            var text = input[start..i];
            if (!TryParseDuration(text, out var duration)) throw new PromQlParseException(start, $"not a valid duration string: \"{text}\"");
            if (duration <= TimeSpan.Zero) throw new PromQlParseException(start, "duration must be greater than 0");
            return new Token(TokenKind.Duration, text, start, Duration: duration);
        }
    bad:
        while (i < input.Length && (IsAlphaNumeric(input[i]) || input[i] == '.')) i++;
        throw new PromQlParseException(start, $"bad number or duration syntax: \"{input[start..i]}\"");
    }

    /// <summary>
    /// As promtool reads a number literal: a signed 64-bit integer first (0x hex, a leading 0 octal), else a float
    /// that must fit a double; 1e309 or 309 nines are errors, not +Inf. Hex beyond int64 has no float reading.
    /// </summary>
    private static bool TryParseNumber(string text, out double value)
    {
        value = 0;
        if (text.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
        {
            if (text.Length == 2 || text.Contains('.')) return false;
            if (!long.TryParse(text[2..], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var hex) || hex < 0) return false;
            value = hex;
            return true;
        }
        if (text.Length > 1 && text[0] == '0' && text.All(c => c is >= '0' and <= '7'))
        {
            long octal = 0;
            foreach (var c in text.AsSpan(1))
            {
                if (octal > (long.MaxValue - (c - '0')) / 8) goto asFloat;
                octal = octal * 8 + (c - '0');
            }
            value = octal;
            return true;
        }
    asFloat:
        if (!double.TryParse(text, NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent, CultureInfo.InvariantCulture, out value)) return false;
        return !double.IsInfinity(value);
    }

    /// <summary>Prometheus durations: units in descending order y w d h m s ms, each at most once, integers only.</summary>
    public static bool TryParseDuration(string text, out TimeSpan duration)
    {
        duration = TimeSpan.Zero;
        if (text == "0") return true;
        var units = new (string Unit, double Ms)[]
        {
            ("y", 365 * 86400e3), ("w", 7 * 86400e3), ("d", 86400e3), ("h", 3600e3), ("m", 60e3), ("s", 1e3), ("ms", 1),
        };
        var i = 0;
        var next = 0;
        double total = 0;
        var any = false;
        while (i < text.Length)
        {
            var start = i;
            while (i < text.Length && char.IsAsciiDigit(text[i])) i++;
            if (i == start || i == text.Length) return false;
            var unit = text[i] == 'm' && i + 1 < text.Length && text[i + 1] == 's' ? "ms" : text[i].ToString();
            var index = Array.FindIndex(units, u => u.Unit == unit);
            if (index < next) return false;
            if (!double.TryParse(text[start..i], NumberStyles.None, CultureInfo.InvariantCulture, out var n)) return false;
            total += n * units[index].Ms;
            next = index + 1;
            i += unit.Length;
            any = true;
        }
        // Prometheus keeps durations as int64 nanoseconds: about 292 years at most.
        if (!any || total > long.MaxValue / 1e6) return false;
        duration = TimeSpan.FromMilliseconds(total);
        return true;
    }

    private static string ReadString(string input, ref int i)
    {
        var quote = input[i];
        var start = i++;
        var sb = new StringBuilder();
        while (true)
        {
            if (i >= input.Length) throw new PromQlParseException(start, "unterminated quoted string");
            var c = input[i++];
            if (c == quote) return sb.ToString();
            if (quote != '`' && c == '\n') throw new PromQlParseException(start, "unterminated quoted string");
            if (quote == '`' || c != '\\') { sb.Append(c); continue; }
            if (i >= input.Length) throw new PromQlParseException(start, "unterminated quoted string");
            var e = input[i++];
            switch (e)
            {
                case 'a': sb.Append('\a'); break;
                case 'b': sb.Append('\b'); break;
                case 'f': sb.Append('\f'); break;
                case 'n': sb.Append('\n'); break;
                case 'r': sb.Append('\r'); break;
                case 't': sb.Append('\t'); break;
                case 'v': sb.Append('\v'); break;
                case '\\': sb.Append('\\'); break;
                case '"' or '\'' when e == quote: sb.Append(e); break;
                case 'x': sb.Append((char)ReadHex(input, ref i, 2, start)); break;
                case 'u': sb.Append(char.ConvertFromUtf32(ReadHex(input, ref i, 4, start))); break;
                case 'U': sb.Append(char.ConvertFromUtf32(ReadHex(input, ref i, 8, start))); break;
                case >= '0' and <= '7':
                    var octal = e - '0';
                    for (var k = 0; k < 2; k++)
                    {
                        if (i >= input.Length || input[i] is < '0' or > '7') throw new PromQlParseException(i, "illegal character in escape sequence");
                        octal = octal * 8 + (input[i++] - '0');
                    }
                    if (octal > 255) throw new PromQlParseException(i, "escape sequence is invalid Unicode code point");
                    sb.Append((char)octal);
                    break;
                default:
                    throw new PromQlParseException(i - 1, "unknown escape sequence");
            }
        }
    }

    private static int ReadHex(string input, ref int i, int count, int start)
    {
        var value = 0;
        for (var k = 0; k < count; k++)
        {
            if (i >= input.Length || !Uri.IsHexDigit(input[i])) throw new PromQlParseException(i, "illegal character in escape sequence");
            value = value * 16 + Convert.ToInt32(input[i++].ToString(), 16);
        }
        if (value > 0x10FFFF || value is >= 0xD800 and < 0xE000) throw new PromQlParseException(start, "escape sequence is invalid Unicode code point");
        return value;
    }

    private static bool IsAlpha(char c) => c is '_' or (>= 'a' and <= 'z') or (>= 'A' and <= 'Z');
    private static bool IsAlphaNumeric(char c) => IsAlpha(c) || char.IsAsciiDigit(c);
}
