using System.Text.RegularExpressions;

namespace Readiness.Core.Checks.PrometheusRules.PromQl;

/// <summary>
/// Recursive-descent (Pratt) parser for PromQL as Prometheus 2.42 accepts it: selectors and matchers, range,
/// offset and @ modifiers, subqueries, function calls with arity and argument types, aggregations with by/without
/// and parameters, binary operators with precedence, bool, on/ignoring and group_left/group_right. Every problem is
/// a <see cref="PromQlParseException"/>; no other exception escapes for any input.
/// </summary>
public sealed class PromQlParser
{
    private static readonly HashSet<string> Aggregators = new(StringComparer.OrdinalIgnoreCase)
    {
        "sum", "avg", "count", "min", "max", "group", "stddev", "stdvar", "topk", "bottomk", "count_values", "quantile",
    };

    // Keywords the Prometheus grammar still accepts as metric names when they stand where a selector can.
    private static readonly HashSet<string> KeywordMetricNames = new(Aggregators, StringComparer.OrdinalIgnoreCase)
    {
        "and", "or", "unless", "by", "without", "offset", "start", "end",
    };

    private static readonly HashSet<string> ReservedKeywords = new(StringComparer.OrdinalIgnoreCase)
    {
        "on", "ignoring", "group_left", "group_right", "bool", "atan2",
    };

    private readonly List<Token> _tokens;
    private int _index;

    private PromQlParser(string input) => _tokens = PromQlLexer.Tokenize(input);

    public static PromExpr Parse(string input)
    {
        try
        {
            var parser = new PromQlParser(input);
            if (parser.Peek.Kind == TokenKind.Eof) throw new PromQlParseException(0, "no expression found in input");
            var expr = parser.ParseExpression(0);
            if (parser.Peek.Kind != TokenKind.Eof)
                throw new PromQlParseException(parser.Peek.Position, $"unexpected {parser.Peek}");
            return expr;
        }
        catch (InsufficientExecutionStackException)
        {
            throw new PromQlParseException(0, "expression is nested too deeply");
        }
    }

    public static bool TryParse(string input, out PromExpr? expr, out PromQlParseException? error)
    {
        try { expr = Parse(input); error = null; return true; }
        catch (PromQlParseException ex) { expr = null; error = ex; return false; }
    }

    private Token Peek => _tokens[_index];
    private Token PeekAt(int offset) => _tokens[Math.Min(_index + offset, _tokens.Count - 1)];
    private Token Next() => _tokens[_index < _tokens.Count - 1 ? _index++ : _index];

    private Token Expect(string op, string context)
    {
        var t = Next();
        if (!t.Is(op)) throw new PromQlParseException(t.Position, $"unexpected {t} in {context}, expected \"{op}\"");
        return t;
    }

    private static int Precedence(Token t)
    {
        if (t.Kind == TokenKind.Operator)
            return t.Text switch
            {
                "==" or "!=" or ">" or "<" or ">=" or "<=" => 3,
                "+" or "-" => 4,
                "*" or "/" or "%" => 5,
                "^" => 6,
                _ => -1,
            };
        if (t.Kind != TokenKind.Identifier) return -1;
        return t.Text.ToLowerInvariant() switch
        {
            "or" => 1,
            "and" or "unless" => 2,
            "atan2" => 5,
            _ => -1,
        };
    }

    private PromExpr ParseExpression(int minPrecedence)
    {
        System.Runtime.CompilerServices.RuntimeHelpers.EnsureSufficientExecutionStack();
        var left = ParseUnary();
        while (true)
        {
            var op = Peek;
            var precedence = Precedence(op);
            if (precedence < 0 || precedence < minPrecedence) return left;
            Next();
            var name = op.Kind == TokenKind.Identifier ? op.Text.ToLowerInvariant() : op.Text;
            var returnBool = false;
            if (Peek.IsKeyword("bool")) { Next(); returnBool = true; }
            VectorMatching? matching = null;
            if (Peek.IsKeyword("on") || Peek.IsKeyword("ignoring"))
            {
                var on = Next().IsKeyword("on");
                var labels = ParseLabelList("grouping");
                string? group = null;
                IReadOnlyList<string> include = Array.Empty<string>();
                if (Peek.IsKeyword("group_left") || Peek.IsKeyword("group_right"))
                {
                    group = Next().Text.ToLowerInvariant();
                    if (Peek.Is("(")) include = ParseLabelList("grouping");
                }
                matching = new VectorMatching(on, labels, group, include);
            }
            // ^ is right-associative; everything else is left-associative.
            var right = ParseExpression(name == "^" ? precedence : precedence + 1);
            left = CheckBinary(new BinaryExpr(name, left, right, returnBool, matching) { Position = op.Position });
        }
    }

