using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Xunit;

namespace Readiness.Cli.Tests;

/// <summary>`readiness webhook-sign` and `readiness webhook-test`: exit codes, output, and the secret kept out of both streams.</summary>
public sealed class WebhookCommandTests : IDisposable
{
    private const string Secret = "cli-webhook-secret-8Hs3Kq6Vn1Zp";
    private readonly string _variable = "READINESS_CLI_HOOK_" + Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "readiness-cli-" + Guid.NewGuid().ToString("N")[..10]);

    public WebhookCommandTests()
    {
        Directory.CreateDirectory(_dir);
        // The child process inherits the test process's environment; the name is unique to this test instance.
        Environment.SetEnvironmentVariable(_variable, Secret);
    }

    public void Dispose()
    {
        Environment.SetEnvironmentVariable(_variable, null);
        Directory.Delete(_dir, true);
    }

    [Fact]
    public void Sign_prints_the_headers_of_GitHubs_documented_example()
    {
        Environment.SetEnvironmentVariable(_variable, "It's a Secret to Everybody");
        var run = CliRunner.Invoke(_dir, "webhook-sign", "--secret-env", _variable, "--payload", "Hello, World!", "--id", "d1");
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("X-Hub-Signature-256: sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17", run.Out);
        Assert.Contains("X-GitHub-Delivery: d1", run.Out);
    }

    [Fact]
    public void Sign_as_json_prints_the_signature_object_with_names_as_declared_and_default_escaping()
    {
        var run = CliRunner.Invoke(_dir, "webhook-sign", "--scheme", "stripe", "--secret-env", _variable, "--payload", "{\"note\":\"café <b>\"}",
            "--id", "msg_1", "--timestamp", "1700000000", "--json");
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("\"SignatureHeader\": \"Stripe-Signature\"", run.Out);
        Assert.Contains("\"Timestamp\": \"2023-11-14T22:13:20+00:00\"", run.Out);
        Assert.Contains("caf\\u00E9 \\u003Cb\\u003E", run.Out);
        // What the reflection serializer wrote before source generation, read back and written again the same way.
        var reflection = new JsonSerializerOptions { WriteIndented = true, TypeInfoResolver = new DefaultJsonTypeInfoResolver() };
        var signature = JsonSerializer.Deserialize<WebhookSignature>(run.Out, reflection)!;
        Assert.Equal(JsonSerializer.Serialize(signature, reflection) + Environment.NewLine, run.Out);
        Assert.DoesNotContain(Secret, run.Out);
    }

    [Fact]
    public void Test_without_the_secret_variable_exits_2_naming_it()
    {
        var run = CliRunner.Invoke(_dir, "webhook-test", "http://127.0.0.1:1/hook", "--secret-env", _variable + "_MISSING");
        Assert.Equal(2, run.ExitCode);
        Assert.Contains($"{_variable}_MISSING holding the webhook secret is not set", run.Err);
    }

    [Fact]
    public async Task Test_exits_0_for_a_correct_receiver_and_1_for_one_without_a_replay_cache()
    {
        await using var correct = GitHubReceiver.Start(replayCache: true);
        var good = CliRunner.Invoke(_dir, "webhook-test", correct.Url, "--secret-env", _variable, "--format", "json");
        Assert.Equal(0, good.ExitCode);
        Assert.Contains("\"id\": \"webhook.replay\"", good.Out);
        Assert.DoesNotContain(Secret, good.Out + good.Err);

        await using var flawed = GitHubReceiver.Start(replayCache: false);
        var bad = CliRunner.Invoke(_dir, "webhook-test", flawed.Url, "--secret-env", _variable);
        Assert.Equal(1, bad.ExitCode);
        Assert.Contains("no replay cache", bad.Out);
        Assert.DoesNotContain(Secret, bad.Out + bad.Err);
    }

    /// <summary>A GitHub-scheme receiver on 127.0.0.1 (HttpListener): HMAC over the raw body, optional delivery-id dedup.</summary>
    private sealed class GitHubReceiver : IAsyncDisposable
    {
        private readonly HttpListener _listener;
        private readonly Task _loop;
        private readonly HashSet<string> _seen = new();

        private GitHubReceiver(HttpListener listener, string url, bool replayCache)
        {
            _listener = listener;
            Url = url;
            _loop = Task.Run(() => Serve(replayCache));
        }

        public string Url { get; }

        public static GitHubReceiver Start(bool replayCache)
        {
            for (var attempt = 1; ; attempt++)
            {
                using var probe = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
                probe.Start();
                var port = ((IPEndPoint)probe.LocalEndpoint).Port;
                probe.Stop();
                var listener = new HttpListener();
                listener.Prefixes.Add($"http://127.0.0.1:{port}/");
                try { listener.Start(); return new GitHubReceiver(listener, $"http://127.0.0.1:{port}/hook", replayCache); }
                catch (HttpListenerException) when (attempt < 5) { listener.Close(); }
            }
        }

        private async Task Serve(bool replayCache)
        {
            var key = Encoding.UTF8.GetBytes(Secret);
            while (_listener.IsListening)
            {
                HttpListenerContext context;
                try { context = await _listener.GetContextAsync(); }
                catch (Exception) { return; }
                using var body = new MemoryStream();
                await context.Request.InputStream.CopyToAsync(body);
                var expected = "sha256=" + Convert.ToHexString(HMACSHA256.HashData(key, body.ToArray())).ToLowerInvariant();
                var given = context.Request.Headers["X-Hub-Signature-256"] ?? "";
                var id = context.Request.Headers["X-GitHub-Delivery"] ?? "";
                var valid = CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(given), Encoding.ASCII.GetBytes(expected));
                context.Response.StatusCode = !valid ? 401 : replayCache && !_seen.Add(id) ? 409 : 200;
                context.Response.Close();
            }
        }

        public async ValueTask DisposeAsync()
        {
            // Close alone: Stop first drops the port's endpoint, and Close then binds the port again to remove the
            // prefix, which fails with "Address already in use" when another test took the port meanwhile.
            _listener.Close();
            await _loop.WaitAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(false);
        }
    }
}
