using Readiness.Core.Checks.Webhook;
using Readiness.Core.Tests.Fixtures;

namespace Readiness.Core.Tests.Checks.Webhook;

/// <summary>
/// A receiver on Python's http.server (Debian's python3): HTTP/1.0, one connection per request, closed after each
/// answer. Against it, connections intermittently ended without an answer ("response ended prematurely") until the
/// prober retried such deliveries; several runs in a row must all pass.
/// </summary>
public sealed class PythonReceiverTests : IDisposable
{
    private const string Secret = "python-receiver-secret-3Kd8Wq1Zr6Ty";
    private readonly string _dir = TempFolder.Create();

    public void Dispose() => TempFolder.Delete(_dir);

    private const string Receiver = """
        import hmac, hashlib, sys, time
        from http.server import BaseHTTPRequestHandler, HTTPServer
        SECRET = sys.argv[2].encode()
        seen = set()
        class Receiver(BaseHTTPRequestHandler):
            def log_message(self, *args): pass
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get('Content-Length', 0)))
                given = self.headers.get('X-Hub-Signature-256') or ''
                expected = 'sha256=' + hmac.new(SECRET, body, hashlib.sha256).hexdigest()
                stamp = self.headers.get('X-Diffver-Timestamp') or ''
                delivery = self.headers.get('X-GitHub-Delivery')
                if not hmac.compare_digest(given, expected): code = 401
                elif not stamp.isdigit() or abs(time.time() - int(stamp)) > 300: code = 400
                elif delivery in seen: code = 409
                else: seen.add(delivery); code = 200
                self.send_response(code)
                self.send_header('Content-Length', '0')
                self.end_headers()
        HTTPServer(('127.0.0.1', int(sys.argv[1])), Receiver).serve_forever()
        """;

    [Fact]
    public async Task A_correct_receiver_on_python_http_server_passes_every_probe_run_after_run()
    {
        var python = Tools.Find("python3") ?? throw new InvalidOperationException("python3 is not installed (apt-get install python3).");
        var script = Path.Combine(_dir, "receiver.py");
        File.WriteAllText(script, Receiver);
        var port = FreePort.Next();
        await using var server = ServerProcess.Start(python, new[] { script, port.ToString(), Secret });
        await FreePort.WaitUntilListeningAsync(port, TimeSpan.FromSeconds(15), () => server.Output);

        for (var run = 1; run <= 12; run++)
        {
            var results = await WebhookRuns.RunAsync($"http://127.0.0.1:{port}/hook", WebhookRuns.Scheme("github", ("timestampHeader", "X-Diffver-Timestamp")), Secret,
                requestTimeout: TimeSpan.FromSeconds(5));
            Assert.True(CheckStatusRules.Quiet(results), $"run {run}: " + string.Join("\n", results.Where(r => r.Status != CheckStatus.Passed)));
        }
    }
}