    private static BinaryExpr CheckBinary(BinaryExpr b)
    {
        var (lt, rt) = (b.Lhs.Type, b.Rhs.Type);
        if (lt is not (PromType.Scalar or PromType.Vector) || rt is not (PromType.Scalar or PromType.Vector))
            throw new PromQlParseException(b.Position, "binary expression must contain only scalar and instant vector types");
        if (b.ReturnBool && !b.IsComparison)
            throw new PromQlParseException(b.Position, "bool modifier can only be used on comparison operators");
        if (b.IsComparison && !b.ReturnBool && lt == PromType.Scalar && rt == PromType.Scalar)
            throw new PromQlParseException(b.Position, "comparisons between scalars must use BOOL modifier");
        if (b.IsSetOperator && (lt == PromType.Scalar || rt == PromType.Scalar))
            throw new PromQlParseException(b.Position, $"set operator \"{b.Op}\" not allowed in binary scalar expression");
        if (b.Matching is { } m)
        {
            if ((lt != PromType.Vector || rt != PromType.Vector) && m.Labels.Count > 0)
                throw new PromQlParseException(b.Position, "vector matching only allowed between instant vectors");
            if (b.IsSetOperator && m.Group is not null && lt == PromType.Vector && rt == PromType.Vector)
                throw new PromQlParseException(b.Position, $"no grouping allowed for \"{b.Op}\" operation");
            if (m.On)
                foreach (var l in m.Labels)
                    if (m.Include.Contains(l)) throw new PromQlParseException(b.Position, $"label \"{l}\" must not occur in ON and GROUP clause at once");
        }
        return b;
    }

    private PromExpr ParseUnary()
    {
        if (Peek.Is("-") || Peek.Is("+"))
        {
            var op = Next();
            // Unary minus binds tighter than * but looser than ^: -2^2 is -(2^2).
            var operand = ParseExpression(6);
            if (operand.Type is not (PromType.Scalar or PromType.Vector))
                throw new PromQlParseException(op.Position, "unary expression only allowed on expressions of type scalar or instant vector");
            if (operand is NumberLiteral n) return new NumberLiteral(op.Text == "-" ? -n.Value : n.Value) { Position = op.Position };
            return new UnaryExpr(op.Text[0], operand) { Position = op.Position };
        }
        return ParsePostfix(ParsePrimary());
    }

