using Readiness.Core.Checks.Load;

namespace Readiness.Core.Tests.Checks.Load;

public sealed class RequestTemplateTests
{
    [Fact]
    public void The_counter_goes_into_path_and_body_and_the_content_length_follows_it()
    {
        var t = new RequestTemplate(new Uri("http://127.0.0.1:8080/login?u={{n}}"), "post",
            new Dictionary<string, string> { ["Content-Type"] = "application/json" }, "{\"user\":\"u{{n}}\",\"password\":\"p\"}");
        var buffer = new byte[t.MaxLength];
        var text = System.Text.Encoding.UTF8.GetString(buffer, 0, t.Write(buffer, 12345));
        Assert.StartsWith("POST /login?u=12345 HTTP/1.1\r\nHost: 127.0.0.1:8080\r\n", text);
        Assert.Contains("Content-Type: application/json\r\n", text);
        Assert.EndsWith("Content-Length: 32\r\n\r\n{\"user\":\"u12345\",\"password\":\"p\"}", text);
        Assert.True(t.HasCounter);
    }

    [Fact]
    public void A_header_with_a_line_break_is_refused()
    {
        Assert.Throws<ArgumentException>(() => new RequestTemplate(new Uri("http://127.0.0.1/"), "GET",
            new Dictionary<string, string> { ["X"] = "a\r\nEvil: 1" }, null));
    }
}
