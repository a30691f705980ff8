namespace Readiness.Core.Checks.PrometheusRules.PromQl;

/// <summary>The value types PromQL type-checks with.</summary>
public enum PromType { Scalar, Vector, Matrix, String }

public abstract record PromExpr
{
    public abstract PromType Type { get; }
    public int Position { get; init; }

    /// <summary>This node and every node below it, depth first.</summary>
    public IEnumerable<PromExpr> Descendants()
    {
        yield return this;
        foreach (var child in Children())
            foreach (var d in child.Descendants()) yield return d;
    }

    protected virtual IEnumerable<PromExpr> Children() => Array.Empty<PromExpr>();
}

public sealed record NumberLiteral(double Value) : PromExpr
{
    public override PromType Type => PromType.Scalar;
}

public sealed record StringLiteral(string Value) : PromExpr
{
    public override PromType Type => PromType.String;
}

public enum MatchOp { Equal, NotEqual, Regex, NotRegex }

public sealed record LabelMatcher(string Name, MatchOp Op, string Value);

public sealed record VectorSelector(string? Name, IReadOnlyList<LabelMatcher> Matchers) : PromExpr
{
    public TimeSpan? Offset { get; set; }
    public string? At { get; set; }
    public override PromType Type => PromType.Vector;

    /// <summary>The metric name, from the name or a __name__="..." matcher.</summary>
    public string? MetricName => Name ?? Matchers.FirstOrDefault(m => m.Name == "__name__" && m.Op == MatchOp.Equal)?.Value;
}

public sealed record MatrixSelector(VectorSelector Selector, TimeSpan Range) : PromExpr
{
    public override PromType Type => PromType.Matrix;
    protected override IEnumerable<PromExpr> Children() => new PromExpr[] { Selector };
}

public sealed record SubqueryExpr(PromExpr Expr, TimeSpan Range, TimeSpan? Step) : PromExpr
{
    public TimeSpan? Offset { get; set; }
    public string? At { get; set; }
    public override PromType Type => PromType.Matrix;
    protected override IEnumerable<PromExpr> Children() => new[] { Expr };
}

public sealed record ParenExpr(PromExpr Expr) : PromExpr
{
    public override PromType Type => Expr.Type;
    protected override IEnumerable<PromExpr> Children() => new[] { Expr };
}

public sealed record UnaryExpr(char Op, PromExpr Expr) : PromExpr
{
    public override PromType Type => Expr.Type;
    protected override IEnumerable<PromExpr> Children() => new[] { Expr };
}

public sealed record CallExpr(PromFunction Function, IReadOnlyList<PromExpr> Args) : PromExpr
{
    public override PromType Type => Function.Returns;
    protected override IEnumerable<PromExpr> Children() => Args;
}

public sealed record AggregateExpr(string Op, PromExpr Expr, PromExpr? Param, IReadOnlyList<string> Grouping, bool Without) : PromExpr
{
    public override PromType Type => PromType.Vector;
    protected override IEnumerable<PromExpr> Children() => Param is null ? new[] { Expr } : new[] { Param, Expr };
}

public sealed record VectorMatching(bool On, IReadOnlyList<string> Labels, string? Group, IReadOnlyList<string> Include);

public sealed record BinaryExpr(string Op, PromExpr Lhs, PromExpr Rhs, bool ReturnBool, VectorMatching? Matching) : PromExpr
{
    public override PromType Type => Lhs.Type == PromType.Scalar && Rhs.Type == PromType.Scalar ? PromType.Scalar : PromType.Vector;
    protected override IEnumerable<PromExpr> Children() => new[] { Lhs, Rhs };

    public bool IsComparison => Op is "==" or "!=" or ">" or "<" or ">=" or "<=";
    public bool IsSetOperator => Op is "and" or "or" or "unless";
}

/// <summary>A PromQL syntax or type error, at a 0-based character position of the expression.</summary>
public sealed class PromQlParseException(int position, string reason) : Exception($"{reason} (at character {position + 1})")
{
    public int Position { get; } = position;
    public string Reason { get; } = reason;
}