    private PromExpr ParsePostfix(PromExpr expr)
    {
        while (true)
        {
            if (Peek.Is("["))
            {
                var open = Next();
                var range = ExpectDuration("range");
                if (Peek.Is(":"))
                {
                    Next();
                    TimeSpan? step = Peek.Kind == TokenKind.Duration ? Next().Duration : null;
                    Expect("]", "subquery");
                    if (expr.Type != PromType.Vector)
                        throw new PromQlParseException(open.Position, $"subquery is only allowed on instant vector, got {Describe(expr.Type)} instead");
                    expr = new SubqueryExpr(expr, range, step) { Position = open.Position };
                }
                else
                {
                    Expect("]", "range");
                    if (expr is not VectorSelector vs)
                        throw new PromQlParseException(open.Position, "ranges only allowed for vector selectors");
                    if (vs.Offset is not null)
                        throw new PromQlParseException(open.Position, "no offset modifiers allowed before range");
                    // promtool 2.42 refuses only a numeric @ here; @ start() and @ end() before a range pass.
                    if (vs.At is not null and not ("start" or "end"))
                        throw new PromQlParseException(open.Position, "no @ modifiers allowed before range");
                    expr = new MatrixSelector(vs, range) { Position = vs.Position };
                }
                continue;
            }
            if (Peek.IsKeyword("offset"))
            {
                var t = Next();
                var negative = false;
                if (Peek.Is("-")) { Next(); negative = true; }
                var d = ExpectDuration("offset");
                SetOffset(expr, negative ? -d : d, t.Position);
                continue;
            }
            if (Peek.Is("@"))
            {
                var t = Next();
                string at;
                if (Peek.IsKeyword("start") || Peek.IsKeyword("end"))
                {
                    at = Next().Text.ToLowerInvariant();
                    Expect("(", "@ modifier");
                    Expect(")", "@ modifier");
                }
                else
                {
                    var sign = Peek.Is("-") || Peek.Is("+") ? Next().Text : "";
                    var n = Next();
                    if (n.Kind != TokenKind.Number) throw new PromQlParseException(n.Position, $"unexpected {n} in @, expected timestamp");
                    if (double.IsNaN(n.Number) || double.IsInfinity(n.Number) || Math.Abs(n.Number) >= 9.223372036854775807e18)
                        throw new PromQlParseException(n.Position, "timestamp out of bounds for @ modifier");
                    at = sign + n.Text;
                }
                SetAt(expr, at, t.Position);
                continue;
            }
            return expr;
        }
    }

    private TimeSpan ExpectDuration(string context)
    {
        var t = Next();
        if (t.Kind != TokenKind.Duration) throw new PromQlParseException(t.Position, $"unexpected {t} in {context}, expected duration");
        return t.Duration;
    }

    private static void SetOffset(PromExpr expr, TimeSpan offset, int position)
    {
        switch (expr)
        {
            case VectorSelector vs:
                if (vs.Offset is not null) throw new PromQlParseException(position, "offset may not be set multiple times");
                vs.Offset = offset;
                break;
            case MatrixSelector ms:
                if (ms.Selector.Offset is not null) throw new PromQlParseException(position, "offset may not be set multiple times");
                ms.Selector.Offset = offset;
                break;
            case SubqueryExpr sq:
                if (sq.Offset is not null) throw new PromQlParseException(position, "offset may not be set multiple times");
                sq.Offset = offset;
                break;
            default:
                throw new PromQlParseException(position, "offset modifier must be preceded by an instant vector selector or range vector selector or a subquery");
        }
    }

    private static void SetAt(PromExpr expr, string at, int position)
    {
        switch (expr)
        {
            case VectorSelector vs:
                if (vs.At is not null) throw new PromQlParseException(position, "@ <timestamp> may not be set multiple times");
                vs.At = at;
                break;
            case MatrixSelector ms:
                if (ms.Selector.At is not null) throw new PromQlParseException(position, "@ <timestamp> may not be set multiple times");
                ms.Selector.At = at;
                break;
            case SubqueryExpr sq:
                if (sq.At is not null) throw new PromQlParseException(position, "@ <timestamp> may not be set multiple times");
                sq.At = at;
                break;
            default:
                throw new PromQlParseException(position, "@ modifier must be preceded by an instant vector selector or range vector selector or a subquery");
        }
    }

    private PromExpr ParsePrimary()
    {
        var t = Peek;
        switch (t.Kind)
        {
            case TokenKind.Number:
                Next();
                return new NumberLiteral(t.Number) { Position = t.Position };
            case TokenKind.String:
                Next();
                return new StringLiteral(t.Text) { Position = t.Position };
            case TokenKind.Duration:
                throw new PromQlParseException(t.Position, $"unexpected {t}");
            case TokenKind.Eof:
                throw new PromQlParseException(t.Position, "unexpected end of input");
            case TokenKind.Operator when t.Text == "(":
                Next();
                if (Peek.Is(")")) throw new PromQlParseException(Peek.Position, "unexpected \")\"");
                var inner = ParseExpression(0);
                Expect(")", "parenthesized expression");
                return new ParenExpr(inner) { Position = t.Position };
            case TokenKind.Operator when t.Text == "{":
                return ParseSelector(null, t.Position);
            case TokenKind.Operator:
                throw new PromQlParseException(t.Position, $"unexpected {t}");
            case TokenKind.MetricIdentifier:
                Next();
                return ParseSelector(t.Text, t.Position);
        }

        // Identifier: aggregation, function call, or metric name.
        var word = t.Text;
        var next = PeekAt(1);
        if (Aggregators.Contains(word) && (next.Is("(") || next.IsKeyword("by") || next.IsKeyword("without")))
            return ParseAggregation();
        if (next.Is("(") && !KeywordMetricNames.Contains(word) && !ReservedKeywords.Contains(word))
            return ParseCall();
        if (ReservedKeywords.Contains(word)) throw new PromQlParseException(t.Position, $"unexpected {t}");
        Next();
        return ParseSelector(word, t.Position);
    }

    private PromExpr ParseCall()
    {
        var nameToken = Next();
        if (!PromFunction.All.TryGetValue(nameToken.Text, out var function))
            throw new PromQlParseException(nameToken.Position, $"unknown function with name \"{nameToken.Text}\"");
        Expect("(", "function call");
        var args = new List<PromExpr>();
        if (!Peek.Is(")"))
        {
            while (true)
            {
                args.Add(ParseExpression(0));
                if (Peek.Is(",")) { Next(); if (Peek.Is(")")) break; continue; }
                break;
            }
        }
        Expect(")", $"call to {function.Name}");
        if (args.Count < function.MinArgs || (function.MaxArgs is { } max && args.Count > max))
        {
            var expected = function.MaxArgs == function.MinArgs ? $"{function.MinArgs}" : $"at least {function.MinArgs}";
            throw new PromQlParseException(nameToken.Position, $"expected {expected} argument(s) in call to \"{function.Name}\", got {args.Count}");
        }
        for (var i = 0; i < args.Count; i++)
        {
            var want = function.ArgType(i);
            if (args[i].Type != want)
                throw new PromQlParseException(args[i].Position,
                    $"expected type {Describe(want)} in call to function \"{function.Name}\", got {Describe(args[i].Type)}");
        }
        return new CallExpr(function, args) { Position = nameToken.Position };
    }

    private PromExpr ParseAggregation()
    {
        var opToken = Next();
        var op = opToken.Text.ToLowerInvariant();
        IReadOnlyList<string>? grouping = null;
        var without = false;
        if (Peek.IsKeyword("by") || Peek.IsKeyword("without"))
        {
            without = Next().IsKeyword("without");
            grouping = ParseLabelList("grouping");
        }
        Expect("(", $"aggregation {op}");
        var args = new List<PromExpr>();
        if (!Peek.Is(")"))
        {
            while (true)
            {
                args.Add(ParseExpression(0));
                if (Peek.Is(",")) { Next(); if (Peek.Is(")")) break; continue; }
                break;
            }
        }
        Expect(")", $"aggregation {op}");
        if (Peek.IsKeyword("by") || Peek.IsKeyword("without"))
        {
            if (grouping is not null) throw new PromQlParseException(Peek.Position, $"unexpected {Peek} after aggregation");
            without = Next().IsKeyword("without");
            grouping = ParseLabelList("grouping");
        }
        var takesParam = op is "topk" or "bottomk" or "quantile" or "count_values";
        var expected = takesParam ? 2 : 1;
        if (args.Count == 0) throw new PromQlParseException(opToken.Position, "no arguments for aggregate expression provided");
        if (args.Count != expected)
            throw new PromQlParseException(opToken.Position, $"wrong number of arguments for aggregate expression provided, expected {expected}, got {args.Count}");
        var expr = args[^1];
        var param = takesParam ? args[0] : null;
        if (expr.Type != PromType.Vector)
            throw new PromQlParseException(expr.Position, $"expected type instant vector in aggregation expression, got {Describe(expr.Type)}");
        if (param is not null)
        {
            var want = op == "count_values" ? PromType.String : PromType.Scalar;
            if (param.Type != want)
                throw new PromQlParseException(param.Position, $"expected type {Describe(want)} in aggregation parameter, got {Describe(param.Type)}");
        }
        return new AggregateExpr(op, expr, param, grouping ?? Array.Empty<string>(), without) { Position = opToken.Position };
    }

    private List<string> ParseLabelList(string context)
    {
        Expect("(", context);
        var labels = new List<string>();
        while (!Peek.Is(")"))
        {
            var t = Next();
            if (t.Kind != TokenKind.Identifier)
                throw new PromQlParseException(t.Position, $"unexpected {t} in {context}, expected label");
            labels.Add(t.Text);
            if (Peek.Is(",")) { Next(); continue; }
            if (!Peek.Is(")")) throw new PromQlParseException(Peek.Position, $"unexpected {Peek} in {context}, expected \",\" or \")\"");
        }
        Next();
        return labels;
    }

    private VectorSelector ParseSelector(string? name, int position)
    {
        var matchers = new List<LabelMatcher>();
        if (Peek.Is("{"))
        {
            Next();
            while (!Peek.Is("}"))
            {
                var label = Next();
                if (label.Kind != TokenKind.Identifier)
                    throw new PromQlParseException(label.Position, $"unexpected {label} in label matching, expected label");
                var opToken = Next();
                var op = opToken.Text switch
                {
                    "=" => MatchOp.Equal, "!=" => MatchOp.NotEqual, "=~" => MatchOp.Regex, "!~" => MatchOp.NotRegex,
                    _ => throw new PromQlParseException(opToken.Position, $"unexpected {opToken} in label matching, expected label matching operator"),
                };
                var value = Next();
                if (value.Kind != TokenKind.String)
                    throw new PromQlParseException(value.Position, $"unexpected {value} in label matching, expected string");
                if (op is MatchOp.Regex or MatchOp.NotRegex) ValidateRegex(value.Text, value.Position);
                matchers.Add(new LabelMatcher(label.Text, op, value.Text));
                if (Peek.Is(",")) { Next(); continue; }
                if (!Peek.Is("}")) throw new PromQlParseException(Peek.Position, $"unexpected {Peek} in label matching, expected \",\" or \"}}\"");
            }
            Next();
        }
        if (name is not null && matchers.Any(m => m.Name == "__name__"))
            throw new PromQlParseException(position, $"metric name must not be set twice: \"{name}\" or \"{matchers.First(m => m.Name == "__name__").Value}\"");
        if (name is null && matchers.All(MatchesEmpty))
            throw new PromQlParseException(position, "vector selector must contain at least one non-empty matcher");
        return new VectorSelector(name, matchers) { Position = position };
    }

    private static bool MatchesEmpty(LabelMatcher m) => m.Op switch
    {
        MatchOp.Equal => m.Value.Length == 0,
        MatchOp.NotEqual => m.Value.Length != 0,
        MatchOp.Regex => SafeIsMatch(m.Value, ""),
        _ => !SafeIsMatch(m.Value, ""),
    };

    private static bool SafeIsMatch(string pattern, string input)
    {
        try { return Regex.IsMatch(input, "^(?:" + pattern + ")$", RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(200)); }
        catch (ArgumentException) { return false; }
        catch (RegexMatchTimeoutException) { return false; }
    }

    /// <summary>Rejects what RE2 (Go) rejects and .NET would accept: lookarounds, backreferences, possessive/atomic groups.</summary>
    private static void ValidateRegex(string pattern, int position)
    {
        if (Regex.IsMatch(pattern, @"\(\?(<?[=!]|>)|\\[1-9]|\\k<|[*+?}]\+"))
            throw new PromQlParseException(position, $"invalid regular expression \"{pattern}\" (RE2 syntax has no lookarounds or backreferences)");
        try { _ = new Regex("^(?:" + pattern + ")$", RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(200)); }
        catch (ArgumentException ex) { throw new PromQlParseException(position, $"invalid regular expression \"{pattern}\": {ex.Message}"); }
    }

    private static string Describe(PromType t) => t switch
    {
        PromType.Scalar => "scalar", PromType.Vector => "instant vector", PromType.Matrix => "range vector", _ => "string",
    };
}
